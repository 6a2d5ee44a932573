"""The deck's write path: adding (due the next day), removing, adding a whole path, grading
with FSRS, and the refusals that keep bad input from doing anything."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from apps.cards.models import DeckCard, ReviewLog
from apps.cards.queries import due_cards
from apps.cards.scheduling import first_due
from apps.cards.services import card_review, deck_add_many, deck_toggle, rating_parse
from apps.core.errors import ActionRefused, InvalidAction

SEOUL = ZoneInfo("Asia/Seoul")
EVENING = dt.datetime(2026, 3, 2, 21, 30, tzinfo=SEOUL)


def test_a_card_added_is_first_due_at_the_start_of_the_next_day(make_user, make_card):
    card = make_card()
    user = make_user()
    assert deck_toggle(user=user, tag=card.concept, now=EVENING) is True
    deck_card = DeckCard.objects.get(user=user, card=card)
    assert deck_card.due == dt.datetime(2026, 3, 3, 0, 0, tzinfo=SEOUL)
    assert first_due(dt.datetime(2026, 3, 2, 0, 5, tzinfo=SEOUL)) == deck_card.due


def test_toggling_again_takes_the_card_out(make_user, make_card):
    card = make_card()
    user = make_user()
    deck_toggle(user=user, tag=card.concept)
    assert deck_toggle(user=user, tag=card.concept) is False
    assert not DeckCard.objects.filter(user=user).exists()


def test_a_concept_without_a_card_cannot_be_added(make_user, make_tag):
    tag = make_tag()
    with pytest.raises(ActionRefused, match="아직 정의 카드가 없어"):
        deck_toggle(user=make_user(), tag=tag)
    assert not DeckCard.objects.exists()


def test_adding_a_whole_path_skips_concepts_without_cards_and_cards_already_there(
    make_user, make_card, make_tag
):
    user = make_user()
    have, new_one, new_two = make_card(), make_card(), make_card()
    bare = make_tag()
    deck_toggle(user=user, tag=have.concept)
    tags = [have.concept, new_one.concept, bare, new_two.concept]
    assert deck_add_many(user=user, tags=tags, now=EVENING) == 2
    assert deck_add_many(user=user, tags=tags, now=EVENING) == 0
    assert set(DeckCard.objects.filter(user=user).values_list("card_id", flat=True)) == {
        have.pk,
        new_one.pk,
        new_two.pk,
    }
    assert DeckCard.objects.get(user=user, card=new_one).due == first_due(EVENING)


def test_a_whole_path_comes_back_in_the_order_given_not_by_slug(make_user, make_card, make_tag):
    """Cards added together fall due together; the review shows them in the order added."""
    last, middle, first = (make_card(make_tag(slug)) for slug in ("aaa-last", "mmm", "zzz-first"))
    user = make_user()
    assert deck_add_many(user=user, tags=[first.concept, middle.concept, last.concept]) == 3
    soon = timezone.now() + dt.timedelta(days=2)
    assert [deck_card.card_id for deck_card in due_cards(user, soon)] == [
        first.pk,
        middle.pk,
        last.pk,
    ]


def test_a_card_is_not_due_the_day_it_is_added_and_is_graded_the_next(make_user, make_card):
    card = make_card()
    user = make_user()
    deck_toggle(user=user, tag=card.concept, now=EVENING)
    with pytest.raises(ActionRefused, match="아직 복습할 때가 아닙니다"):
        card_review(user=user, tag=card.concept, rating=3, now=EVENING + dt.timedelta(hours=1))

    next_morning = dt.datetime(2026, 3, 3, 8, 0, tzinfo=SEOUL)
    deck_card, log = card_review(user=user, tag=card.concept, rating=3, now=next_morning)
    # "Good" on a new card sends it days ahead (FSRS's first stability for Good: 2+ days).
    assert deck_card.state == DeckCard.State.REVIEW
    assert deck_card.due - next_morning >= dt.timedelta(days=2)
    assert deck_card.reviews == 1 and deck_card.stability and deck_card.difficulty
    assert (log.rating, log.reviewed_at, log.next_due) == (3, next_morning, deck_card.due)
    assert log.was_due == dt.datetime(2026, 3, 3, 0, 0, tzinfo=SEOUL)


def test_again_brings_the_card_back_in_ten_minutes_and_the_history_stays(make_user, make_card):
    card = make_card()
    user = make_user()
    deck_toggle(user=user, tag=card.concept, now=EVENING)
    morning = dt.datetime(2026, 3, 3, 8, 0, tzinfo=SEOUL)
    deck_card, _log = card_review(user=user, tag=card.concept, rating=1, now=morning)
    assert deck_card.due == morning + dt.timedelta(minutes=10)
    later = morning + dt.timedelta(minutes=11)
    deck_card, _log = card_review(user=user, tag=card.concept, rating=4, now=later)
    assert deck_card.due >= later + dt.timedelta(days=1)
    assert list(ReviewLog.objects.order_by("reviewed_at").values_list("rating", flat=True)) == [
        1,
        4,
    ]
    deck_toggle(user=user, tag=card.concept)  # out of the deck: the history is kept
    assert ReviewLog.objects.filter(user=user).count() == 2


def test_grading_twice_in_a_row_grades_once(make_user, make_card):
    card = make_card()
    user = make_user()
    deck_toggle(user=user, tag=card.concept, now=EVENING)
    morning = dt.datetime(2026, 3, 3, 8, 0, tzinfo=SEOUL)
    card_review(user=user, tag=card.concept, rating=3, now=morning)
    with pytest.raises(ActionRefused):
        card_review(user=user, tag=card.concept, rating=3, now=morning)
    assert ReviewLog.objects.count() == 1


def test_grading_a_card_not_in_the_deck_is_refused(make_user, make_card):
    card = make_card()
    with pytest.raises(ActionRefused, match="복습 덱에 없습니다") as refused:
        card_review(user=make_user(), tag=card.concept, rating=3)
    assert refused.value.status == 404


@pytest.mark.parametrize("value", [None, "", "0", "5", "good", "3.0", "-1", "١"])
def test_a_bad_rating_is_refused(value):
    with pytest.raises(InvalidAction):
        rating_parse(value)


def test_the_ratings_are_one_to_four():
    assert [rating_parse(v) for v in ("1", "2", "3", " 4 ")] == [1, 2, 3, 4]


def test_an_invalid_grade_number_never_reaches_the_scheduler(make_user, make_card):
    card = make_card()
    user = make_user()
    deck_toggle(user=user, tag=card.concept, now=timezone.now() - dt.timedelta(days=3))
    with pytest.raises(InvalidAction):
        card_review(user=user, tag=card.concept, rating=7)
    assert not ReviewLog.objects.exists()
