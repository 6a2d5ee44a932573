"""FSRS, the scheduler behind the review deck (the `fsrs` package), and the "next day" rule.

The notes say: memorize the definition, look at it again a day later. So a card added to the
deck is first due at the start of the next day (midnight in the site's time zone, so a card
added in the evening is there with the next morning's reviews), and from its first grade on
FSRS decides. Our scheduler has one short (re)learning step of ten minutes: "Again" or
"Hard" on a card brings it back the same session, "Good" and "Easy" send it days ahead.
Fuzzing is off, so the interval shown on a grade button is the one that grade gives.
"""

import datetime as dt
import functools

from django.utils import timezone
from fsrs import Card, Rating, Scheduler, State

LEARNING_STEP = dt.timedelta(minutes=10)


@functools.cache
def scheduler() -> Scheduler:
    return Scheduler(
        learning_steps=(LEARNING_STEP,),
        relearning_steps=(LEARNING_STEP,),
        enable_fuzzing=False,
    )


def first_due(now: dt.datetime) -> dt.datetime:
    """When a card added at `now` is first shown: the start of the next local day."""
    tomorrow = timezone.localtime(now).date() + dt.timedelta(days=1)
    return timezone.make_aware(dt.datetime.combine(tomorrow, dt.time.min))


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    return value.astimezone(dt.UTC) if value is not None else None


def fsrs_card(deck_card) -> Card:
    """The FSRS card a stored DeckCard holds."""
    return Card(
        card_id=deck_card.pk or 0,
        state=State(deck_card.state),
        step=deck_card.step,
        stability=deck_card.stability,
        difficulty=deck_card.difficulty,
        due=_utc(deck_card.due),
        last_review=_utc(deck_card.last_review),
    )


def fsrs_review(deck_card, rating: int, now: dt.datetime) -> Card:
    """The card after grading it `rating` (1-4) at `now`; the stored row is not touched."""
    card, _log = scheduler().review_card(fsrs_card(deck_card), Rating(rating), _utc(now))
    return card


def previews(deck_card, now: dt.datetime) -> dict[int, dt.datetime]:
    """When the card would be due next after each of the four grades."""
    return {rating: fsrs_review(deck_card, rating, now).due for rating in Rating}
