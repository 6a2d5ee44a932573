"""Repairing stored counters: the shared half of every `*_recount` function."""

from django.db.models import Expression, F, QuerySet

from apps.caching.events import Event, retire


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
