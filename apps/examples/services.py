"""Marking answers as good examples of a concept in use: the one write path for UsageExample.

Who may mark: a member with `MARK_EXAMPLE` (50 reputation; moderators always), on someone
else's live answer to a live question, for one of that question's concepts. Marking one's own
answer would be self-promotion, so it is refused with a message. Who may unmark: the
question's asker, moderators, and the member who marked it.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from apps.caching.events import Event, retire
from apps.core.errors import ActionRefused, InvalidAction
from apps.examples.models import UsageExample
from apps.notifications.services import notify_usage_example
from apps.tags.models import ConceptTag
from apps.trust.privileges import MARK_EXAMPLE, has_privilege, is_moderator, refusal


@dataclass(frozen=True)
class Toggled:
    marked: bool  # whether the answer is an example of the concept afterwards
    concept: ConceptTag


def example_may_unmark(*, user, example: UsageExample, asker_id: int) -> bool:
    return user.is_authenticated and (
        user.pk in (asker_id, example.marked_by_id) or is_moderator(user)
    )


def example_toggle(*, user, answer, concept_slug: str) -> Toggled:
    """Mark `answer` as an example of the concept `concept_slug` in use, or unmark it when it
    is marked already (and `user` may). Raises a refusal with its message otherwise.

    A double click or two members at once keep one row: the unique (answer, concept) and an
    insert that ignores the conflict, inside one transaction with the delete."""
    question = answer.question
    if answer.deleted_at is not None or question.deleted_at is not None:
        raise ActionRefused(_("This answer was deleted."), status=404)
    concept = next(
        (tag for tag in question.tags.all() if tag.slug == (concept_slug or "").strip()), None
    )
    if concept is None:
        raise InvalidAction(_("Only the concepts of the question may be chosen: pick one of them."))
    with transaction.atomic():
        existing = (
            UsageExample.objects.select_for_update().filter(answer=answer, concept=concept).first()
        )
        if existing is not None:
            if not example_may_unmark(user=user, example=existing, asker_id=question.author_id):
                raise ActionRefused(
                    _(
                        "Only the asker, a moderator or the member who marked it may unmark "
                        "this example."
                    )
                )
            existing.delete()
            notify_usage_example(answer=answer, concept=concept, by=user, marked=False)
            retire(Event.EXAMPLE_MARKED, question_id=question.pk)
            return Toggled(marked=False, concept=concept)
        if answer.author_id == user.pk:
            raise ActionRefused(
                _("You cannot mark your own answer as an example: let others judge it.")
            )
        if not has_privilege(user, MARK_EXAMPLE):
            raise ActionRefused(refusal(user, MARK_EXAMPLE))
        UsageExample.objects.bulk_create(
            [UsageExample(answer=answer, concept=concept, marked_by=user)],
            ignore_conflicts=True,
        )
        notify_usage_example(answer=answer, concept=concept, by=user, marked=True)
        retire(Event.EXAMPLE_MARKED, question_id=question.pk)
    return Toggled(marked=True, concept=concept)
