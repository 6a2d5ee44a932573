from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.posts.kinds import rows_related


class Kind(models.TextChoices):
    ANSWER = "answer", _("a new answer to your question")
    FOLLOWED_ANSWER = "followed_answer", _("a new answer to a question you follow")
    ACCEPTED = "accepted", _("your answer was accepted")
    CONCEPT_QUESTION = "concept_question", _("a new question under a concept you follow")
    MILESTONE = "milestone", _("your post reached a score")
    COMMENT = "comment", _("a comment on your post")
    MENTION = "mention", _("you were mentioned in a comment")
    BOUNTY_WON = "bounty_won", _("your answer won a bounty")
    ANSWER_REQUEST = "answer_request", _("someone asked you to answer their question")
    USAGE_EXAMPLE = "usage_example", _("your answer was marked as an example of a concept in use")


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)

    def for_inbox(self):
        """Everything an inbox row shows, in one query."""
        return self.select_related("actor", "question", "tag", *rows_related("post__"))


class Notification(models.Model):
    """Something happened that `recipient` wants to hear about.

    Written by the service that does the action, in its transaction; deleted when the action is
    undone (a retracted vote, a withdrawn accept) or its post goes away (cascades).
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    question = models.ForeignKey(
        "questions.Question",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("question"),
    )
    # What it is about: the new answer, the accepted answer, the post that reached a score, the
    # new question, the comment. `question` is the thread it is shown in.
    post = models.ForeignKey(
        "posts.Post", on_delete=models.CASCADE, related_name="+", verbose_name=_("post")
    )
    tag = models.ForeignKey(
        "tags.ConceptTag",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("concept"),
    )
    milestone = models.PositiveSmallIntegerField(_("score reached"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_inbox_idx"),
            models.Index(
                fields=["recipient"],
                condition=Q(read_at__isnull=True),
                name="notification_unread_idx",
            ),
        ]
        constraints = [
            # Each event notifies each person once, whatever retries or double clicks do.
            models.UniqueConstraint(
                fields=["recipient", "post"],
                condition=Q(kind__in=["answer", "followed_answer"]),
                name="notification_answer_once",
            ),
            models.UniqueConstraint(
                fields=["post"], condition=Q(kind="accepted"), name="notification_accept_once"
            ),
            models.UniqueConstraint(
                fields=["recipient", "question"],
                condition=Q(kind="concept_question"),
                name="notification_concept_once",
            ),
            # A comment notifies each person once: its post's author, or someone it mentions.
            models.UniqueConstraint(
                fields=["recipient", "post"],
                condition=Q(kind__in=["comment", "mention"]),
                name="notification_comment_once",
            ),
            # Being asked to answer a question: once per person and question.
            models.UniqueConstraint(
                fields=["recipient", "question"],
                condition=Q(kind="answer_request"),
                name="notification_request_once",
            ),
            # An answer marked as an example of a concept in use: once per answer and concept.
            models.UniqueConstraint(
                fields=["post", "tag"],
                condition=Q(kind="usage_example"),
                name="notification_example_once",
            ),
            models.UniqueConstraint(
                fields=["post", "milestone"],
                condition=Q(kind="milestone"),
                name="notification_milestone_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id}"

    def get_absolute_url(self) -> str:
        """The exact place: the answer on its question's page, or the question."""
        return self.post.row.get_absolute_url()
