"""Generations: one number per scope of data, moved on by every write to it.

Each kept value is filed under the current generations of the scopes it shows (see
`apps.caching.events` for the scopes and what moves each). A write bumps them once its
transaction commits, so the next read misses and recomputes; nothing stale is ever served and
nothing needs to be found and deleted. The generation is read before the data, so a value
computed from rows read before a commit is filed under the old generation.

Works with any cache (Redis across app servers, per-process memory in development) and is
correct with none: without a shared cache each process only recomputes more often.
"""

import time

from django.core.cache import cache
from django.db import transaction

# A generation lives this long from its start: far longer than anything kept under it, and
# losing one is safe (see _generation_start), so one question's generation does not stay in
# Redis for ever.
GENERATION_TIMEOUT = 24 * 60 * 60
# Generations this process remembers at most (one per question read, so it must not grow
# without bound); past it the memory starts afresh, which only costs a round trip.
RECENT_MAX = 10_000


# The generations this process read last, and when (time.monotonic()): a reader that allows
# it (pages kept for visitors, see generations_stamp) uses them for a moment instead of asking
# the shared cache on every request. A bump made in this process drops them at once.
_recent: dict[str, tuple[int, float]] = {}


def _generation_keys(scopes: tuple[str, ...]) -> list[str]:
    return [f"gen:{name}" for name in scopes]


def generations_bump(*scopes: str) -> None:
    """Make every value cached under these scopes stale: now, and again once the
    transaction commits (a page computed meanwhile from the rows before the commit is filed
    under the in-between generation, which the second bump retires)."""

    def bump() -> None:
        for key in _generation_keys(scopes):
            _recent.pop(key, None)
            try:
                cache.incr(key)
            except ValueError:  # never set, or lost: start afresh
                cache.set(key, time.time_ns(), timeout=GENERATION_TIMEOUT)
            except Exception:  # a cache that is down: nothing was cached either
                pass

    bump()
    transaction.on_commit(bump)


def generations_stamp(scopes: tuple[str, ...], *, lag: float = 0.0) -> str | None:
    """The scopes' current generations as one key part; None when the cache is down.

    With `lag` (seconds), generations this process read less than `lag` ago are used without
    asking the shared cache: writes through this process show at once, writes through other
    processes and servers within `lag`."""
    return generations_stamps(scopes, lag=lag)[0]


def generations_stamps(*scope_sets: tuple[str, ...], lag: float = 0.0) -> list[str | None]:
    """A stamp for each of `scope_sets`, as `generations_stamp` makes it, read together in one
    round trip (a page showing several kept parts)."""
    keys = list(dict.fromkeys(key for scopes in scope_sets for key in _generation_keys(scopes)))
    now = time.monotonic()
    found = None
    if lag > 0:
        recent = {key: _recent.get(key) for key in keys}
        if all(seen is not None and now - seen[1] < lag for seen in recent.values()):
            found = {key: seen[0] for key, seen in recent.items()}
    if found is None:
        try:
            found = cache.get_many(keys)
            for key in keys:
                if key not in found:  # never set, or lost with the cache: _generation_start
                    found[key] = _generation_start(key)
        except Exception:
            return [None] * len(scope_sets)
        if len(_recent) > RECENT_MAX:
            _recent.clear()
        for key in keys:
            _recent[key] = (found[key], now)
    return [".".join(str(found[key]) for key in _generation_keys(scopes)) for scopes in scope_sets]


def _generation_start(key: str) -> int:
    """A generation that was never set or was lost (Redis restarted, the key evicted) starts
    at the current time in nanoseconds, never at a number it held before: a value kept under
    the old generations cannot match again."""
    cache.add(key, time.time_ns(), timeout=GENERATION_TIMEOUT)  # the first to miss it starts it
    return cache.get(key) or 0
