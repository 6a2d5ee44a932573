from django.conf import settings
from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.posts.models import REVISION_SUMMARY_MAX_LENGTH, LiveManager, PostBase, PostRowQuerySet


class AnswerQuerySet(PostRowQuerySet):
    def in_display_order(self):
        """Accepted answer first, then by score, then oldest first."""
        accepted = models.Case(
            models.When(question__accepted_answer=F("pk"), then=models.Value(1)),
            default=models.Value(0),
            output_field=models.IntegerField(),
        )
        return self.annotate(is_accepted_order=accepted).order_by(
            "-is_accepted_order", "-score", "created_at", "id"
        )


class LiveAnswerManager(LiveManager):
    """Answers that are not deleted, to questions that are not deleted."""

    def get_queryset(self):
        return super().get_queryset().filter(question__deleted_at__isnull=True)


class Answer(PostBase):
    question = models.ForeignKey(
        "questions.Question",
        on_delete=models.CASCADE,
        related_name="answers",
        verbose_name=_("question"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="answers",
        verbose_name=_("author"),
    )
    body = models.TextField(_("body"))
    body_html = models.TextField(editable=False)
    score = models.IntegerField(_("score"), default=0)
    created_at = models.DateTimeField(_("answered"), default=timezone.now)
    updated_at = models.DateTimeField(_("edited"), null=True, blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("edited by"),
    )

    # Deleting the accepted answer withdraws the accept; restoring it accepts it again.
    was_accepted = models.BooleanField(_("was accepted when deleted"), default=False)

    # The site sees live answers only (also through `question.answers`); moderation uses
    # `all_objects`.
    objects = LiveAnswerManager.from_queryset(AnswerQuerySet)()
    all_objects = AnswerQuerySet.as_manager()

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        indexes = [models.Index(fields=["question", "-score", "created_at"])]

    def __str__(self) -> str:
        return f"{self.question} #{self.pk}"

    def get_absolute_url(self) -> str:
        return f"{self.question.get_absolute_url()}#answer-{self.pk}"


class AnswerRevision(models.Model):
    """One version of an answer's Markdown body. Revision 1 is the answer as posted."""

    answer = models.ForeignKey(
        Answer,
        on_delete=models.CASCADE,
        related_name="revisions",
        verbose_name=_("answer"),
    )
    number = models.PositiveIntegerField(_("revision"))
    # Kept when the editor's account is deleted: the history must not lose its numbers.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    summary = models.CharField(
        _("edit summary"), max_length=REVISION_SUMMARY_MAX_LENGTH, blank=True
    )
    body = models.TextField(_("body"))

    class Meta:
        verbose_name = _("answer revision")
        verbose_name_plural = _("answer revisions")
        constraints = [
            models.UniqueConstraint(
                fields=["answer", "number"], name="answer_revision_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.answer_id} r{self.number}"
