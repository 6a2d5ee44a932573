"""Members-only views, and the text a person keeps when their login expired while they wrote.

Someone writes an answer for twenty minutes; meanwhile their session ends (it expired, or they
logged out in another tab). Django's `login_required` would send their POST to the login page
and throw the text away. `member_required` keeps the form's text fields in the person's own
(anonymous) session instead, sends them to log in with `next` pointing at the form, and the
view showing that form gets the text back once, from `kept_form_data`, to fill the form with.

Logging in keeps what an anonymous session holds (Django's `login` gives the session a new key
and keeps its data), so the text is still there afterwards. It is bound to that browser's
session: nobody else can see it, it is handed back once, only on the page it was written on,
and only for a day; logging out drops it.
"""

from collections.abc import Callable, Sequence
from functools import wraps
from typing import Any
from urllib.parse import unquote

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.views import login_prompt

SESSION_KEY = "kept_form"
# One form's text fields together (a post's body is at most 30,000 characters), so what one
# session may hold stays bounded whatever is posted.
MAX_KEPT_CHARACTERS = 40_000
MAX_AGE_SECONDS = 24 * 60 * 60

View = Callable[..., HttpResponse]
FormPage = Callable[..., str]


def member_required(
    *, keep: Sequence[str] = (), form_page: FormPage | None = None
) -> Callable[[View], View]:
    """Let logged-in members through; send anyone else to log in and back.

    A GET comes back to the same address after logging in. A POST keeps the form fields named
    in `keep` (see `kept_form_data`) and comes back to the page that shows the form:
    `form_page(request, **url_kwargs)` when the form is posted elsewhere (an answer is posted to
    `/questions/<id>/answer/` from the question's page), else the address posted to. htmx
    requests are told to load the login page as a whole page.
    """

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.user.is_authenticated:
                return view(request, *args, **kwargs)
            if request.method != "POST":
                return login_prompt(request, request.get_full_path())
            page = form_page(request, *args, **kwargs) if form_page else request.path
            if _keep(request, page, keep):
                messages.info(
                    request,
                    _(
                        "You are no longer logged in. Log in, and what you wrote will be"
                        " waiting for you on the form."
                    ),
                )
            return login_prompt(request, page)

        return wrapper

    return decorator


def _keep(request: HttpRequest, page: str, fields: Sequence[str]) -> bool:
    """Keep the named text fields of a refused POST for the page at `page`. True if any."""
    kept: dict[str, str] = {}
    room = MAX_KEPT_CHARACTERS
    for name in fields:
        value = request.POST.get(name, "")[:room]
        if value:
            kept[name] = value
            room -= len(value)
    if not any(value.strip() for value in kept.values()):
        return False
    # One form at a time: a newer refused POST replaces what an older one left.
    request.session[SESSION_KEY] = {
        # As request.path will read it there: decoded (reverse() gives a Hangul slug encoded).
        "path": unquote(page.split("#", 1)[0]),
        "fields": kept,
        "at": timezone.now().timestamp(),
    }
    return True


def kept_form_data(request: HttpRequest) -> dict[str, str] | None:
    """The text a logged-in member wrote on this page before logging in, handed back once.

    For the view that shows the form, to use as the form's initial values (over whatever the
    form would start with); None when nothing was kept for this page. Says so in a message.
    """
    if request.method != "GET" or not request.user.is_authenticated:
        return None
    kept = request.session.get(SESSION_KEY)
    if not isinstance(kept, dict) or kept.get("path") != request.path:
        return None
    del request.session[SESSION_KEY]
    if timezone.now().timestamp() - kept.get("at", 0) > MAX_AGE_SECONDS:
        return None
    messages.info(
        request,
        _("What you wrote before logging in was kept: check it, then send it again."),
    )
    return dict(kept.get("fields", {}))
