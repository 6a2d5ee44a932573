"""Answering and accepting: the one write path for answers and accepted-answer reputation."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.answers.models import Answer, AnswerRevision
from apps.badges.services import (
    badges_check_for_accept,
    badges_check_for_answer,
    badges_check_for_edit,
)
from apps.caching.events import Event, retire
from apps.core.errors import ActionRefused, InvalidAction
from apps.core.revisions import revision_check, revision_next_number
from apps.following.services import question_follow
from apps.markup.rendering import render_markdown
from apps.notifications.services import notify_answer_accepted, notify_answer_posted
from apps.questions.models import Question
from apps.reputation.models import Reason, ReputationEvent
from apps.reputation.services import reputation_apply
from apps.search.services import search_index_question
from apps.trust.newcomers import post_content_check
from apps.trust.privileges import EDIT_OTHERS, has_privilege, refusal

ACCEPT_REASONS = (Reason.ANSWER_ACCEPTED, Reason.ACCEPTED_ANSWER)


def answer_create(*, author, question: Question, body: str) -> Answer:
    """Answer a question; bumps its answer count and activity in the same transaction.

    A new member's answer with too many links or any image is refused (apps.trust.newcomers).
    """
    now = timezone.now()
    body_html = render_markdown(body)
    post_content_check(user=author, html=body_html)
    with transaction.atomic():
        # Locked: a question closed or deleted at this moment takes no answer.
        locked = (
            Question.objects.select_for_update(no_key=True)
            .only("id", "closed_at")
            .filter(pk=question.pk)
            .first()
        )
        if locked is None:
            raise InvalidAction(_("This question no longer exists."))
        if locked.closed_at is not None:
            raise ActionRefused(_("This question is closed, so it takes no new answers."))
        answer = Answer.objects.create(
            question=question,
            author=author,
            body=body,
            body_html=body_html,
            created_at=now,
        )
        answer_revision_add(answer=answer, author=author, created_at=now)
        Question.objects.filter(pk=question.pk).update(
            answer_count=F("answer_count") + 1, last_activity_at=now
        )
        search_index_question(question)
        notify_answer_posted(answer=answer)
        question_follow(user=author, question=question)  # hear of the answers that follow
        badges_check_for_answer(author_id=author.pk)
        retire(Event.ANSWER_POSTED, question_id=question.pk)
        answer_count_moved(question.pk, added=True)
    return answer


def answer_count_moved(question_id: int, *, added: bool) -> None:
    """After a question's answer count moved by one (inside the transaction that moved it,
    whose row lock makes the count read here exact): the lists' totals change only when it
    went between none and some (the unanswered tab)."""
    count = Question.all_objects.filter(pk=question_id).values_list("answer_count", flat=True)
    if count.first() == (1 if added else 0):
        retire(Event.ANSWERED_OR_NOT)


def answer_can_edit(*, user, answer: Answer) -> bool:
    """The author, or someone with the EDIT_OTHERS privilege (moderators have it)."""
    return user.is_authenticated and (
        user.pk == answer.author_id or has_privilege(user, EDIT_OTHERS)
    )


def answer_revision_add(
    *, answer: Answer, author, summary: str = "", created_at=None
) -> AnswerRevision:
    """Keep the answer's body (as saved just now) as its next revision.

    Runs inside the caller's transaction. The answer's row is locked first, so concurrent
    edits take their numbers one after the other.
    """
    with transaction.atomic():
        list(
            Answer.objects.select_for_update(no_key=True, of=("self",))
            .filter(pk=answer.pk)
            .values_list("pk")
        )
        return AnswerRevision.objects.create(
            answer=answer,
            number=revision_next_number(answer.revisions),
            author=author,
            created_at=created_at or timezone.now(),
            summary=summary.strip(),
            body=answer.body,
        )


def answer_edit(
    *, user, answer: Answer, body: str, summary: str = "", base_revision: int | None = None
) -> Answer:
    """Edit an answer's body (see `answer_can_edit`).

    Each edit is kept as the answer's next revision, with the optional `summary`. An edit
    that changes nothing saves nothing: no revision, no "edited" mark, no fresh activity.
    With `base_revision` (the revision the editor read), an edit made after someone else's
    is refused (`Conflict`) rather than silently undoing it.
    """
    if not answer_can_edit(user=user, answer=answer):
        raise ActionRefused(refusal(user, EDIT_OTHERS))
    body_html = render_markdown(body)  # before the lock, which concurrent edits wait on
    post_content_check(user=user, html=body_html)
    with transaction.atomic():
        # Compared with what is stored under the lock, not with a possibly stale `answer`.
        current = (
            Answer.objects.select_for_update(no_key=True, of=("self",))
            .only("id", "body")
            .filter(pk=answer.pk)
            .first()
        )
        if current is None:  # deleted (or its question was) since the edit began
            raise InvalidAction(_("This answer was deleted, so it cannot be edited."))
        revision_check(answer.revisions, base_revision)
        if current.body == body:
            return answer
        now = timezone.now()
        answer.body = body
        answer.body_html = body_html
        answer.updated_at = now
        answer.edited_by = user
        answer.save(update_fields=["body", "body_html", "updated_at", "edited_by"])
        answer_revision_add(answer=answer, author=user, summary=summary, created_at=now)
        Question.objects.filter(pk=answer.question_id).update(last_activity_at=now)
        search_index_question(answer.question)
        badges_check_for_edit(editor_id=user.pk)
        retire(Event.ANSWER_EDITED, question_id=answer.question_id)
    return answer


def accept_events(answer: Answer, asker_id: int) -> list[ReputationEvent]:
    if answer.author_id == asker_id:
        return []  # accepting your own answer earns nothing, so it cannot be farmed
    return [
        ReputationEvent(
            user_id=answer.author_id, reason=Reason.ANSWER_ACCEPTED, post_id=answer.post_id
        ),
        ReputationEvent(user_id=asker_id, reason=Reason.ACCEPTED_ANSWER, post_id=answer.post_id),
    ]


@dataclass(frozen=True)
class AcceptResult:
    accepted: bool  # whether the answer is accepted afterwards
    previous_id: int | None  # the answer accepted before (the same one when withdrawing)


def answer_accept(*, user, answer: Answer, accepted: bool | None = None) -> AcceptResult:
    """The asker accepts `answer`, replacing any earlier choice; accepting it again withdraws.
    With `accepted` (True or False) the answer ends up in that state instead: asking for the
    state it is in already changes nothing (the API's calls may be repeated safely).

    The question's row is locked, so two concurrent accepts on one question cannot both win or
    leave stray reputation behind. The previous choice is read under that lock and returned,
    so the caller updates the right marks even when another request changed them meanwhile.
    """
    with transaction.atomic():
        question = (
            Question.objects.select_for_update(no_key=True)
            .only("id", "author_id", "accepted_answer_id")
            .filter(pk=answer.question_id)
            .first()
        )
        if question is None:
            raise InvalidAction(_("This question no longer exists."))
        if question.author_id != user.pk:
            raise ActionRefused(_("Only the person who asked can accept an answer."))
        if not Answer.objects.filter(pk=answer.pk, question_id=question.pk).exists():
            raise InvalidAction(_("This answer no longer exists."))
        previous_id = question.accepted_answer_id
        if accepted is not None and accepted == (previous_id == answer.pk):
            return AcceptResult(accepted=accepted, previous_id=previous_id)
        revoke = (
            Q(post__answer=previous_id, reason__in=ACCEPT_REASONS)
            if previous_id is not None
            else None
        )
        if previous_id == answer.pk:
            new_id, award = None, []
        else:
            new_id, award = answer.pk, accept_events(answer, question.author_id)
        reputation_apply(revoke=revoke, award=award)
        Question.objects.filter(pk=question.pk).update(accepted_answer_id=new_id)
        if previous_id is not None:
            notify_answer_accepted(answer=Answer(pk=previous_id), by=user, accepted=False)
        if new_id is not None:
            notify_answer_accepted(answer=answer, by=user, accepted=True)
            badges_check_for_accept(answer_author_id=answer.author_id, asker_id=user.pk)
        retire(Event.ANSWER_ACCEPTED, question_id=question.pk)
    return AcceptResult(accepted=new_id is not None, previous_id=previous_id)
