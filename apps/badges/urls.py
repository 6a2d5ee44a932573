from django.urls import path

from apps.badges import views

app_name = "badges"

urlpatterns = [
    path("achievements/", views.achievements, name="achievements"),
    path("badges/", views.index, name="index"),
    path("badges/<slug:slug>/", views.detail, name="detail"),
]
