"""Errors that domain services raise with a message meant for the person who acted.

Views let them pass: `apps.core.refusals.RefusalMiddleware` answers them (message and status).
Under `/api/` every error is the API's one JSON shape (`json_error`), including those sent
before a view runs (middleware) and by the error handlers.
"""

import json

from django.http import HttpRequest, HttpResponse

API_PREFIX = "/api/"  # where config.urls mounts the JSON API
ERROR_CODES = {
    400: "invalid",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    429: "rate_limited",
    500: "server_error",
    503: "unavailable",
}


def is_api_request(request: HttpRequest | None) -> bool:
    return request is not None and request.path.startswith(API_PREFIX)


def json_error(
    status: int,
    message: str,
    *,
    errors: dict[str, list[str]] | None = None,
    code: str | None = None,
) -> HttpResponse:
    """The API's error: `{"code", "message", "errors"}` (field errors of a 400, else empty)."""
    body = {"code": code or ERROR_CODES.get(status, "error"), "message": message}
    body["errors"] = errors or {}
    return HttpResponse(
        json.dumps(body, ensure_ascii=False), status=status, content_type="application/json"
    )


class ActionRefused(Exception):
    """The request is well-formed but the rules do not allow it (shown as 403)."""

    status = 403

    def __init__(self, message: str, *, status: int | None = None):
        super().__init__(message)
        self.message = message
        if status is not None:  # e.g. 404 when the thing acted on does not exist
            self.status = status


class InvalidAction(ActionRefused):
    """The request itself is malformed (shown as 400)."""

    status = 400


class Conflict(ActionRefused):
    """The request was made against a state that has changed since (shown as 409)."""

    status = 409
