"""Asking a person to answer a question, declining, and who to suggest: the one write path.

The rules: only the asker of a live, open question may ask; new members may not (spam comes
from fresh accounts, and a request lands in someone's inbox); nobody asks themselves, a
member who turned requests off, someone who answered already, or the same person twice; at
most REQUESTS_PER_QUESTION people per question. Asking locks the question's row, so two
requests at once (two tabs, a double click) are counted one after the other and the limit
holds. Refusals are raised (apps.core.errors) with a message for the asker; nothing is saved.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Sum,
    Value,
    When,
)
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from apps.answer_requests.models import REQUESTS_PER_QUESTION, AnswerRequest
from apps.answers.models import Answer
from apps.core.errors import ActionRefused, InvalidAction
from apps.notifications.services import notify_answer_request_declined, notify_answer_requested
from apps.questions.models import Question
from apps.trust.newcomers import is_new_user

# How many people the ask page and the question page suggest.
SUGGESTIONS = 5
# Answers newer than this count double in the suggestions' weight.
RECENT_DAYS = 90
# Points an answer earns: accepted, and its score up to this cap (one famous answer must not
# outweigh steady helping).
ACCEPTED_POINTS = 3
SCORE_CAP = 5


# --- Who may be asked -------------------------------------------------------------------------


def person_find(username: str):
    """The active member called `username` (as typed: the exact name, else the one name that
    matches without case), or None."""
    name = " ".join(str(username or "").split())[:150]
    if not name:
        return None
    members = get_user_model().objects.filter(is_active=True)
    person = members.filter(username=name).first()
    if person is None:
        matches = list(members.filter(username__iexact=name)[:2])
        person = matches[0] if len(matches) == 1 else None
    return person


def asker_refusal(*, user, question: Question) -> str:
    """Why `user` may not ask anyone to answer `question` ("" when they may)."""
    if question.deleted_at is not None:
        return _("This question was deleted.")
    if not user.is_authenticated or question.author_id != user.pk:
        return _("Only the person who asked the question may ask someone to answer it.")
    if question.closed_at is not None:
        return _("This question is closed, so it takes no new answers.")
    if is_new_user(user):
        return _(
            "Members with less than %(reputation)d reputation cannot ask others to answer yet."
        ) % {"reputation": settings.NEW_USER_REPUTATION}
    return ""


def _person_refusal(*, asker, question: Question, person, asked: list[int]) -> str:
    """Why `person` may not be asked (`asked`: the ids already asked about `question`)."""
    if person.pk == asker.pk:
        return _("You cannot ask yourself to answer your own question.")
    if person.pk in asked:
        return _("You already asked %(name)s to answer this question.") % {
            "name": person.public_name
        }
    if len(asked) >= REQUESTS_PER_QUESTION:
        return ngettext(
            "You may ask at most %(limit)d person to answer a question.",
            "You may ask at most %(limit)d people to answer a question.",
            REQUESTS_PER_QUESTION,
        ) % {"limit": REQUESTS_PER_QUESTION}
    if not person.accepts_answer_requests:
        return _("%(name)s does not take answer requests.") % {"name": person.public_name}
    if Answer.objects.filter(question_id=question.pk, author_id=person.pk).exists():
        return _("%(name)s answered this question already.") % {"name": person.public_name}
    return ""


def _asked_ids(question_id: int) -> list[int]:
    return list(
        AnswerRequest.objects.filter(question_id=question_id).values_list("person_id", flat=True)
    )


def answer_request_check(*, asker, question: Question, username: str):
    """The member `username` names, if `asker` may ask them to answer `question` now; else
    raise with the reason. Reads without locking: the view calls it before counting the
    attempt against the rate limit, and `answer_request_create` checks again under the lock."""
    refusal = asker_refusal(user=asker, question=question)
    if refusal:
        raise ActionRefused(refusal)
    person = person_find(username)
    if person is None:
        if not str(username or "").strip():
            raise InvalidAction(_("Type the username of the person to ask."))
        raise InvalidAction(
            _("There is no member called “%(name)s”.") % {"name": str(username).strip()[:150]}
        )
    refusal = _person_refusal(
        asker=asker, question=question, person=person, asked=_asked_ids(question.pk)
    )
    if refusal:
        raise ActionRefused(refusal)
    return person


def answer_request_create(*, asker, question: Question, person) -> AnswerRequest:
    """`asker` asks `person` to answer `question`; `person` is notified.

    The question's row is locked while the requests are counted, so requests at once are
    counted one after the other and REQUESTS_PER_QUESTION holds; the unique constraint makes
    the same person twice harmless whatever happens."""
    with transaction.atomic():
        locked = (
            Question.all_objects.select_for_update(no_key=True)
            .only("id", "post_id", "author_id", "deleted_at", "closed_at")
            .filter(pk=question.pk)
            .first()
        )
        if locked is None:
            raise InvalidAction(_("This question no longer exists."), status=404)
        refusal = asker_refusal(user=asker, question=locked) or _person_refusal(
            asker=asker, question=locked, person=person, asked=_asked_ids(locked.pk)
        )
        if refusal:
            raise ActionRefused(refusal)
        try:
            with transaction.atomic():
                request = AnswerRequest.objects.create(
                    question_id=locked.pk, asker_id=asker.pk, person_id=person.pk
                )
        except IntegrityError:
            raise ActionRefused(
                _("You already asked %(name)s to answer this question.")
                % {"name": person.public_name}
            ) from None
        notify_answer_requested(question=locked, asker_id=asker.pk, person_id=person.pk)
    return request


def answer_request_decline(*, user, question_id: int) -> tuple[AnswerRequest, bool]:
    """`user` declines to answer the question they were asked about. Returns the request and
    whether this declined it (False: it was declined already; nothing changes). The asker sees
    it as declined; nobody is notified."""
    with transaction.atomic():
        request = (
            AnswerRequest.objects.select_for_update()
            .filter(question_id=question_id, person_id=user.pk if user.is_authenticated else None)
            .first()
        )
        if request is None:
            raise InvalidAction(_("Nobody asked you to answer this question."), status=404)
        if request.declined_at is not None:
            return request, False
        request.declined_at = timezone.now()
        request.save(update_fields=["declined_at"])
        notify_answer_request_declined(question_id=question_id, person_id=user.pk)
    return request, True


# --- Reads ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Suggested:
    """A member suggested for a question: who, and what their weight rests on."""

    pk: int
    username: str
    display_name: str
    reputation: int
    weight: int
    accepted: int  # their accepted answers under the concepts
    upvoted: int  # their answers with a positive score under the concepts

    @property
    def public_name(self) -> str:
        return self.display_name or self.username

    def get_absolute_url(self) -> str:
        return reverse("accounts:profile", kwargs={"pk": self.pk, "username": self.username})


def people_suggested(*, tags, exclude_ids=(), question=None, now=None) -> list[Suggested]:
    """Up to SUGGESTIONS members who answer best under `tags` (ids or a queryset of concepts),
    in one query.

    The weight: each of their live answers to a live question filed under one of the concepts
    earns ACCEPTED_POINTS if it is accepted plus its score up to SCORE_CAP (nothing for a score
    of zero or less), counted once per concept it is under; answers of the last RECENT_DAYS
    count double. Ties go to whoever answered there most recently. Left out: `exclude_ids`
    (the asker, people asked already), inactive members, members who turned requests off, and,
    given `question`, those who answered it already.
    """
    now = now or timezone.now()
    accepted = Q(question__accepted_answer_id=F("pk"))
    points = Case(When(accepted, then=Value(ACCEPTED_POINTS)), default=Value(0)) + Case(
        When(score__gte=SCORE_CAP, then=Value(SCORE_CAP)),
        When(score__gt=0, then=F("score")),
        default=Value(0),
    )
    recent = Case(
        When(created_at__gte=now - timedelta(days=RECENT_DAYS), then=Value(2)),
        default=Value(1),
    )
    answers = Answer.objects.filter(
        question__tags__in=tags,
        author__is_active=True,
        author__accepts_answer_requests=True,
    ).exclude(author_id__in=list(exclude_ids))
    if question is not None:
        answered = Answer.all_objects.filter(question_id=question.pk).values("author_id")
        answers = answers.exclude(author_id__in=answered)
    rows = (
        answers.values(
            "author_id", "author__username", "author__display_name", "author__reputation"
        )
        .annotate(
            weight=Sum(points * recent, output_field=IntegerField()),
            accepted=Count("pk", filter=accepted, distinct=True),
            upvoted=Count("pk", filter=Q(score__gt=0), distinct=True),
            last=Max("created_at"),
        )
        .filter(weight__gt=0)
        .order_by("-weight", "-last", "author_id")[:SUGGESTIONS]
    )
    return [
        Suggested(
            pk=row["author_id"],
            username=row["author__username"],
            display_name=row["author__display_name"],
            reputation=row["author__reputation"],
            weight=row["weight"],
            accepted=row["accepted"],
            upvoted=row["upvoted"],
        )
        for row in rows
    ]


def requests_of_question(question_id: int) -> list[AnswerRequest]:
    """Who was asked about the question, oldest first, each with `answered` (whether they
    answered it since): one query."""
    answered = Answer.objects.filter(
        question_id=OuterRef("question_id"), author_id=OuterRef("person_id")
    )
    return list(
        AnswerRequest.objects.filter(question_id=question_id)
        .select_related("person")
        .annotate(answered=Exists(answered))
        .order_by("created_at", "id")
    )
