"""Bounties: reputation a member sets on a question for a week to draw better answers.

The reputation leaves the offerer at once (a BOUNTY_OFFERED event in the ledger, pointing at
the question's post) and goes to the answer it is awarded to (BOUNTY_WON, pointing at the
answer's post), so `manage.py recount` stays exact with nothing added: the ledger is the
truth. The row here says what happened to the bounty; `apps.bounties.services` alone moves it.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

QUESTION_MIN_AGE = timedelta(days=2)
AMOUNT_MIN = 50
AMOUNT_MAX = 500
# What the form offers; the service takes any whole number in range.
AMOUNT_STEPS = (50, 100, 150, 200, 250, 300, 400, 500)


class State(models.TextChoices):
    OPEN = "open", _("open")
    AWARDED = "awarded", _("awarded")
    EXPIRED = "expired", _("expired")


class BountyQuerySet(models.QuerySet):
    def open(self):
        return self.filter(state=State.OPEN)


class Bounty(models.Model):
    question = models.ForeignKey(
        "questions.Question",
        on_delete=models.CASCADE,
        related_name="bounties",
        verbose_name=_("question"),
    )
    offerer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="bounties_offered",
        verbose_name=_("offered by"),
    )
    amount = models.PositiveIntegerField(_("amount"))
    created_at = models.DateTimeField(_("started"))
    ends_at = models.DateTimeField(_("ends"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    # The answer that won it (by hand, or half of it automatically after the grace period).
    awarded_answer = models.ForeignKey(
        "answers.Answer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bounties_won",
        verbose_name=_("awarded to"),
    )
    awarded_amount = models.PositiveIntegerField(_("amount awarded"), default=0)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    objects = BountyQuerySet.as_manager()

    class Meta:
        verbose_name = _("bounty")
        verbose_name_plural = _("bounties")
        ordering = ["-created_at", "-id"]
        constraints = [
            # A double submit, or two members at once, cannot open a second one.
            models.UniqueConstraint(
                fields=["question"], condition=Q(state="open"), name="bounty_one_open"
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=1) & Q(awarded_amount__lte=models.F("amount")),
                name="bounty_amounts_sane",
            ),
        ]
        indexes = [
            # The cron job looks for open bounties past their end.
            models.Index(fields=["ends_at"], condition=Q(state="open"), name="bounty_open_ends"),
        ]

    def __str__(self) -> str:
        return f"+{self.amount} on {self.question_id} ({self.state})"

    @property
    def award_until(self):
        """Until when the asker or the offerer may still award it by hand."""
        return self.ends_at + timedelta(hours=settings.BOUNTY_GRACE_HOURS)


class ThreadBounties:
    """What a question's page shows of its bounties: the open one, and what each answer won.
    Loaded with the thread (one query) and kept with it."""

    def __init__(self, bounties: list[Bounty]):
        self.open = next((b for b in bounties if b.state == State.OPEN), None)
        self.won: dict[int, int] = {}
        for bounty in bounties:
            if bounty.awarded_answer_id and bounty.awarded_amount:
                self.won[bounty.awarded_answer_id] = (
                    self.won.get(bounty.awarded_answer_id, 0) + bounty.awarded_amount
                )

    def may_award(self, *, user_id: int | None, asker_id: int, answer, now=None) -> bool:
        """Whether the person may award the open bounty to `answer` now (its button)."""
        bounty = self.open
        if user_id is None or bounty is None or user_id not in (bounty.offerer_id, asker_id):
            return False
        return (
            answer.deleted_at is None
            and answer.author_id != user_id
            and (now or timezone.now()) <= bounty.award_until
        )

    def may_offer(self, question, *, now=None) -> bool:
        """Whether the question takes a bounty now, whoever offers it (its form)."""
        return self.open is None and not question_bounty_refusal(question, now=now)


def question_bounty_refusal(question, *, now=None) -> str:
    """Why `question` takes no bounty now ("" when it does), whoever offers it."""
    now = now or timezone.now()
    if question.deleted_at is not None:
        return gettext("This question was deleted, so it takes no bounty.")
    if question.closed_at is not None:
        return gettext("This question is closed, so it takes no bounty.")
    if question.accepted_answer_id is not None:
        return gettext("This question already has an accepted answer, so it takes no bounty.")
    if question.created_at > now - QUESTION_MIN_AGE:
        return gettext("A question can have a bounty once it is two days old.")
    return ""


def bounties_of_thread(question_id: int) -> ThreadBounties:
    return ThreadBounties(
        list(Bounty.objects.filter(question_id=question_id).select_related("offerer"))
    )
