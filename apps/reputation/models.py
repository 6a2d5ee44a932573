from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.posts.kinds import rows_related, thread_row


class Reason(models.TextChoices):
    QUESTION_UPVOTED = "question_upvoted", _("question upvoted")
    ANSWER_UPVOTED = "answer_upvoted", _("answer upvoted")
    POST_DOWNVOTED = "post_downvoted", _("post downvoted")
    DOWNVOTED_ANSWER = "downvoted_answer", _("downvoted an answer")
    ANSWER_ACCEPTED = "answer_accepted", _("answer accepted")
    ACCEPTED_ANSWER = "accepted_answer", _("accepted an answer")
    POST_HIDDEN = "post_hidden", _("post hidden by flags")
    # Their amount is the bounty's (apps.bounties), not a fixed number of points.
    BOUNTY_OFFERED = "bounty_offered", _("offered a bounty")
    BOUNTY_WON = "bounty_won", _("bounty won")
    BOUNTY_REFUNDED = "bounty_refunded", _("bounty returned (question deleted)")


class ReputationEventQuerySet(models.QuerySet):
    def for_profile(self):
        """Events with what a profile shows of their post (title, link): one query a page."""
        return self.select_related(*rows_related("vote__post__"), *rows_related("post__"))


class ReputationEvent(models.Model):
    """One line of the reputation ledger: who gained or lost how much, why, caused by what.

    Each event points at its cause (a vote, or an accepted answer), so undoing the cause
    deletes exactly the events it produced.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reputation_events",
        verbose_name=_("user"),
    )
    amount = models.IntegerField(_("amount"))
    reason = models.CharField(_("reason"), max_length=32, choices=Reason.choices)
    vote = models.ForeignKey(
        "votes.Vote",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reputation_events",
        verbose_name=_("vote"),
    )
    # The post an accept or a penalty is about (a vote's post is the vote's).
    post = models.ForeignKey(
        "posts.Post",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reputation_events",
        verbose_name=_("post"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ReputationEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("reputation event")
        verbose_name_plural = _("reputation events")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(vote__isnull=False) | models.Q(post__isnull=False),
                name="reputation_event_has_cause",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.amount:+d} ({self.get_reason_display()})"

    @property
    def signed_amount(self) -> str:
        """The amount as shown: "+10", "−2" (with a true minus sign)."""
        return f"+{self.amount}" if self.amount >= 0 else f"\u2212{-self.amount}"

    @property
    def post_row(self):
        """The question or answer the event is about (select_related it: see `for_profile`)."""
        return (self.vote.post if self.vote_id else self.post).row

    @property
    def post_title(self) -> str:
        """The title of the question the event is about (an answer's is its question's)."""
        return thread_row(self.post_row).title
