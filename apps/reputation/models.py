from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Reason(models.TextChoices):
    QUESTION_UPVOTED = "question_upvoted", _("question upvoted")
    ANSWER_UPVOTED = "answer_upvoted", _("answer upvoted")
    POST_DOWNVOTED = "post_downvoted", _("post downvoted")
    DOWNVOTED_ANSWER = "downvoted_answer", _("downvoted an answer")
    ANSWER_ACCEPTED = "answer_accepted", _("answer accepted")
    ACCEPTED_ANSWER = "accepted_answer", _("accepted an answer")
    POST_HIDDEN = "post_hidden", _("post hidden by flags")


class ReputationEventQuerySet(models.QuerySet):
    def for_profile(self):
        """Events with what a profile shows of their post (title, link): one query a page."""
        return self.select_related(
            "vote__question", "vote__answer__question", "answer__question", "question"
        ).only(
            "id",
            "user_id",
            "amount",
            "reason",
            "created_at",
            "vote__id",
            "vote__question__id",
            "vote__question__title",
            "vote__answer__id",
            "vote__answer__question__id",
            "vote__answer__question__title",
            "question__id",
            "question__title",
            "answer__id",
            "answer__question__id",
            "answer__question__title",
        )


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
    answer = models.ForeignKey(
        "answers.Answer",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reputation_events",
        verbose_name=_("answer"),
    )
    # A penalty on a question itself (an answer's is on `answer`).
    question = models.ForeignKey(
        "questions.Question",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("question"),
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
                condition=models.Q(vote__isnull=False)
                | models.Q(answer__isnull=False)
                | models.Q(question__isnull=False),
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
    def post(self):
        """The question or answer the event is about (select_related it: see `for_profile`)."""
        if self.answer_id:
            return self.answer
        if self.question_id:
            return self.question
        return self.vote.post

    @property
    def post_title(self) -> str:
        """The title of the question the event is about (an answer's is its question's)."""
        post = self.post
        return post.question.title if post._meta.model_name == "answer" else post.title
