"""A double click on Follow, for real on PostgreSQL: two toggles of one follow at once."""

import pytest
from django.db import connection

from apps.following.models import ConceptFollow, QuestionFollow
from apps.following.services import concept_follow_toggle, question_follow_toggle
from tests.conftest import in_parallel

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="concurrent inserts are exercised on PostgreSQL"
    ),
]


def test_a_double_submit_never_errors_nor_follows_twice(make_user, make_tag):
    member, tag = make_user(), make_tag()
    for _round in range(5):
        ConceptFollow.objects.all().delete()
        results: list[bool] = []

        def click(into=results):
            into.append(concept_follow_toggle(user=member, tag=tag))

        in_parallel([click, click])
        follows = ConceptFollow.objects.filter(user=member, tag=tag).count()
        # Both saw no follow and both followed (one row), or one followed and one unfollowed.
        assert sorted(results) in ([True, True], [False, True])
        assert follows == (1 if results == [True, True] else 0)


def test_many_members_following_one_question_at_once_all_follow_it(make_user, make_question):
    question = make_question()
    members = [make_user() for _ in range(8)]
    in_parallel(
        [(lambda m=member: question_follow_toggle(user=m, question=question)) for member in members]
    )
    followers = set(QuestionFollow.objects.filter(question=question).values_list("user", flat=True))
    assert followers == {question.author_id, *(member.pk for member in members)}
