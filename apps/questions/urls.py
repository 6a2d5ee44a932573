from django.urls import path

from apps.questions import views

app_name = "questions"

urlpatterns = [
    path("", views.question_list, name="list"),
    path("questions/ask/", views.ask, name="ask"),
    path("questions/<int:pk>/", views.detail, name="detail_short"),
    path("questions/<int:pk>/edit/", views.edit, name="edit"),
    path("questions/<int:pk>/<str:slug>/", views.detail, name="detail"),
]
