"""The editor endpoints, under the URL names django-markdownx's widget reverses (no namespace)."""

from django.urls import path

from apps.markup import views

urlpatterns = [
    path("markdownify/", views.markdownify, name="markdownx_markdownify"),
    path("upload/", views.upload, name="markdownx_upload"),
]
