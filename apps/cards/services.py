"""The review deck's one write path: adding and removing cards, grading them."""

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.cards.models import DeckCard, DefinitionCard, ReviewLog
from apps.cards.scheduling import first_due, fsrs_review
from apps.core.errors import ActionRefused, InvalidAction
from apps.core.rows import row_toggle
from apps.tags.models import ConceptTag

RATINGS = {str(value) for value in ReviewLog.Rating.values}


def _card_of(tag: ConceptTag) -> DefinitionCard:
    card = DefinitionCard.objects.filter(concept=tag).order_by().only("id").first()
    if card is None:
        raise ActionRefused(
            _("%(name)s has no definition card yet, so it cannot go in a review deck.")
            % {"name": tag.name}
        )
    return card


def deck_toggle(*, user, tag: ConceptTag, now: dt.datetime | None = None) -> bool:
    """Add the concept's card to `user`'s deck, or take it out. Returns whether it is in the
    deck afterwards. A card added is first due at the start of the next day."""
    card = _card_of(tag)
    now = now or timezone.now()
    return row_toggle(DeckCard, user=user, card=card, fields={"due": first_due(now)})


def deck_add_many(*, user, tags: Iterable[ConceptTag], now: dt.datetime | None = None) -> int:
    """Add the cards of several concepts at once (a whole learning path). Concepts without a
    card and cards already in the deck are skipped. Returns how many cards were added.

    The cards are added in the order of `tags`: they fall due at the same moment, and the
    review shows cards due together in the order they were added, so a path's cards come
    back prerequisites first rather than in the order of their slugs."""
    now = now or timezone.now()
    tags = list(tags)
    position = {tag.pk: n for n, tag in enumerate(tags)}
    with transaction.atomic():
        cards = DefinitionCard.objects.filter(concept__in=tags).order_by()
        have = DeckCard.objects.filter(user=user, card__in=cards).values("card_id")
        new = sorted(
            cards.exclude(pk__in=have).values_list("pk", "concept_id"),
            key=lambda row: position[row[1]],
        )
        DeckCard.objects.bulk_create(
            [DeckCard(user=user, card_id=pk, due=first_due(now)) for pk, _concept in new],
            ignore_conflicts=True,
        )
    return len(new)


def rating_parse(value: str | None) -> int:
    """The `rating` field (1 again, 2 hard, 3 good, 4 easy), or a clear refusal."""
    if value is None or value.strip() not in RATINGS:
        raise InvalidAction(
            _("Choose how well you remembered it: 1 (again), 2 (hard), 3 (good) or 4 (easy).")
        )
    return int(value)


def card_review(
    *, user, tag: ConceptTag, rating: int, now: dt.datetime | None = None
) -> tuple[DeckCard, ReviewLog]:
    """Grade a due card in `user`'s deck: FSRS moves its next due date, a ReviewLog keeps it.

    The row is locked while it is read and written, and only a due card is graded: a double
    click grades once, and the second click is told the card is not due."""
    if rating not in ReviewLog.Rating.values:
        raise InvalidAction(_("That is not a grade."))
    now = now or timezone.now()
    with transaction.atomic():
        deck_card = (
            DeckCard.objects.select_for_update()
            .filter(user=user, card__concept=tag)
            .select_related("card")
            .first()
        )
        if deck_card is None:
            raise ActionRefused(
                _("%(name)s is not in your review deck.") % {"name": tag.name}, status=404
            )
        if deck_card.due > now:
            raise ActionRefused(
                _("%(name)s is not due yet: it is reviewed again on %(date)s.")
                % {
                    "name": tag.name,
                    "date": timezone.localtime(deck_card.due).strftime("%Y-%m-%d %H:%M"),
                },
                status=409,
            )
        was_due = deck_card.due
        card = fsrs_review(deck_card, rating, now)
        deck_card.state = int(card.state)
        deck_card.step = card.step
        deck_card.stability = card.stability
        deck_card.difficulty = card.difficulty
        deck_card.due = card.due
        deck_card.last_review = card.last_review
        deck_card.reviews += 1
        deck_card.save(
            update_fields=[
                "state",
                "step",
                "stability",
                "difficulty",
                "due",
                "last_review",
                "reviews",
            ]
        )
        log = ReviewLog.objects.create(
            user=user,
            card=deck_card.card,
            rating=rating,
            reviewed_at=now,
            was_due=was_due,
            next_due=card.due,
            state=deck_card.state,
            stability=card.stability,
            difficulty=card.difficulty,
        )
    return deck_card, log
