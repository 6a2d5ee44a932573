"""Errors that domain services raise with a message meant for the person who acted.

Views let them pass: `apps.core.refusals.RefusalMiddleware` answers them (message and status).
"""


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
