from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Vote(models.Model):
    """One person's vote on one post."""

    UP = 1
    DOWN = -1

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="votes",
        verbose_name=_("voter"),
    )
    post = models.ForeignKey(
        "posts.Post", on_delete=models.CASCADE, related_name="votes", verbose_name=_("post")
    )
    value = models.SmallIntegerField(_("value"), choices=[(UP, _("up")), (DOWN, _("down"))])
    created_at = models.DateTimeField(_("cast"), default=timezone.now)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.CheckConstraint(condition=Q(value__in=[1, -1]), name="vote_value_up_or_down"),
            models.UniqueConstraint(fields=["user", "post"], name="one_vote_per_user_per_post"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.value:+d} on {self.post}"
