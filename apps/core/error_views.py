"""The 400, 403, 404 and 500 pages (config/urls.py's handlers), safe to render whatever broke.

Django's own error views are wrapped in `requires_csrf_token`, which runs the CSRF check once
more and so reads the request body again. When reading the body is what failed (a form body
declared in a charset Django refuses raises on every read), the error view raised too and the
WSGI server's bare 500 went out instead of any page. These render the same templates and touch
neither the body nor the CSRF check (a template's `{% csrf_token %}` still gets the visitor's
token from the cookie). 400, 403 and 404 render with the request, so the header shows who is
logged in; the 500 page is standalone and rendered without it: the database may be what broke.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
    HttpResponseNotFound,
    HttpResponseServerError,
)
from django.template import TemplateDoesNotExist, loader
from django.utils import translation
from django.utils.translation import gettext as _

from apps.core.errors import is_api_request, json_error

RETRY_AFTER_SECONDS = 30


def _render(
    request: HttpRequest | None, template_name: str, response_class: type[HttpResponse]
) -> HttpResponse:
    try:
        body = loader.render_to_string(template_name, request=request)
    except TemplateDoesNotExist:
        body = f"<h1>{response_class.status_code}</h1>"
    return response_class(body)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api_request(request):
        return json_error(400, _("The request could not be read."))
    return _render(request, "400.html", HttpResponseBadRequest)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api_request(request):
        return json_error(403, _("You may not do that."))
    return _render(request, "403.html", HttpResponseForbidden)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api_request(request):
        return json_error(404, _("Not found."))
    return _render(request, "404.html", HttpResponseNotFound)


def server_error(request: HttpRequest) -> HttpResponse:
    """A database that cannot be reached is a 503 to retry, not our bug; anything else is the
    standalone 500 page."""
    error = sys.exc_info()[1]
    unavailable = isinstance(error, OperationalError | InterfaceError)
    if is_api_request(request):
        with translation.override(translation.get_language_from_request(request)):
            if unavailable:
                response = json_error(503, _("The database cannot be reached; try again soon."))
                response["Retry-After"] = str(RETRY_AFTER_SECONDS)
                return response
            return json_error(500, _("Something went wrong on our side."))
    if unavailable:
        language = translation.get_language_from_request(request)
        with translation.override(language):
            html = loader.render_to_string(
                "core/plain_error.html",
                {
                    "title": _("Gachi is briefly unavailable"),
                    "message": _(
                        "We cannot reach our database right now. Please try again in a minute:"
                        " nothing you sent was lost or half-saved."
                    ),
                    "language": language,
                },
            )
        return HttpResponse(html, status=503, headers={"Retry-After": str(RETRY_AFTER_SECONDS)})
    return _render(None, "500.html", HttpResponseServerError)
