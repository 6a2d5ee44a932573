"""Rows that say "this member has this" (a follow, a learned mark, a card in the deck): turned
on and off safely under double clicks and concurrent requests."""

from django.db import transaction


def row_toggle(model, *, fields: dict | None = None, **key) -> bool:
    """Delete the row `key` names, or insert it (with `fields` besides) when there was none.
    Returns whether the row exists afterwards.

    The delete and the insert run in one transaction; a concurrent insert of the same row
    (a double click) loses to the model's unique constraint instead of failing."""
    with transaction.atomic():
        deleted, _by_model = model.objects.filter(**key).delete()
        if deleted:
            return False
        model.objects.bulk_create([model(**key, **(fields or {}))], ignore_conflicts=True)
    return True


def row_set(model, present: bool, **key) -> None:
    """Make the row `key` names exist or not, whatever it was: safe to repeat."""
    if present:  # a concurrent request may have inserted it meanwhile: the constraint decides
        model.objects.bulk_create([model(**key)], ignore_conflicts=True)
    else:
        model.objects.filter(**key).delete()
