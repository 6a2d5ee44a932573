"""Marking concepts learned: the one write path for Learned."""

from django.db import transaction

from apps.paths.models import Learned


def learned_toggle(*, user, tag) -> bool:
    """Mark `tag` learned by `user`, or unmark it. Returns whether it is learned afterwards.

    A double click is harmless: the delete and the insert run in one transaction, and a
    concurrent insert of the same row loses to the unique constraint instead of failing."""
    with transaction.atomic():
        deleted, _by_model = Learned.objects.filter(user=user, tag=tag).delete()
        if deleted:
            return False
        Learned.objects.bulk_create([Learned(user=user, tag=tag)], ignore_conflicts=True)
    return True
