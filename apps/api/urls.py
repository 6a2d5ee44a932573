"""The API's URLs: ninja's, with every answer outside an operation in the JSON error shape
too (an unknown `/api/…` address, a method an operation does not take), and messages in the
caller's language: a program has no language menu, so its `Accept-Language` is followed
(the site only offers it to browsers, apps.core.language), unless the language cookie says
otherwise."""

from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, re_path
from django.utils import translation
from django.utils.translation import gettext as _

from apps.api import me, writes  # noqa: F401  (their operations join the API before its URLs are made)
from apps.api.api import api
from apps.core.errors import json_error


def _callers_language(request: HttpRequest) -> None:
    if request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME):
        return  # chosen on the site (KoreanFirstLocaleMiddleware has it active)
    translation.activate(translation.get_language_from_request(request))
    request.LANGUAGE_CODE = translation.get_language()


def _api_view(view):
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs):
        _callers_language(request)
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith(
            "application/json"
        ):
            allowed = response.get("Allow", "")
            response = json_error(405, _("This address takes only %s.") % allowed)
            response["Allow"] = allowed
        return response

    return wrapped


def api_not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    _callers_language(request)
    return json_error(404, _("No such API address."))


def _patterns() -> list:
    patterns, app_name, namespace = api.urls
    wrapped = []
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = _api_view(pattern.callback)
        wrapped.append(pattern)
    # Addresses ending in a slash: one without is first sent to it (APPEND_SLASH), so
    # `/api/v1/questions` still finds the list.
    wrapped.append(re_path(r"^(?P<rest>(?:.*/)?)$", api_not_found, name="not_found"))
    return wrapped, app_name, namespace


urls = _patterns()
