"""The API's URLs: ninja's, with every answer outside an operation in the JSON error shape
too (an unknown `/api/…` address, a method an operation does not take)."""

import json
from functools import wraps

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, re_path
from django.utils.translation import gettext as _

from apps.api.api import api
from apps.api.errors import CODES


def _json_error(status: int, message: str) -> HttpResponse:
    body = {"code": CODES[status], "message": message, "errors": {}}
    return HttpResponse(
        json.dumps(body, ensure_ascii=False), status=status, content_type="application/json"
    )


def _methods_in_json(view):
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith(
            "application/json"
        ):
            allowed = response.get("Allow", "")
            response = _json_error(405, _("This address takes only %s.") % allowed)
            response["Allow"] = allowed
        return response

    return wrapped


def api_not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    return _json_error(404, _("No such API address."))


def _patterns() -> list:
    patterns, app_name, namespace = api.urls
    wrapped = []
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = _methods_in_json(pattern.callback)
        wrapped.append(pattern)
    wrapped.append(re_path(r"^(?P<rest>.*)$", api_not_found, name="not_found"))
    return wrapped, app_name, namespace


urls = _patterns()
