from django.urls import path

from apps.answers import views

app_name = "answers"

urlpatterns = [
    path("questions/<int:pk>/answer/", views.answer, name="create"),
    path("answers/<int:pk>/", views.permalink, name="permalink"),
    path("answers/<int:pk>/edit/", views.edit, name="edit"),
    path("answers/<int:pk>/accept/", views.accept, name="accept"),
]
