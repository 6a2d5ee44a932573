from django.urls import path

from apps.examples import views

app_name = "examples"

urlpatterns = [
    path("answers/<id:pk>/example/", views.toggle, name="toggle"),
]
