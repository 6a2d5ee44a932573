"""Repairing stored counters: the shared half of every `*_recount` function, and their registry
(each app registers its recounts in `AppConfig.ready()`; `manage.py recount` runs them all)."""

from collections.abc import Callable

from django.db.models import Expression, F, QuerySet

from apps.caching.events import Event, retire

_recounts: dict[str, tuple[int, Callable[[], int]]] = {}


def register_recount(label: str, recount: Callable[[], int], *, order: int) -> None:
    """`manage.py recount` runs `recount` (by ascending `order`) and reports "<fixed> <label>"."""
    _recounts[label] = (order, recount)


def registered_recounts() -> list[tuple[str, Callable[[], int]]]:
    return [(label, pair[1]) for label, pair in sorted(_recounts.items(), key=lambda i: i[1][0])]


def counter_repair(queryset: QuerySet, *, field: str, expected: Expression) -> int:
    """Set `field` to `expected` on every row where they differ; return how many were fixed.

    Only stale rows are written, so a recount of a healthy database is a single read.
    """
    stale = list(
        queryset.annotate(expected=expected)
        .exclude(**{field: F("expected")})
        .values_list("pk", "expected")
    )
    for pk, value in stale:
        queryset.model._base_manager.filter(pk=pk).update(**{field: value})
    if stale:  # cached pages showed the wrong numbers
        retire(Event.COUNTERS_REPAIRED)
    return len(stale)
