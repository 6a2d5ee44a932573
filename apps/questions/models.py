from django.conf import settings
from django.core.validators import MinLengthValidator
from django.db import models
from django.db.models import F, FilteredRelation, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from apps.answers.models import Answer
from apps.posts.models import (
    LIVE,
    REVISION_SUMMARY_MAX_LENGTH,
    LiveManager,
    PostBase,
    PostRowQuerySet,
)
from apps.reading.sections import SECTION_MAX_LENGTH
from apps.tags.models import ConceptTag

TITLE_MIN_LENGTH = 5
TITLE_MAX_LENGTH = 150
# Action URLs that live beside `/questions/<id>/<slug>/`: a slug must never equal one of them.
RESERVED_SLUGS = frozenset(
    {"answer", "edit", "vote", "follow", "revisions", "accept"}
    | {"flag", "delete", "restore", "close", "reopen"}  # apps.moderation
    | {"bounty"}  # apps.bounties
)


class CloseReason(models.TextChoices):
    DUPLICATE = "duplicate", _("a duplicate")
    OFF_TOPIC = "off_topic", _("off-topic")
    UNCLEAR = "unclear", _("unclear")


class QuestionQuerySet(PostRowQuerySet):
    def for_list(self, *extra_fields: str):
        """Everything a question row shows (and `extra_fields`): one query, plus one for all
        the rows' tags."""
        tags = ConceptTag.objects.only("id", "slug", "name_ko", "name_en")
        return (
            self.select_related("author")
            .prefetch_related(Prefetch("tags", queryset=tags))
            .only(
                "id",
                "title",
                "score",
                "answer_count",
                "view_count",
                "accepted_answer_id",
                "created_at",
                "last_activity_at",
                "author__id",
                "author__username",
                "author__display_name",
                "author__reputation",
                *extra_fields,
            )
        )

    def tab(self, name: str):
        """Order (and filter) by a home-page tab: newest, active, top, unanswered, or
        featured (those with an open bounty, the newest bounty first, its amount as
        `bounty_amount`)."""
        if name == "featured":
            # Through the bounties' reverse relation (apps.bounties): at most one is open.
            return (
                self.annotate(
                    open_bounty=FilteredRelation("bounties", condition=Q(bounties__state="open"))
                )
                .filter(open_bounty__isnull=False)
                .annotate(
                    bounty_amount=F("open_bounty__amount"),
                    bounty_started=F("open_bounty__created_at"),
                )
                .order_by("-bounty_started", "-id")
            )
        if name == "active":
            return self.order_by("-last_activity_at", "-id")
        if name == "top":
            return self.order_by("-score", "-created_at", "-id")
        if name == "unanswered":
            return self.filter(answer_count=0).order_by("-created_at", "-id")
        return self.order_by("-created_at", "-id")

    def with_all_tags(self, tags):
        """Questions filed under every one of `tags`: one subquery, whatever their number."""
        having_all = (
            self.model.tags.through.objects.filter(concepttag__in=tags)
            .values("question")
            .annotate(matched=models.Count("concepttag"))
            .filter(matched=len(tags))
            .values("question")
        )
        return self.filter(pk__in=having_all)

    def under_concepts_followed_by(self, user):
        """Questions filed under any concept `user` follows (each once)."""
        filed = self.model.tags.through.objects.filter(concepttag__follows__user=user)
        return self.filter(pk__in=filed.values("question"))

    def for_page(self):
        """Questions with everything their page shows, the same for every reader: answers
        (accepted first, then score, then oldest; deleted ones too, which only moderators
        and their authors see: apps.questions.pages), concepts and their D2L links."""
        answers = Answer.all_objects.select_related("author", "edited_by").in_display_order()
        tags = ConceptTag.objects.prefetch_related("links")
        # The paper it implements (apps.papers), if any, joined in the same query.
        return self.select_related("author", "edited_by", "duplicate_of", "paper").prefetch_related(
            Prefetch("answers", queryset=answers, to_attr="prefetched_answers"),
            Prefetch("tags", queryset=tags),
        )


