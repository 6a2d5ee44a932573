"""Whole pages for visitors who are not signed in: rendered once, then the same for all of them.

Most readers of a Q&A board are not signed in, and what they see of a page does not depend on
who they are. `@visitor_page(...)` keeps such a page's bytes in the cache, stamped with the
generations of the data it shows (see `apps.caching.events`), so the first visit after a vote,
answer, edit or retag renders it again and the others are served without a query, in one
round trip to the cache. Only two things in the page belong to the visitor, and neither is
kept:

- the CSRF token (the language menu posts a form): every page is rendered with a placeholder
  where the token goes, replaced by the reader's own token on every response
  (`CsrfPlaceholderMiddleware`), so kept pages and fragments never hold anyone's token;
- flash messages: a visitor with messages waiting gets the page rendered for them alone.

Signed-in members, htmx partials and anything but GET/HEAD always reach the view. Only 200
responses are kept. The timeout bounds what no write announces (view counts, "3 minutes ago").
"""

import contextlib
import functools
import hashlib
import time
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.messages.storage.session import SessionStorage
from django.core.cache import cache, caches
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import translation
from django.utils.crypto import salted_hmac

from apps.caching.generations import generations_stamp

PLACEHOLDER_TOKENS = "_gachi_placeholder_tokens"
# On a page that could be kept for visitors: "hit" when served kept, "miss" when rendered (for
# operators and the benchmark's hit rate, like a proxy's X-Cache).
KEPT_HEADER = "X-Kept-Page"
TIMEOUT_SECONDS = 60
IN_PROCESS_CACHE = "visitor_pages"  # settings.CACHES: each process's own memory


def visitor_page(
    scopes: tuple[str, ...] | Callable[..., tuple[str, ...]],
    *,
    params: tuple[str, ...] = (),
    cookies: tuple[str, ...] = (),
    timeout: int = TIMEOUT_SECONDS,
    on_hit: Callable[..., None] | None = None,
):
    """Serve the view's page to visitors from the cache, stamped with its scopes' generations.

    `scopes` names what the page shows (apps.caching.events), or is a function of the view's
    arguments that does (a question's page shows its own thread).

    Only addresses whose query string holds nothing but the view's own `params` are kept:
    anything else (a tracking parameter, made-up ones) is rendered without filling the cache.
    The values of the `cookies` named (a remembered choice that changes the page) are part of
    the key.
    When the page comes from the cache, `on_hit(request, *args, **kwargs)` does what the view
    does besides rendering (counting a question's views)."""
    known = frozenset(params)

    def decorator(view):
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not _same_for_everyone(request) or not known.issuperset(request.GET.keys()):
                return view(request, *args, **kwargs)
            key = _key(request, view, cookies)
            shown = scopes(*args, **kwargs) if callable(scopes) else scopes
            stamp = generations_stamp(shown, lag=settings.VISITOR_PAGE_LAG_MS / 1000)
            if stamp is None:  # the cache is down: render, still correct
                return view(request, *args, **kwargs)
            stored = _kept(key, stamp)
            if stored is not None:
                if on_hit is not None:
                    on_hit(request, *args, **kwargs)
                _, _, headers, content = stored
                return HttpResponse(content, headers={**headers, KEPT_HEADER: "hit"})
            response = view(request, *args, **kwargs)
            if response.streaming:
                return response
            response[KEPT_HEADER] = "miss"
            if response.status_code == 200 and not response.cookies:
                headers = {k: v for k, v in response.items() if k != KEPT_HEADER}
                kept = (stamp, time.time() + timeout, headers, response.content)
                _in_process().set(key, kept, timeout)
                # A shared cache that went away: this process still has it.
                with contextlib.suppress(Exception):
                    cache.set(key, kept, timeout)
            return response

        return wrapped

    return decorator


def _kept(key: str, stamp: str) -> tuple | None:
    """The page kept under `key` if it was rendered under `stamp` and is within its time.

    Each worker process also keeps the pages it serves in its own memory: a page found there
    is not moved out of the shared cache again. A shared cache that cannot be reached (the
    generations may come from this process's memory) is a miss."""
    local = _in_process()
    for layer in (local, cache):
        try:
            stored = layer.get(key)
        except Exception:
            return None
        if stored is not None and stored[0] == stamp and stored[1] > time.time():
            if layer is cache:
                local.set(key, stored, max(1, int(stored[1] - time.time())))
            return stored
    return None


def _in_process():
    return caches[IN_PROCESS_CACHE]


def csrf_placeholder() -> str:
    """What pages hold where the reader's CSRF token goes. Derived from SECRET_KEY, so the same
    on every server (kept pages are shared) and impossible to guess: a post that contained it
    (say in an image's address) would otherwise receive each reader's own token."""
    return _placeholder(settings.SECRET_KEY)


@functools.lru_cache(maxsize=2)
def _placeholder(secret: str) -> str:
    return "csrf-" + salted_hmac("gachi.csrf-placeholder", "v1", secret=secret).hexdigest()


def csrf_placeholder_context(request: HttpRequest) -> dict:
    """Context processor, after Django's own csrf one: pages rendered while the middleware
    below stands around the view hold the placeholder instead of a token."""
    if getattr(request, PLACEHOLDER_TOKENS, False):
        return {"csrf_token": csrf_placeholder()}
    return {}


class CsrfPlaceholderMiddleware:
    """Puts the reader's own CSRF token where the page holds the placeholder.

    Every page is rendered with the placeholder, so whatever is kept of it (a visitor's whole
    page, a post's HTML kept for every member) holds no one's token. Stands inside
    CsrfViewMiddleware: `get_token` here has it set the cookie the token belongs to."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        setattr(request, PLACEHOLDER_TOKENS, True)
        response = self.get_response(request)
        if not response.streaming:
            placeholder = csrf_placeholder().encode()
            if placeholder in response.content:
                token = get_token(request).encode()
                response.content = response.content.replace(placeholder, token)
        return response


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


PAGE_VARIANTS = "page_variants"


def page_variant_set(request: HttpRequest, name: str, value: str) -> None:
    """Say that pages for this request differ by `name` (a theme, an offered language): kept
    pages are kept apart by it. Called by middleware, before any view."""
    variants = getattr(request, PAGE_VARIANTS, None)
    if variants is None:
        variants = {}
        setattr(request, PAGE_VARIANTS, variants)
    variants[name] = value


def _key(request: HttpRequest, view, cookies: tuple[str, ...] = ()) -> str:
    # The whole address: the page links to itself (the login link's ?next=, the language menu).
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    for name in cookies:
        address += f"\n{name}={request.COOKIES.get(name, '')}"
    # What else makes this reader's page differ (page_variant_set): the colour scheme they
    # chose, the language a browser is offered.
    for name, value in sorted(getattr(request, PAGE_VARIANTS, {}).items()):
        address += f"\n{name}={value}"
    digest = hashlib.blake2b(address.encode(), digest_size=16).hexdigest()
    name = f"{view.__module__}.{view.__qualname__}"
    return f"vpage:{name}:{translation.get_language() or ''}:{digest}"
