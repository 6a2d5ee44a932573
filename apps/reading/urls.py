from django.urls import path

from apps.reading import views

app_name = "reading"

urlpatterns = [
    path("read/", views.index, name="index"),
    path("read/<str:number>/", views.section, name="section"),
]
