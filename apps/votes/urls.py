from django.urls import path

from apps.votes import views

app_name = "votes"

urlpatterns = [
    path("questions/<id:pk>/vote/", views.vote, {"kind": "question"}, name="question"),
    path("answers/<id:pk>/vote/", views.vote, {"kind": "answer"}, name="answer"),
]
