from django.urls import path

from apps.cards import views

app_name = "cards"

urlpatterns = [
    path("tags/<str:slug>/deck/", views.deck, name="deck"),
    path("review/", views.review, name="review"),
    path("review/<str:slug>/", views.grade, name="grade"),
]