class Question(PostBase):
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="questions",
        verbose_name=_("author"),
    )
    title = models.CharField(
        _("title"),
        max_length=TITLE_MAX_LENGTH,
        validators=[MinLengthValidator(TITLE_MIN_LENGTH)],
    )
    body = models.TextField(_("body"), help_text=_("Markdown with $math$ and code."))
    # Rendered once when the post is saved (apps.markup); never rendered per request.
    body_html = models.TextField(editable=False)

    # Stored counters: changed only by service functions, repaired by `manage.py recount`.
    score = models.IntegerField(_("score"), default=0)
    answer_count = models.PositiveIntegerField(_("answers"), default=0)
    view_count = models.PositiveIntegerField(_("views"), default=0)
    tags = models.ManyToManyField(
        "tags.ConceptTag", related_name="questions", blank=True, verbose_name=_("concepts")
    )
    accepted_answer = models.OneToOneField(
        "answers.Answer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted answer"),
    )

    created_at = models.DateTimeField(_("asked"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("edited"), null=True, blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("edited by"),
    )
    last_activity_at = models.DateTimeField(_("last activity"), default=timezone.now)
    # The D2L section (English 1.0 numbering, "22.7") the asker was reading: apps.reading.
    d2l_section = models.CharField(_("D2L section"), max_length=SECTION_MAX_LENGTH, blank=True)

    # Closed: no new answers. A duplicate points at the question it repeats.
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_reason = models.CharField(
        _("closed as"), max_length=20, choices=CloseReason.choices, blank=True
    )
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("duplicate of"),
    )

    # The site sees live questions only; moderation and restore use `all_objects`.
    objects = LiveManager.from_queryset(QuestionQuerySet)()
    all_objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        # One per list order, over live questions only, holding everything a page's id query
        # reads: a deep page is then an index-only scan (see apps.core.pagination).
        indexes = [
            models.Index(
                fields=["-created_at", "-id"], condition=LIVE, name="question_newest_live_idx"
            ),
            models.Index(
                fields=["-last_activity_at", "-id"], condition=LIVE, name="question_active_live_idx"
            ),
            models.Index(
                fields=["-score", "-created_at", "-id"],
                condition=LIVE,
                name="question_top_live_idx",
            ),
            models.Index(
                fields=["-created_at", "-id"],
                condition=LIVE & models.Q(answer_count=0),
                name="question_unanswered_live_idx",
            ),
            # A section's questions, newest first, and every section's count (apps.reading):
            # over the few questions asked while reading only.
            models.Index(
                fields=["d2l_section", "-created_at", "-id"],
                condition=LIVE & ~models.Q(d2l_section=""),
                name="question_section_live_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("questions:detail", kwargs={"pk": self.pk, "slug": self.slug})

    @property
    def slug(self) -> str:
        # Keeps Hangul: "대학원 필수?" -> "대학원-필수". A title of only symbols still gets a slug.
        slug = slugify(self.title, allow_unicode=True)[:80].strip("-") or "q"
        return f"{slug}-q" if slug in RESERVED_SLUGS else slug


class QuestionRevision(models.Model):
    """One version of a question: its title, Markdown body and concepts as they were then.

    Revision 1 is the question as asked; each edit that changes something adds the next.
    Concepts are kept as their slugs, sorted and comma-separated, so a revision still reads
    after a concept is renamed or merged.
    """

    question = models.ForeignKey(
        Question,
        on_delete=models.CASCADE,
        related_name="revisions",
        verbose_name=_("question"),
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
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    body = models.TextField(_("body"))
    tags = models.TextField(_("concepts"), blank=True, help_text=_("Slugs, comma-separated."))

    class Meta:
        verbose_name = _("question revision")
        verbose_name_plural = _("question revisions")
        constraints = [
            models.UniqueConstraint(
                fields=["question", "number"], name="question_revision_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.question_id} r{self.number}"

    @property
    def tag_slugs(self) -> list[str]:
        return [slug for slug in self.tags.split(",") if slug]
