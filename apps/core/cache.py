"""Caching what is expensive to compute and the same for everyone, correct after every write.

Each cached value is filed under the current *generation* of the data it depends on
("questions", "tags"). The services that change that data bump its generation once their
transaction commits, so the next read misses and recomputes; nothing stale is ever served and
nothing needs to be found and deleted. The generation is read before the data, so a value
computed from rows read before a commit is filed under the old generation.

Works with any cache (Redis across app servers, per-process memory in development) and is
correct with none: without a shared cache each process only recomputes more often.
"""

import contextlib
import hashlib
import time
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

TIMEOUT_SECONDS = 10 * 60
QUESTIONS = "questions"  # anything a question list shows: titles, scores, answer counts, tags
TAGS = "tags"  # concepts, their relations and question counts
COUNTS = "counts"  # how many questions each list holds: moved by adding or removing posts
# Everything a public page can show: what a page kept whole for visitors is filed under.
BOARD = (QUESTIONS, TAGS, COUNTS)


# The generations this process read last, and when (time.monotonic()): a reader that allows
# it (pages kept for visitors, see generations_stamp) uses them for a moment instead of asking
# the shared cache on every request. A bump made in this process drops them at once.
_recent: dict[str, tuple[int, float]] = {}


def _generation_keys(namespaces: tuple[str, ...]) -> list[str]:
    return [f"gen:{name}" for name in namespaces]


def generations_bump(*namespaces: str) -> None:
    """Make every value cached under these namespaces stale: now, and again once the
    transaction commits (a page computed meanwhile from the rows before the commit is filed
    under the in-between generation, which the second bump retires)."""

    def bump() -> None:
        for key in _generation_keys(namespaces):
            _recent.pop(key, None)
            try:
                cache.incr(key)
            except ValueError:  # never set, or lost: start afresh
                cache.set(key, time.time_ns(), timeout=None)
            except Exception:  # a cache that is down: nothing was cached either
                pass

    bump()
    transaction.on_commit(bump)


def generations_stamp(namespaces: tuple[str, ...], *, lag: float = 0.0) -> str | None:
    """The namespaces' current generations as one key part; None when the cache is down.

    With `lag` (seconds), generations this process read less than `lag` ago are used without
    asking the shared cache: writes through this process show at once, writes through other
    processes and servers within `lag`."""
    keys = _generation_keys(namespaces)
    now = time.monotonic()
    if lag > 0:
        recent = [_recent.get(key) for key in keys]
        if all(seen is not None and now - seen[1] < lag for seen in recent):
            return ".".join(str(seen[0]) for seen in recent)
    try:
        found = cache.get_many(keys)
        for key in keys:
            if key not in found:  # never set, or lost with the cache: see _generation_start
                found[key] = _generation_start(key)
    except Exception:
        return None
    for key in keys:
        _recent[key] = (found[key], now)
    return ".".join(str(found[key]) for key in keys)


def _generation_start(key: str) -> int:
    """A generation that was never set or was lost (Redis restarted, the key evicted) starts
    at the current time in nanoseconds, never at a number it held before: a value kept under
    the old generations cannot match again."""
    cache.add(key, time.time_ns(), timeout=None)  # the first reader to miss it starts it
    return cache.get(key) or 0


def cached(
    name: str,
    namespaces: tuple[str, ...],
    compute: Callable[[], Any],
    *parts,
    timeout: int = TIMEOUT_SECONDS,
) -> Any:
    """`compute()`, kept under `name`, `parts`, the language and the namespaces' generations."""
    stamp = generations_stamp(namespaces)
    if stamp is None:  # a cache that is down: compute every time, still correct
        return compute()
    # Parts may hold any text (a title, a filter term): hashed into a safe key.
    digest = hashlib.blake2b("\x1f".join(map(str, parts)).encode(), digest_size=16).hexdigest()
    key = f"page:{name}:{translation.get_language() or ''}:{stamp}:{digest}"
    try:
        value = cache.get(key)
    except Exception:  # the cache went away meanwhile (or holds no generations to read)
        return compute()
    if value is None:
        value = compute()
        with contextlib.suppress(Exception):
            cache.set(key, value, timeout)
    return value


def cached_fragment(
    name: str,
    namespaces: tuple[str, ...],
    template: str,
    context: Callable[[], dict],
    request,
    *parts,
    timeout: int = TIMEOUT_SECONDS,
) -> SafeString:
    """`template` rendered with `context()` (called only when it is not kept), kept like
    `cached`: for HTML that holds nothing of the reader, so members share it too."""
    html = cached(
        name,
        namespaces,
        lambda: render_to_string(template, context(), request),
        *parts,
        timeout=timeout,
    )
    return mark_safe(html)  # our own template's output, escaped where it was rendered
