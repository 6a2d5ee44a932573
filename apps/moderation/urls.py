from django.urls import path

from apps.moderation import views

app_name = "moderation"

urlpatterns = [
    path("questions/<id:pk>/flag/", views.flag, {"kind": "question"}, name="question_flag"),
    path("answers/<id:pk>/flag/", views.flag, {"kind": "answer"}, name="answer_flag"),
    path("comments/<id:pk>/flag/", views.flag, {"kind": "comment"}, name="comment_flag"),
    path("questions/<id:pk>/delete/", views.delete, {"kind": "question"}, name="question_delete"),
    path("answers/<id:pk>/delete/", views.delete, {"kind": "answer"}, name="answer_delete"),
    path("comments/<id:pk>/delete/", views.delete, {"kind": "comment"}, name="comment_delete"),
    path(
        "questions/<id:pk>/restore/", views.restore, {"kind": "question"}, name="question_restore"
    ),
    path("answers/<id:pk>/restore/", views.restore, {"kind": "answer"}, name="answer_restore"),
    path("comments/<id:pk>/restore/", views.restore, {"kind": "comment"}, name="comment_restore"),
    path("questions/<id:pk>/close/", views.close, name="close"),
    path("questions/<id:pk>/reopen/", views.reopen, name="reopen"),
    path("moderation/", views.queue, name="queue"),
    path("moderation/review/", views.review, name="review"),
    path("moderation/log/", views.log, name="log"),
]
