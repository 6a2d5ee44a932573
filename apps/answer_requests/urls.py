from django.urls import path

from apps.answer_requests import views

app_name = "answer_requests"

urlpatterns = [
    path("questions/ask/people/", views.ask_people, name="ask_people"),
    path("questions/<id:pk>/request/", views.request_answer, name="request"),
    path("questions/<id:pk>/request/decline/", views.decline, name="decline"),
]
