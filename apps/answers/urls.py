from django.urls import path

from apps.answers import views

app_name = "answers"

urlpatterns = [
    path("questions/<id:pk>/answer/", views.answer, name="create"),
    path("answers/<id:pk>/", views.permalink, name="permalink"),
    path("answers/<id:pk>/edit/", views.edit, name="edit"),
    path("answers/<id:pk>/revisions/", views.revisions, name="revisions"),
    path("answers/<id:pk>/accept/", views.accept, name="accept"),
]
