"""The reputation ledger's admin list costs a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.answers.services import answer_accept
from apps.reputation.models import ReputationEvent
from apps.votes.services import vote_cast
from tests.conftest import log_in

pytestmark = pytest.mark.django_db


def _add_events(make_user, make_question, make_answer, rounds: int) -> None:
    """Events of every kind: question and answer votes (up and down) and accepts."""
    for _ in range(rounds):
        question = make_question()
        answer = make_answer(question=question)
        vote_cast(user=make_user(), post=question, value=1)
        vote_cast(user=make_user(), post=answer, value=-1)  # two events: author and voter
        answer_accept(user=question.author, answer=answer)  # two events


@pytest.mark.usefixtures("anyone_downvotes")
def test_the_ledger_list_costs_the_same_queries_for_5_or_20_rows(
    client, make_user, make_question, make_answer, django_assert_max_num_queries
):
    log_in(client, make_user(is_staff=True, is_superuser=True))
    _add_events(make_user, make_question, make_answer, rounds=1)
    assert ReputationEvent.objects.count() == 5
    with CaptureQueriesContext(connection) as few:
        assert client.get("/admin/reputation/reputationevent/").status_code == 200
    _add_events(make_user, make_question, make_answer, rounds=3)
    assert ReputationEvent.objects.count() == 20
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/admin/reputation/reputationevent/").status_code == 200
