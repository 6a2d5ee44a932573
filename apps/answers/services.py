"""Answering and accepting: the one write path for answers and accepted-answer reputation."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.answers.models import Answer
from apps.core.errors import ActionRefused, InvalidAction
from apps.markup.rendering import render_markdown
from apps.questions.models import Question
from apps.reputation.models import Reason, ReputationEvent
from apps.reputation.services import reputation_apply
from apps.search.services import search_index_question

ACCEPT_REASONS = (Reason.ANSWER_ACCEPTED, Reason.ACCEPTED_ANSWER)


def answer_create(*, author, question: Question, body: str) -> Answer:
    """Answer a question; bumps its answer count and activity in the same transaction."""
    now = timezone.now()
    with transaction.atomic():
        answer = Answer.objects.create(
            question=question,
            author=author,
            body=body,
            body_html=render_markdown(body),
            created_at=now,
        )
        Question.objects.filter(pk=question.pk).update(
            answer_count=F("answer_count") + 1, last_activity_at=now
        )
        search_index_question(question)
    return answer


def answer_can_edit(*, user, answer: Answer) -> bool:
    return user.is_authenticated and (user.pk == answer.author_id or user.is_staff)


def answer_edit(*, user, answer: Answer, body: str) -> Answer:
    """Edit an answer's body (its author, or staff)."""
    if not answer_can_edit(user=user, answer=answer):
        raise ActionRefused(_("Only the author can edit this answer."))
    now = timezone.now()
    answer.body = body
    answer.body_html = render_markdown(body)
    answer.updated_at = now
    with transaction.atomic():
        answer.save(update_fields=["body", "body_html", "updated_at"])
        Question.objects.filter(pk=answer.question_id).update(last_activity_at=now)
        search_index_question(answer.question)
    return answer


def _accept_events(answer: Answer, asker_id: int) -> list[ReputationEvent]:
    if answer.author_id == asker_id:
        return []  # accepting your own answer earns nothing, so it cannot be farmed
    return [
        ReputationEvent(user_id=answer.author_id, reason=Reason.ANSWER_ACCEPTED, answer=answer),
        ReputationEvent(user_id=asker_id, reason=Reason.ACCEPTED_ANSWER, answer=answer),
    ]


@dataclass(frozen=True)
class AcceptResult:
    accepted: bool  # whether the answer is accepted afterwards
    previous_id: int | None  # the answer accepted before (the same one when withdrawing)


def answer_accept(*, user, answer: Answer) -> AcceptResult:
    """The asker accepts `answer`, replacing any earlier choice; accepting it again withdraws.

    The question's row is locked, so two concurrent accepts on one question cannot both win or
    leave stray reputation behind. The previous choice is read under that lock and returned,
    so the caller updates the right marks even when another request changed them meanwhile.
    """
    with transaction.atomic():
        question = (
            Question.objects.select_for_update()
            .only("id", "author_id", "accepted_answer_id")
            .get(pk=answer.question_id)
        )
        if question.author_id != user.pk:
            raise ActionRefused(_("Only the person who asked can accept an answer."))
        if not Answer.objects.filter(pk=answer.pk, question_id=question.pk).exists():
            raise InvalidAction(_("This answer no longer exists."))
        previous_id = question.accepted_answer_id
        revoke = (
            Q(answer_id=previous_id, reason__in=ACCEPT_REASONS) if previous_id is not None else None
        )
        if previous_id == answer.pk:
            new_id, award = None, []
        else:
            new_id, award = answer.pk, _accept_events(answer, question.author_id)
        reputation_apply(revoke=revoke, award=award)
        Question.objects.filter(pk=question.pk).update(accepted_answer_id=new_id)
    return AcceptResult(accepted=new_id is not None, previous_id=previous_id)
