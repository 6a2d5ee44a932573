from django.urls import path

from apps.papers import views

app_name = "papers"

urlpatterns = [
    path("papers/", views.index, name="index"),
]
