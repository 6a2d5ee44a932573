from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.questions.models import CloseReason


class FlagReason(models.TextChoices):
    SPAM = "spam", _("spam")
    RUDE = "rude", _("rude or abusive")
    DUPLICATE = "duplicate", _("a duplicate")
    OTHER = "other", _("something else")


class FlagStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")


class Flag(models.Model):
    """Someone asks moderators to look at a question or an answer."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("by")
    )
    question = models.ForeignKey(
        "questions.Question",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("question"),
    )
    # The flagged post; `question` is the thread it is shown in (the question itself, or an
    # answer's question).
    post = models.ForeignKey(
        "posts.Post", on_delete=models.CASCADE, related_name="flags", verbose_name=_("post")
    )
    reason = models.CharField(_("reason"), max_length=12, choices=FlagReason.choices)
    duplicate_of = models.ForeignKey(
        "questions.Question",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("duplicate of"),
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=FlagStatus.choices, default=FlagStatus.PENDING
    )
    created_at = models.DateTimeField(_("flagged"), default=timezone.now)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)

    class Meta:
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        indexes = [
            models.Index(
                fields=["created_at"], condition=Q(status="pending"), name="flag_queue_idx"
            )
        ]
        constraints = [
            # One flag per person per post: a second click changes nothing.
            models.UniqueConstraint(fields=["user", "post"], name="flag_post_once"),
        ]

    def __str__(self) -> str:
        return f"{self.reason} flag by {self.user_id}"


class CloseVote(models.Model):
    """A vote to close (or to reopen) a question; the votes of a round go when it succeeds."""

    class Action(models.TextChoices):
        CLOSE = "close", _("close")
        REOPEN = "reopen", _("reopen")

    question = models.ForeignKey(
        "questions.Question",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("question"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("by")
    )
    action = models.CharField(_("action"), max_length=8, choices=Action.choices)
    reason = models.CharField(_("reason"), max_length=20, choices=CloseReason.choices, blank=True)
    duplicate_of = models.ForeignKey(
        "questions.Question",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("duplicate of"),
    )
    created_at = models.DateTimeField(_("voted"), default=timezone.now)

    class Meta:
        verbose_name = _("close vote")
        verbose_name_plural = _("close votes")
        constraints = [
            models.UniqueConstraint(fields=["question", "user", "action"], name="close_vote_once"),
        ]

    def __str__(self) -> str:
        return f"{self.action} vote by {self.user_id} on {self.question_id}"


class LogAction(models.TextChoices):
    HIDE = "hide", _("hid a post after flags")
    APPROVE = "approve", _("approved flags")
    REJECT = "reject", _("rejected flags")
    DELETE = "delete", _("deleted a post")
    RESTORE = "restore", _("restored a post")
    CLOSE = "close", _("closed a question")
    REOPEN = "reopen", _("reopened a question")


class ModerationLog(models.Model):
    """The audit trail: every moderator action (and the automatic hide), who, what, when, why."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    action = models.CharField(_("action"), max_length=10, choices=LogAction.choices)
    question = models.ForeignKey(
        "questions.Question",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("question"),
    )
    # The post acted on; `question` is the thread it is shown in.
    post = models.ForeignKey(
        "posts.Post", on_delete=models.CASCADE, related_name="+", verbose_name=_("post")
    )
    note = models.CharField(_("why"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("moderation log entry")
        verbose_name_plural = _("moderation log")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.action} by {self.actor_id}"

    @property
    def why(self) -> str:
        """The note, with a closing reason (stored as its code) in the reader's language."""
        if self.action == LogAction.CLOSE and self.note in CloseReason.values:
            return str(CloseReason(self.note).label)
        return self.note
