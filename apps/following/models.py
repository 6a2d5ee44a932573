from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ConceptFollow(models.Model):
    """Someone follows a concept: they hear of every new question filed under it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="concept_follows",
        verbose_name=_("user"),
    )
    tag = models.ForeignKey(
        "tags.ConceptTag",
        on_delete=models.CASCADE,
        related_name="follows",
        verbose_name=_("concept"),
    )
    created_at = models.DateTimeField(_("since"), default=timezone.now)

    class Meta:
        verbose_name = _("concept follow")
        verbose_name_plural = _("concept follows")
        constraints = [
            models.UniqueConstraint(fields=["user", "tag"], name="concept_follow_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} follows concept {self.tag_id}"


class QuestionFollow(models.Model):
    """Someone follows a question: they hear of every new answer to it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="question_follows",
        verbose_name=_("user"),
    )
    question = models.ForeignKey(
        "questions.Question",
        on_delete=models.CASCADE,
        related_name="follows",
        verbose_name=_("question"),
    )
    created_at = models.DateTimeField(_("since"), default=timezone.now)

    class Meta:
        verbose_name = _("question follow")
        verbose_name_plural = _("question follows")
        constraints = [
            models.UniqueConstraint(fields=["user", "question"], name="question_follow_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} follows question {self.question_id}"


def followed_concept_ids(user) -> set[int]:
    """The ids of the concepts `user` follows (none for an anonymous visitor)."""
    if not user.is_authenticated:
        return set()
    return set(ConceptFollow.objects.filter(user=user).values_list("tag_id", flat=True))


def follows_question(user, question) -> bool:
    return (
        user.is_authenticated
        and QuestionFollow.objects.filter(user=user, question=question).exists()
    )
