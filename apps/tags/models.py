from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.core.language import in_reader_language, reads_english

MAX_TAGS_PER_QUESTION = 5
TAG_NAME_MAX_LENGTH = 60  # a concept's slug and each of its names


class Area(models.Model):
    """A field of mathematics or AI that groups concepts (선형대수, 확률론, 추천 시스템 …)."""

    slug = models.SlugField(_("slug"), unique=True)
    name_ko = models.CharField(_("Korean name"), max_length=60)
    name_en = models.CharField(_("English name"), max_length=60)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["position", "slug"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if reads_english() else self.name_ko


class ConceptTagQuerySet(models.QuerySet):
    def search(self, term: str):
        """Tags whose slug, Korean or English name or an alias contains `term`."""
        term = term.strip()
        if not term:
            return self.none()
        return self.filter(
            Q(slug__icontains=term)
            | Q(name_ko__icontains=term)
            | Q(name_en__icontains=term)
            | Q(aliases__icontains=term)
        )


class ConceptTag(models.Model):
    """A math concept that questions are filed under, linked to the D2L sections that teach it."""

    slug = models.SlugField(
        _("slug"), unique=True, max_length=TAG_NAME_MAX_LENGTH, allow_unicode=True
    )
    name_ko = models.CharField(_("Korean name"), max_length=TAG_NAME_MAX_LENGTH)
    name_en = models.CharField(_("English name"), max_length=TAG_NAME_MAX_LENGTH)
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="tags", verbose_name=_("area")
    )
    aliases = models.CharField(
        _("aliases"),
        max_length=300,
        blank=True,
        help_text=_("Other names, comma-separated (e.g. 우도, MLE); used by autocomplete."),
    )
    description_ko = models.TextField(_("Korean description"), blank=True)
    description_en = models.TextField(_("English description"), blank=True)
    prerequisites = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="unlocks",
        verbose_name=_("prerequisites"),
    )
    # Stored counter: changed only by apps.tags.services, repaired by `manage.py recount`.
    question_count = models.PositiveIntegerField(_("questions"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ConceptTagQuerySet.as_manager()

    class Meta:
        verbose_name = _("concept tag")
        verbose_name_plural = _("concept tags")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("tags:detail", kwargs={"slug": self.slug})

    @property
    def name(self) -> str:
        return self.name_en if reads_english() else self.name_ko

    @property
    def other_name(self) -> str:
        """The name in the other language, shown beside the main one."""
        return self.name_ko if reads_english() else self.name_en

    @property
    def description(self) -> str:
        return in_reader_language(self.description_ko, self.description_en)


class StudyLink(models.Model):
    """A D2L section that teaches a concept: English 1.0 page, Korean page where one exists."""

    tag = models.ForeignKey(
        ConceptTag, on_delete=models.CASCADE, related_name="links", verbose_name=_("concept")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    section = models.CharField(_("section"), max_length=12)
    title_en = models.CharField(_("English title"), max_length=200)
    url_en = models.URLField(_("English page"))
    title_ko = models.CharField(_("Korean title"), max_length=200, blank=True)
    url_ko = models.URLField(_("Korean page"), blank=True)
    closest = models.BooleanField(
        _("closest only"),
        default=False,
        help_text=_("D2L has no section on this concept; this is the closest one."),
    )

    class Meta:
        verbose_name = _("study link")
        verbose_name_plural = _("study links")
        ordering = ["tag", "position", "id"]

    def __str__(self) -> str:
        return f"{self.section} {self.title_en}"

    @property
    def title(self) -> str:
        return self.title_en if reads_english() or not self.title_ko else self.title_ko
