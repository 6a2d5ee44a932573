"""Definition cards (one per concept) and each member's review deck, scheduled by FSRS."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.cards.formulas import formula_html
from apps.core.language import in_reader_language
from apps.tags.models import ConceptTag

FORMULA_MAX_LENGTH = 500


class DefinitionCard(models.Model):
    """What to memorize about a concept: its definition, one formula, where it is used.

    Seeded from apps/cards/data/cards.json; staff edit it in the admin, and the seed keeps
    their edits. The formula is stored as LaTeX and rendered once, when saved."""

    concept = models.OneToOneField(
        ConceptTag,
        on_delete=models.CASCADE,
        related_name="definition_card",
        verbose_name=_("concept"),
    )
    definition_ko = models.TextField(_("Korean definition"))
    definition_en = models.TextField(_("English definition"))
    formula = models.CharField(
        _("formula"),
        max_length=FORMULA_MAX_LENGTH,
        blank=True,
        help_text=_("LaTeX without $ delimiters, e.g. \\sigma(x) = \\frac{1}{1+e^{-x}}"),
    )
    formula_html = models.TextField(editable=False, blank=True)
    used_ko = models.TextField(_("where it is used (Korean)"), blank=True)
    used_en = models.TextField(_("where it is used (English)"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("definition card")
        verbose_name_plural = _("definition cards")
        ordering = ["concept__slug"]

    def __str__(self) -> str:
        return str(self.concept)

    def save(self, *args, **kwargs):
        self.formula_html = formula_html(self.formula)
        if kwargs.get("update_fields") is not None and "formula" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "formula_html"}
        super().save(*args, **kwargs)

    @property
    def definition(self) -> str:
        return in_reader_language(self.definition_ko, self.definition_en)

    @property
    def used(self) -> str:
        return in_reader_language(self.used_ko, self.used_en)


class DeckCard(models.Model):
    """A definition card in one member's deck, with its FSRS memory state.

    `due` is when it is shown again: the start of the day after it was added, then whatever
    FSRS says after each grade. The other columns are FSRS's `Card` fields, so the scheduler
    state can be rebuilt exactly (apps.cards.scheduling)."""

    class State(models.IntegerChoices):
        # The values are fsrs.State's.
        LEARNING = 1, _("learning")
        REVIEW = 2, _("review")
        RELEARNING = 3, _("relearning")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="deck_cards",
        verbose_name=_("member"),
    )
    card = models.ForeignKey(
        DefinitionCard,
        on_delete=models.CASCADE,
        related_name="deck_cards",
        verbose_name=_("definition card"),
    )
    due = models.DateTimeField(_("due"))
    state = models.PositiveSmallIntegerField(_("state"), choices=State, default=State.LEARNING)
    step = models.PositiveSmallIntegerField(null=True, blank=True, default=0)
    stability = models.FloatField(null=True, blank=True)
    difficulty = models.FloatField(null=True, blank=True)
    last_review = models.DateTimeField(_("last review"), null=True, blank=True)
    reviews = models.PositiveIntegerField(_("reviews"), default=0)
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("card in a deck")
        verbose_name_plural = _("cards in decks")
        constraints = [
            models.UniqueConstraint(fields=["user", "card"], name="cards_deckcard_once_per_user")
        ]
        # "What is due for me": the header's count, /review/, the digest.
        indexes = [models.Index(fields=["user", "due"], name="cards_deck_user_due")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.card_id}"


class ReviewLog(models.Model):
    """One grade given to a card: the history, kept even when the card leaves the deck."""

    class Rating(models.IntegerChoices):
        # The values are fsrs.Rating's and the form field's.
        AGAIN = 1, _("Again")
        HARD = 2, _("Hard")
        GOOD = 3, _("Good")
        EASY = 4, _("Easy")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="card_reviews",
        verbose_name=_("member"),
    )
    card = models.ForeignKey(
        DefinitionCard,
        on_delete=models.CASCADE,
        related_name="review_logs",
        verbose_name=_("definition card"),
    )
    rating = models.PositiveSmallIntegerField(_("rating"), choices=Rating)
    reviewed_at = models.DateTimeField(_("reviewed"))
    was_due = models.DateTimeField(_("was due"))
    next_due = models.DateTimeField(_("next due"))
    state = models.PositiveSmallIntegerField(_("state"), choices=DeckCard.State)
    stability = models.FloatField(null=True)
    difficulty = models.FloatField(null=True)

    class Meta:
        verbose_name = _("card review")
        verbose_name_plural = _("card reviews")
        indexes = [models.Index(fields=["user", "-reviewed_at"], name="cards_review_user_time")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.card_id} {self.rating}"
