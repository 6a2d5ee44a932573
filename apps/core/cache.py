"""Caching what is expensive to compute and the same for everyone, correct after every write.

Each cached value is filed under the current *generation* of the data it depends on
("questions", "tags"). The services that change that data bump its generation once their
transaction commits, so the next read misses and recomputes; nothing stale is ever served and
nothing needs to be found and deleted. The generation is read before the data, so a value
computed from rows read before a commit is filed under the old generation.

Works with any cache (Redis across app servers, per-process memory in development) and is
correct with none: without a shared cache each process only recomputes more often.
"""

import hashlib
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.utils import translation

TIMEOUT_SECONDS = 10 * 60
QUESTIONS = "questions"  # anything a question list shows: titles, scores, answer counts, tags
TAGS = "tags"  # concepts, their relations and question counts
COUNTS = "counts"  # how many questions each list holds: moved by adding or removing posts
# Everything a public page can show: what a page kept whole for visitors is filed under.
BOARD = (QUESTIONS, TAGS, COUNTS)


def _generation_keys(namespaces: tuple[str, ...]) -> list[str]:
    return [f"gen:{name}" for name in namespaces]


def generations_bump(*namespaces: str) -> None:
    """Make every value cached under these namespaces stale: now, and again once the
    transaction commits (a page computed meanwhile from the rows before the commit is filed
    under the in-between generation, which the second bump retires)."""

    def bump() -> None:
        for key in _generation_keys(namespaces):
            try:
                cache.incr(key)
            except ValueError:  # never set (or evicted): any new value differs from before
                cache.set(key, 1, timeout=None)
            except Exception:  # a cache that is down: nothing was cached either
                pass

    bump()
    transaction.on_commit(bump)


def generations_stamp(namespaces: tuple[str, ...]) -> str | None:
    """The namespaces' current generations as one key part; None when the cache is down."""
    try:
        generations = cache.get_many(_generation_keys(namespaces))
    except Exception:
        return None
    return ".".join(str(generations.get(key, 0)) for key in _generation_keys(namespaces))


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
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout)
    return value
