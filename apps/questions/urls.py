from django.urls import path

from apps.questions import views

app_name = "questions"

urlpatterns = [
    path("", views.question_list, name="list"),
    path("questions/ask/", views.ask, name="ask"),
    path("questions/<id:pk>/", views.detail, name="detail_short"),
    path("questions/<id:pk>/edit/", views.edit, name="edit"),
    path("questions/<id:pk>/revisions/", views.revisions, name="revisions"),
    path("questions/<id:pk>/<str:slug>/", views.detail, name="detail"),
]
