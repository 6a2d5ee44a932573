"""The site's URLs plus `/bench/minimal/`, for `make bench` only (see config/bench_settings.py)."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns


def minimal(request) -> HttpResponse:
    """The ceiling: a view that does nothing, behind every middleware the site has."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


urlpatterns = [path("bench/minimal/", minimal, name="bench_minimal"), *site_urlpatterns]
