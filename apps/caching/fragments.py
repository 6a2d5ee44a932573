"""Values and HTML fragments kept under generations: computed once, shared by every reader.

- `cached` and `cached_fragment` keep values in the shared cache (Redis): every process and
  server reads what one computed.
- `kept_in_process` keeps objects in this process's memory as they are (no pickling), for
  values read on every request of a page, such as a question's thread with its answers.
- Post HTML is kept by Django's `{% cache %}` tag in the `fragments` cache (each process's own
  memory, settings.CACHES) under its thread's generations and the reader's side of the post
  (apps.trust.readers): see templates/questions/detail.html.
"""

import contextlib
import hashlib
import threading
import time
from collections.abc import Callable
from typing import Any

from cachetools import TTLCache
from django.core.cache import cache, caches
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from apps.caching.generations import generations_stamp

TIMEOUT_SECONDS = 10 * 60
FRAGMENTS = "fragments"  # settings.CACHES: each process's own memory, for HTML
# How long a process keeps values and HTML under generations at most: it bounds what no write
# announces ("3 minutes ago", view counts, an author's reputation beside their post).
KEEP_SECONDS = 60


def cached(
    name: str,
    scopes: tuple[str, ...],
    compute: Callable[[], Any],
    *parts,
    timeout: int = TIMEOUT_SECONDS,
    stamp: str | None = None,
) -> Any:
    """`compute()`, kept under `name`, `parts`, the language and the scopes' generations
    (`stamp`, when the caller has just read them)."""
    stamp = stamp or generations_stamp(scopes)
    if stamp is None:  # a cache that is down: compute every time, still correct
        return compute()
    key = _key(name, stamp, parts)
    try:
        value = cache.get(key)
    except Exception:  # the cache went away meanwhile (or holds no generations to read)
        return compute()
    if value is None:
        value = compute()
        with contextlib.suppress(Exception):
            cache.set(key, value, timeout)
    return value


def _key(name: str, stamp: str, parts) -> str:
    # Parts may hold any text (a title, a filter term): hashed into a safe key.
    digest = hashlib.blake2b("\x1f".join(map(str, parts)).encode(), digest_size=16).hexdigest()
    return f"page:{name}:{translation.get_language() or ''}:{stamp}:{digest}"


def cached_fragment(
    name: str,
    scopes: tuple[str, ...],
    template: str,
    context: Callable[[], dict],
    request,
    *parts,
    timeout: int = TIMEOUT_SECONDS,
    stamp: str | None = None,
) -> SafeString:
    """`template` rendered with `context()` (called only when it is not kept), kept like
    `cached`: for HTML that holds nothing of the reader, so members share it too. Each process
    also keeps a copy in its own memory (for at most KEEP_SECONDS), read without a round trip.
    `stamp`: the scopes' generations, when the caller has just read them."""
    stamp = stamp or generations_stamp(scopes)
    if stamp is None:
        return mark_safe(render_to_string(template, context(), request))
    local = caches[FRAGMENTS]
    key = _key(name, stamp, parts)
    html = local.get(key)
    if html is None:
        html = cached(
            name,
            scopes,
            lambda: render_to_string(template, context(), request),
            *parts,
            timeout=timeout,
            stamp=stamp,
        )
        local.set(key, html, min(timeout, KEEP_SECONDS))
    return mark_safe(html)  # our own template's output, escaped where it was rendered


# Values kept by kept_in_process: at most this many. Sync workers are single-threaded; the
# lock is for the development server's threads. The clock is looked up on each call (tests
# move it).
IN_PROCESS_MAX = 256
_in_process: TTLCache = TTLCache(
    maxsize=IN_PROCESS_MAX, ttl=KEEP_SECONDS, timer=lambda: time.monotonic()
)
_in_process_lock = threading.Lock()


def kept_in_process(name: str, stamp: str | None, compute: Callable[[], Any], *parts) -> Any:
    """`compute()`, kept in this process's memory under `name`, `parts` and `stamp` (the
    generations of what it shows; None, when they cannot be read, computes every time).

    The very same object is handed to every request that asks: callers must not change it."""
    if stamp is None:
        return compute()
    key = (name, stamp, *parts)
    with _in_process_lock:
        value = _in_process.get(key)
    if value is None:
        value = compute()
        with _in_process_lock:
            _in_process[key] = value
    return value


def kept_in_process_clear() -> None:
    """Forget everything kept in this process (tests start afresh)."""
    with _in_process_lock:
        _in_process.clear()


def keeping(stamp: str | None) -> dict:
    """Template context for HTML kept per process under generations:
    `{% cache keep_seconds name stamp … using="fragments" %}`. With no stamp (the generations
    cannot be read) nothing is kept: a timeout of 0 stores nothing."""
    return {"stamp": stamp, "keep_seconds": KEEP_SECONDS if stamp else 0}
