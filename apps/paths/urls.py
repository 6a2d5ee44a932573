from django.urls import path

from apps.paths import views

app_name = "paths"

urlpatterns = [
    path("paths/", views.index, name="index"),
    path("paths/<slug:slug>/", views.detail, name="detail"),
    path("paths/<slug:slug>/deck/", views.deck, name="deck"),
    path("tags/<str:slug>/learned/", views.learned, name="learned"),
]
