from django.urls import path

from apps.masterclass.views import about_masterclass

urlpatterns = [
    path("about/masterclass/", about_masterclass, name="about_masterclass"),
]
