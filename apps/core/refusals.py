"""The one place a refused action becomes a response.

Services (and views, for what they check themselves) raise `ActionRefused` or `InvalidAction`
(apps.core.errors) with a message for the person who acted; `RefusalMiddleware` turns any that
leaves a view into `refused(...)`, with the exception's status (403, 400, 429 for rate limits).
So a view calls the service and handles only success, and a service that loses a race (the
question deleted or closed between the form and the submit) answers with its message, never a
500. Nothing is saved: the service raised before, or inside, its transaction.

A view that shows some refusals its own way (a form shown again with the message as its error,
so what was typed is kept) catches them itself, for plain requests only, and lets the rest pass.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from apps.core.errors import ActionRefused


def refused(request: HttpRequest, message: str, status: int = 403) -> HttpResponse:
    """Tell the person why their action was refused.

    htmx requests get the message as plain text (shown in the page's alert region by
    static/js/app.js); others get a page with the message and a way back.
    """
    if request.htmx:
        return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
    return render(request, "core/refused.html", {"message": message}, status=status)


class RefusalMiddleware:
    """Answer an `ActionRefused` raised by a view with `refused(...)`; other errors pass on."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, ActionRefused):
            return refused(request, exception.message, exception.status)
        return None
