"""Errors that domain services raise with a message meant for the person who acted."""


class ActionRefused(Exception):
    """The request is well-formed but the rules do not allow it (shown as 403)."""

    status = 403

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class InvalidAction(ActionRefused):
    """The request itself is malformed (shown as 400)."""

    status = 400
