from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Vote(models.Model):
    """One person's vote on one question or answer (exactly one of the two)."""

    UP = 1
    DOWN = -1

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="votes",
        verbose_name=_("voter"),
    )
    question = models.ForeignKey(
        "questions.Question",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="votes",
        verbose_name=_("question"),
    )
    answer = models.ForeignKey(
        "answers.Answer",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="votes",
        verbose_name=_("answer"),
    )
    value = models.SmallIntegerField(_("value"), choices=[(UP, _("up")), (DOWN, _("down"))])
    created_at = models.DateTimeField(_("cast"), default=timezone.now)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.CheckConstraint(
                condition=(Q(question__isnull=False) & Q(answer__isnull=True))
                | (Q(question__isnull=True) & Q(answer__isnull=False)),
                name="vote_on_exactly_one_post",
            ),
            models.CheckConstraint(condition=Q(value__in=[1, -1]), name="vote_value_up_or_down"),
            models.UniqueConstraint(
                fields=["user", "question"],
                condition=Q(question__isnull=False),
                name="one_vote_per_user_per_question",
            ),
            models.UniqueConstraint(
                fields=["user", "answer"],
                condition=Q(answer__isnull=False),
                name="one_vote_per_user_per_answer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.value:+d} on {self.post}"

    @property
    def post(self):
        return self.question if self.question_id else self.answer


def user_vote_of(user, post_field: str):
    """An expression for `user`'s vote (1, -1 or None) on the row's post, for `.annotate()`.

    `post_field` is "question" or "answer". Anonymous people have no vote: a constant, no query.
    """
    if not user.is_authenticated:
        return models.Value(None, output_field=models.SmallIntegerField())
    return models.Subquery(
        Vote.objects.filter(**{post_field: models.OuterRef("pk")}, user=user).values("value")[:1]
    )
