"""Whole pages for visitors who are not signed in: rendered once, then the same for all of them.

Most readers of a Q&A board are not signed in, and what they see of a page does not depend on
who they are. `@visitor_page(...)` keeps such a page's bytes in the cache under the current
generations of the data it shows (see `apps.core.cache`), so the first visit after a vote,
answer, edit or retag renders it again and the others are served without a query. Only two
things in the page belong to the visitor, and neither is kept:

- the CSRF token (the language menu posts a form): the page is rendered with a placeholder,
  replaced by this visitor's own token on every response;
- flash messages: a visitor with messages waiting gets the page rendered for them alone.

Signed-in members, htmx partials and anything but GET/HEAD always reach the view. Only 200
responses are kept. The timeout bounds what no write announces (view counts, "3 minutes ago").
"""

import hashlib
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.messages.storage.session import SessionStorage
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import translation

from apps.core.cache import generations_stamp

CSRF_PLACEHOLDER = "gachi-csrf-token-for-this-visitor"
RENDERING_FOR_EVERYONE = "_gachi_page_for_everyone"
TIMEOUT_SECONDS = 60


def visitor_page(
    *namespaces: str,
    timeout: int = TIMEOUT_SECONDS,
    on_hit: Callable[..., None] | None = None,
):
    """Serve the view's page to visitors from the cache, filed under `namespaces`' generations.

    `on_hit(request, *args, **kwargs)` runs when the page comes from the cache: for what the
    view does besides rendering (counting a question's views)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not _same_for_everyone(request):
                return view(request, *args, **kwargs)
            stamp = generations_stamp(namespaces)
            if stamp is None:  # the cache is down: render, still correct
                return view(request, *args, **kwargs)
            key = _key(request, view, stamp)
            stored = cache.get(key)
            if stored is not None:
                if on_hit is not None:
                    on_hit(request, *args, **kwargs)
                status, headers, content = stored
                response = HttpResponse(content, status=status, headers=headers)
                return _with_visitor_token(request, response)
            setattr(request, RENDERING_FOR_EVERYONE, True)
            try:
                response = view(request, *args, **kwargs)
            finally:  # an error page rendered after an exception is the visitor's own
                setattr(request, RENDERING_FOR_EVERYONE, False)
            if response.status_code == 200 and not response.streaming and not response.cookies:
                cache.set(key, (200, dict(response.items()), response.content), timeout)
            return _with_visitor_token(request, response)

        return wrapped

    return decorator


def csrf_placeholder(request: HttpRequest) -> dict:
    """Context processor, after Django's own csrf one: a page kept for every visitor holds a
    placeholder where each visitor's token goes."""
    if getattr(request, RENDERING_FOR_EVERYONE, False):
        return {"csrf_token": CSRF_PLACEHOLDER}
    return {}


def _same_for_everyone(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD") or request.headers.get("HX-Request"):
        return False
    if request.user.is_authenticated:
        return False
    # Messages waiting to be shown once (after logging out, say): this visitor's page alone.
    if CookieStorage.cookie_name in request.COOKIES:
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return not request.session.get(SessionStorage.session_key)
    return True


def _key(request: HttpRequest, view, stamp: str) -> str:
    # The whole address: the page links to itself (the login link's ?next=, the language menu).
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.blake2b(address.encode(), digest_size=16).hexdigest()
    name = f"{view.__module__}.{view.__qualname__}"
    return f"vpage:{name}:{translation.get_language() or ''}:{stamp}:{digest}"


def _with_visitor_token(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    if response.streaming:
        return response
    placeholder = CSRF_PLACEHOLDER.encode()
    if placeholder in response.content:
        # get_token also has CsrfViewMiddleware set the cookie the token belongs to.
        response.content = response.content.replace(placeholder, get_token(request).encode())
    return response
