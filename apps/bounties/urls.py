from django.urls import path

from apps.bounties import views

app_name = "bounties"

urlpatterns = [
    path("questions/<id:pk>/bounty/", views.offer, name="offer"),
    path("answers/<id:pk>/award/", views.award, name="award"),
]
