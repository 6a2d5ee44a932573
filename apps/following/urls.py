from django.urls import path

from apps.following import views

app_name = "following"

urlpatterns = [
    path("tags/<str:slug>/follow/", views.follow_concept, name="concept"),
    path("questions/<id:pk>/follow/", views.follow_question, name="question"),
]
