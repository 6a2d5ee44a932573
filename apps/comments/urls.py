from django.urls import path

from apps.comments import views

app_name = "comments"

urlpatterns = [
    path("questions/<id:pk>/comments/", views.post_comments, {"kind": "question"}, name="question"),
    path("answers/<id:pk>/comments/", views.post_comments, {"kind": "answer"}, name="answer"),
    path("comments/<id:pk>/edit/", views.edit, name="edit"),
    path("comments/<id:pk>/vote/", views.vote, name="vote"),
]
