from django.urls import path

from apps.trust import views

app_name = "trust"

urlpatterns = [
    path("help/privileges/", views.privileges, name="privileges"),
]
