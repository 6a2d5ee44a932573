"""Drafts: save, read and discard what a member typed into a post form."""

from django.db import transaction

from apps.drafts.models import Draft
from apps.markup.rendering import MAX_SOURCE_LENGTH

# The fields a draft keeps, each with the longest value kept (the forms' own limits or more).
DRAFT_FIELDS = {"title": 300, "body": MAX_SOURCE_LENGTH, "tags": 300, "summary": 300}
# A member keeps at most this many drafts: the oldest go when a new one is saved.
DRAFTS_PER_MEMBER = 50


def draft_key(kind: str, pk: int | None = None) -> str:
    """The key of a form's draft: `ask`, `answer-12`, `edit-question-12`, `edit-answer-7`."""
    return kind if pk is None else f"{kind}-{pk}"


def draft_fields_clean(data) -> dict[str, str]:
    """The draft's fields from a submitted form: only the known ones, each cut to its limit."""
    return {
        name: str(data[name])[:limit]
        for name, limit in DRAFT_FIELDS.items()
        if name in data and isinstance(data[name], str)
    }


def draft_save(*, user, key: str, fields: dict[str, str]) -> Draft:
    """Keep `fields` as the member's draft of form `key` (replacing the one before)."""
    with transaction.atomic():
        draft, _created = Draft.objects.update_or_create(
            user=user, key=key, defaults={"fields": fields}
        )
        stale = Draft.objects.filter(user=user).order_by("-updated_at", "-id")[DRAFTS_PER_MEMBER:]
        Draft.objects.filter(pk__in=list(stale.values_list("pk", flat=True))).delete()
    return draft


def draft_get(*, user, key: str) -> Draft | None:
    return Draft.objects.filter(user=user, key=key).first()


def draft_discard(*, user, key: str) -> None:
    """Forget the member's draft of form `key` (submitted or thrown away); none is fine."""
    if user.is_authenticated:
        Draft.objects.filter(user=user, key=key).delete()
