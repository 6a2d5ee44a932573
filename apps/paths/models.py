"""Study paths by field (추천 시스템, 컴퓨터 비전 …): the concepts a field uses, and why, in the
order their prerequisites give; and the concepts each member has marked learned."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.language import in_reader_language, reads_english


class Path(models.Model):
    """A field of AI and the curated set of concepts it needs (apps/paths/data/paths.json)."""

    slug = models.SlugField(_("slug"), unique=True)
    name_ko = models.CharField(_("Korean name"), max_length=80)
    name_en = models.CharField(_("English name"), max_length=80)
    description_ko = models.TextField(_("Korean description"), blank=True)
    description_en = models.TextField(_("English description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("study path")
        verbose_name_plural = _("study paths")
        ordering = ["position", "slug"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("paths:detail", kwargs={"slug": self.slug})

    @property
    def name(self) -> str:
        return self.name_en if reads_english() else self.name_ko

    @property
    def description(self) -> str:
        return in_reader_language(self.description_ko, self.description_en)


class PathStep(models.Model):
    """A concept on a path, with why the field needs it. Shown in prerequisite order
    (apps.paths.order), not in the order stored."""

    path = models.ForeignKey(
        Path, on_delete=models.CASCADE, related_name="steps", verbose_name=_("study path")
    )
    tag = models.ForeignKey(
        "tags.ConceptTag",
        on_delete=models.CASCADE,
        related_name="path_steps",
        verbose_name=_("concept"),
    )
    why_ko = models.TextField(_("why (Korean)"))
    why_en = models.TextField(_("why (English)"))

    class Meta:
        verbose_name = _("path step")
        verbose_name_plural = _("path steps")
        ordering = ["path", "id"]
        constraints = [
            models.UniqueConstraint(fields=["path", "tag"], name="path_step_once"),
        ]

    def __str__(self) -> str:
        return f"{self.path_id}: {self.tag_id}"

    @property
    def why(self) -> str:
        return in_reader_language(self.why_ko, self.why_en)


class Learned(models.Model):
    """A member has marked a concept learned: their progress on every path that has it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="learned_concepts",
        verbose_name=_("user"),
    )
    tag = models.ForeignKey(
        "tags.ConceptTag",
        on_delete=models.CASCADE,
        related_name="learned_by",
        verbose_name=_("concept"),
    )
    created_at = models.DateTimeField(_("since"), default=timezone.now)

    class Meta:
        verbose_name = _("learned concept")
        verbose_name_plural = _("learned concepts")
        constraints = [
            models.UniqueConstraint(fields=["user", "tag"], name="learned_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} learned concept {self.tag_id}"


def learned_concept_ids(user) -> set[int]:
    """The ids of the concepts `user` has marked learned (none for an anonymous visitor)."""
    if not user.is_authenticated:
        return set()
    return set(Learned.objects.filter(user=user).values_list("tag_id", flat=True))


def has_learned(user, tag) -> bool:
    return user.is_authenticated and Learned.objects.filter(user=user, tag=tag).exists()
