"""One JSON shape for every error the API answers:

    {"code": "not_found", "message": "…", "errors": {"field": ["…", …]}}

`code` is stable (for programs), `message` is for people (translated like the site's), and
`errors` holds the field errors of a 400 (empty otherwise).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django_ratelimit.exceptions import Ratelimited
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from apps.core.errors import ERROR_CODES, ActionRefused


def error_response(
    api: NinjaAPI,
    request: HttpRequest,
    status: int,
    message: str,
    *,
    errors: dict[str, list[str]] | None = None,
    code: str | None = None,
) -> HttpResponse:
    body = {
        "code": code or ERROR_CODES.get(status, "error"),
        "message": message,
        "errors": errors or {},
    }
    return api.create_response(request, body, status=status)


def _field(location: tuple) -> str:
    """A pydantic error's location (`("query", "page_size")`) as the field's name."""
    parts = [str(part) for part in location if part not in ("query", "path", "body", "header")]
    return ".".join(parts) or "__all__"


def errors_register(api: NinjaAPI) -> None:
    def invalid(request, exc: ValidationError):
        errors: dict[str, list[str]] = {}
        for error in exc.errors:
            errors.setdefault(_field(tuple(error.get("loc", ()))), []).append(error.get("msg", ""))
        return error_response(
            api, request, 400, _("Some values are not valid."), errors=errors, code="invalid"
        )

    def not_found(request, exc: Http404):
        return error_response(api, request, 404, _("Not found."))

    def refused(request, exc: ActionRefused):
        # A form's refusal (apps.api.writes) names each field's messages too.
        return error_response(
            api, request, exc.status, exc.message, errors=getattr(exc, "errors", None)
        )

    def denied(request, exc: PermissionDenied):
        return error_response(api, request, 403, str(exc) or _("You may not do that."))

    def unauthenticated(request, exc: AuthenticationError):
        return error_response(api, request, 401, _("Sign in or send a valid token."))

    def rate_limited(request, exc: Ratelimited):
        return error_response(api, request, 429, _("Too many requests; try again later."))

    def http_error(request, exc: HttpError):
        return error_response(api, request, exc.status_code, str(exc.message))

    api.add_exception_handler(ValidationError, invalid)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(ActionRefused, refused)
    api.add_exception_handler(Ratelimited, rate_limited)  # a PermissionDenied: before it
    api.add_exception_handler(PermissionDenied, denied)
    api.add_exception_handler(AuthenticationError, unauthenticated)
    api.add_exception_handler(HttpError, http_error)
