"""Responses shared by every app's views, and robots.txt."""

from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


def login_prompt(request, next_url: str) -> HttpResponse:
    """Send an anonymous person to log in, then back to the page they were on."""
    response = redirect_to_login(next_url)
    if request.htmx:
        # htmx follows redirects inside the XHR; ask it to navigate the whole page instead.
        return HttpResponse(status=204, headers={"HX-Redirect": response["Location"]})
    return response


def safe_next(request) -> str | None:
    """The `next` address the form (or the link) carries, when it stays on this site."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


def robots_txt(request) -> HttpResponse:
    """What crawlers may visit, and the sitemap's absolute URL on the host they asked."""
    sitemap_url = request.build_absolute_uri(reverse("sitemap"))
    return render(
        request,
        "robots.txt",
        {"sitemap_url": sitemap_url},
        content_type="text/plain; charset=utf-8",
    )
