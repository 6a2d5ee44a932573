"""Marking concepts learned: the one write path for Learned."""

from apps.core.rows import row_toggle
from apps.paths.models import Learned


def learned_toggle(*, user, tag) -> bool:
    """Mark `tag` learned by `user`, or unmark it. Returns whether it is learned afterwards
    (a double click is harmless: apps.core.rows)."""
    return row_toggle(Learned, user=user, tag=tag)
