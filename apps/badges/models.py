from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.badges.registry import Badge, badge_get


class BadgeAwardQuerySet(models.QuerySet):
    def for_list(self):
        """Awards with their person and concept: one query a page."""
        return self.select_related("user", "concept")


class BadgeAward(models.Model):
    """A badge a member earned, once (or once per concept, for a per-concept badge).

    The badges themselves are defined in code (apps.badges.registry); a row names one by its
    slug. Rows are written only by apps.badges.services, inside the transaction of the action
    that earned them, and stay when that action is undone (as on Stack Exchange).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="badge_awards",
        verbose_name=_("user"),
    )
    badge = models.CharField(_("badge"), max_length=40)
    # Set for per-concept badges only ("Likelihood helper"): the concept it was earned under.
    concept = models.ForeignKey(
        "tags.ConceptTag",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("concept"),
    )
    created_at = models.DateTimeField(_("earned"), auto_now_add=True)

    objects = BadgeAwardQuerySet.as_manager()

    class Meta:
        verbose_name = _("badge award")
        verbose_name_plural = _("badge awards")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "-created_at"]),
            models.Index(fields=["badge", "-created_at"]),
        ]
        # NULLs are distinct in a unique index: a plain (user, badge, concept) constraint
        # would let two concept-less rows through, so each shape has its own.
        constraints = [
            models.UniqueConstraint(
                fields=["user", "badge"],
                condition=Q(concept__isnull=True),
                name="badge_award_once",
            ),
            models.UniqueConstraint(
                fields=["user", "badge", "concept"],
                condition=Q(concept__isnull=False),
                name="badge_award_once_per_concept",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.badge}"

    @property
    def definition(self) -> Badge | None:
        """The badge's definition; None for a slug no longer defined (kept, never shown)."""
        return badge_get(self.badge)
