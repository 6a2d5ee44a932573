"""The votes' admin list costs a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.votes.models import Vote
from apps.votes.services import vote_cast
from tests.conftest import log_in

pytestmark = pytest.mark.django_db


def _add_votes(make_user, make_question, make_answer, rounds: int) -> None:
    for _ in range(rounds):
        answer = make_answer()
        vote_cast(user=make_user(), post=answer.question, value=1)
        vote_cast(user=make_user(), post=answer, value=1)


def test_the_vote_list_costs_the_same_queries_for_4_or_20_rows(
    client, make_user, make_question, make_answer, django_assert_max_num_queries
):
    log_in(client, make_user(is_staff=True, is_superuser=True))
    _add_votes(make_user, make_question, make_answer, rounds=2)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/admin/votes/vote/").status_code == 200
    _add_votes(make_user, make_question, make_answer, rounds=8)
    assert Vote.objects.count() == 20
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/admin/votes/vote/").status_code == 200
