from django.urls import path

from apps.notifications import views

app_name = "notifications"

urlpatterns = [
    path("notifications/", views.inbox, name="inbox"),
    path("notifications/read/", views.read_all, name="read_all"),
    path("notifications/<id:pk>/read/", views.read_one, name="read_one"),
]
