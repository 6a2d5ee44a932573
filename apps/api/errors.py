"""One JSON shape for every error the API answers:

    {"code": "not_found", "message": "…", "errors": {"field": ["…", …]}}

`code` is stable (for programs), `message` is for people (translated like the site's), and
`errors` holds the field errors of a 400 (empty otherwise). The shape is built by
`apps.core.errors.json_error`, which the middleware and error handlers use for `/api/` too.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from django_ratelimit.exceptions import Ratelimited
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from apps.core.errors import ActionRefused, json_error


def _field(location: tuple) -> str:
    """A pydantic error's location (`("query", "page_size")`) as the field's name."""
    parts = [str(part) for part in location if part not in ("query", "path", "body", "header")]
    return ".".join(parts) or "__all__"


def errors_register(api: NinjaAPI) -> None:
    def invalid(request, exc: ValidationError):
        errors: dict[str, list[str]] = {}
        for error in exc.errors:
            errors.setdefault(_field(tuple(error.get("loc", ()))), []).append(error.get("msg", ""))
        return json_error(400, _("Some values are not valid."), errors=errors, code="invalid")

    def not_found(request, exc: Http404):
        return json_error(404, _("Not found."))

    def refused(request, exc: ActionRefused):
        # A form's refusal (apps.api.writes) names each field's messages too.
        return json_error(exc.status, exc.message, errors=getattr(exc, "errors", None))

    def denied(request, exc: PermissionDenied):
        return json_error(403, str(exc) or _("You may not do that."))

    def unauthenticated(request, exc: AuthenticationError):
        return json_error(401, _("Sign in or send a valid token."))

    def rate_limited(request, exc: Ratelimited):
        return json_error(429, _("Too many requests; try again later."))

    def http_error(request, exc: HttpError):
        return json_error(exc.status_code, str(exc.message))

    api.add_exception_handler(ValidationError, invalid)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(ActionRefused, refused)
    api.add_exception_handler(Ratelimited, rate_limited)  # a PermissionDenied: before it
    api.add_exception_handler(PermissionDenied, denied)
    api.add_exception_handler(AuthenticationError, unauthenticated)
    api.add_exception_handler(HttpError, http_error)
