"""A double click on a grade or on "add the whole path", for real on PostgreSQL."""

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from apps.cards.models import DeckCard, ReviewLog
from apps.cards.services import card_review, deck_add_many, deck_toggle
from apps.core.errors import ActionRefused
from tests.conftest import in_parallel

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks are exercised on PostgreSQL"
    ),
]


def test_two_grades_at_once_grade_the_card_once(make_user, make_card):
    member, card = make_user(), make_card()
    deck_toggle(user=member, tag=card.concept)
    for _round in range(5):
        DeckCard.objects.filter(user=member).update(due=timezone.now() - dt.timedelta(minutes=1))
        ReviewLog.objects.all().delete()
        outcomes: list[str] = []

        def click(into=outcomes):
            try:
                card_review(user=member, tag=card.concept, rating=3)
                into.append("graded")
            except ActionRefused:
                into.append("refused")

        in_parallel([click, click])
        assert sorted(outcomes) == ["graded", "refused"]
        assert ReviewLog.objects.count() == 1


def test_adding_a_path_twice_at_once_adds_each_card_once(make_user, make_card):
    member = make_user()
    tags = [make_card().concept for _ in range(4)]
    added: list[int] = []
    in_parallel([lambda: added.append(deck_add_many(user=member, tags=tags))] * 2)
    assert DeckCard.objects.filter(user=member).count() == 4
    assert 4 <= sum(added) <= 8  # each run says what it tried to add; the rows are once
