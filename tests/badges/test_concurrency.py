"""Real concurrency on PostgreSQL: two transactions awarding one badge at the same moment."""

import pytest
from django.db import connection, transaction

from apps.badges.models import BadgeAward
from apps.badges.services import badge_award, badges_check
from apps.votes.services import vote_cast
from tests.conftest import in_parallel

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="concurrent inserts are exercised on PostgreSQL"
    ),
]


def test_two_awards_at_once_keep_one(make_user, make_tag):
    user, concept = make_user(), make_tag()

    def award():
        with transaction.atomic():
            badge_award(user=user, slug="sponsor")
            badge_award(user=user, slug="concept-helper", concept=concept)

    in_parallel([award, award, award])
    assert BadgeAward.objects.filter(user=user, badge="sponsor").count() == 1
    assert BadgeAward.objects.filter(user=user, badge="concept-helper").count() == 1


def test_two_checks_at_once_keep_one(make_user, make_question):
    question = make_question()
    voter = make_user()
    vote_cast(user=voter, post=question, value=1)
    BadgeAward.objects.filter(user=voter).delete()

    def check():
        with transaction.atomic():
            badges_check(wanted={voter.pk: {"cheerleader"}})

    in_parallel([check, check, check])
    assert BadgeAward.objects.filter(user=voter, badge="cheerleader").count() == 1
