"""Request guards that run before anything reads the body or touches the database.

They sit right after SecurityMiddleware, ahead of CsrfViewMiddleware (which parses the body to
find the token) and of every view (which may put a value into a query).
"""

import codecs
from collections.abc import Callable, Iterable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, UnreadablePostError
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from apps.core.errors import is_api_request, json_error

# Room for the form fields and multipart framing that travel with the largest allowed image.
BODY_OVERHEAD_BYTES = 1024 * 1024

NUL = "\x00"


def _plain_error(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    """A short page (for htmx plain text, under /api/ the API's JSON error) that needs neither a
    session nor a user.

    These responses are sent before LocaleMiddleware runs, so the caller has already picked the
    language; the page is standalone because base.html would echo the very path being refused.
    """
    if request.headers.get("HX-Request") == "true":
        return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
    if is_api_request(request):
        return json_error(status, message)
    html = render_to_string(
        "core/plain_error.html",
        {"title": title, "message": message, "language": translation.get_language()},
    )
    return HttpResponse(html, status=status)


def _language(request: HttpRequest) -> str:
    return translation.get_language_from_request(request)


def _has_nul(pairs: Iterable[tuple[str, list[str]]]) -> bool:
    return any(NUL in key or any(NUL in value for value in values) for key, values in pairs)


class BodySizeLimitMiddleware:
    """Refuse a body larger than the largest upload plus form overhead, unread (413).

    Django caps form fields (DATA_UPLOAD_MAX_MEMORY_SIZE) but not file parts, which it streams
    to a temporary file; without this guard anyone, logged in or not, could make the server
    read and store an arbitrarily large body before a view refuses it. Bodies sent without a
    Content-Length (chunked) are the proxy's to cap: see README, "Running in production".
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads an unparsable length as an empty body too
        # Read at call time, not start-up: tests and settings overrides change the limit.
        if length > settings.UPLOAD_MAX_BYTES + BODY_OVERHEAD_BYTES:
            # The unread body is the WSGI server's to discard (WSGI forbids an application
            # from setting Connection: close itself).
            with translation.override(_language(request)):
                return _plain_error(
                    request,
                    413,
                    _("Too large"),
                    _("The request is too large: images can be at most %(limit)s.")
                    % {"limit": filesizeformat(settings.UPLOAD_MAX_BYTES)},
                )
        return self.get_response(request)


class Utf8OnlyMiddleware:
    """Refuse (400) a request whose Content-Type declares a charset other than UTF-8.

    Django decodes the form fields (and the query string) in the declared charset, and refuses
    a urlencoded body in any charset but "utf-8" by raising each time the body is read, the
    CSRF check's read included. Our pages and every browser send UTF-8, and an API client has no
    reason not to: a body declared in utf-16, latin-1 or a charset no codec knows is refused
    here, unread, with a page that says why. Other spellings of UTF-8 ("utf8") are accepted.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        charset = request.content_params.get("charset")
        if charset is not None:
            if not _is_utf8(charset):
                with translation.override(_language(request)):
                    return _plain_error(
                        request,
                        400,
                        _("Bad request"),
                        _(
                            "The form was sent in a text encoding other than UTF-8, which Gachi"
                            " does not read. Send it again from the page, or as UTF-8."
                        ),
                    )
            request.encoding = "utf-8"  # the spelling Django's form parsing accepts
        return self.get_response(request)


def _is_utf8(charset: str) -> bool:
    try:
        return codecs.lookup(charset).name == "utf-8"
    except LookupError:
        return False


class RejectNulMiddleware:
    """Refuse (400) a NUL character in the path, the query string, form fields or cookies.

    PostgreSQL text cannot hold NUL, so such a value reaching a query is a 500 (psycopg's
    DataError) wherever a view filters or saves it; no legitimate text contains one. Only form
    text fields are checked: file parts are binary and are never read here.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Parsing the query or the body here can raise (too many fields: Django's 400 page), and
        # that page is rendered before LocaleMiddleware: without this it would speak whatever
        # language the thread's previous request left active. LocaleMiddleware sets it again.
        translation.activate(_language(request))
        if self._contains_nul(request):
            return _plain_error(
                request,
                400,
                _("Bad request"),
                _("The address or the form contains a character that is not allowed."),
            )
        return self.get_response(request)

    @staticmethod
    def _contains_nul(request: HttpRequest) -> bool:
        if NUL in request.path or _has_nul(request.GET.lists()):
            return True
        # The session cookie is a key looked up in the database (Django unquotes "\000").
        if any(NUL in key or NUL in value for key, value in request.COOKIES.items()):
            return True
        if request.method != "POST":
            return False
        try:
            # Parses the body now rather than in CsrfViewMiddleware; file parts go to FILES,
            # which is left alone.
            fields = request.POST
        except UnreadablePostError:
            return False  # the client went away; CsrfViewMiddleware handles this as before
        return _has_nul(fields.lists())
