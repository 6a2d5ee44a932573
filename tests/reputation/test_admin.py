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


def test_the_ledger_cannot_be_written_in_the_admin(client, make_user, make_question):
    log_in(client, make_user(is_staff=True, is_superuser=True))
    person = make_user()
    vote_cast(user=make_user(), post=make_question(author=person), value=1)
    event = ReputationEvent.objects.get(user=person)
    url = f"/admin/reputation/reputationevent/{event.pk}/"
    assert client.get("/admin/reputation/reputationevent/add/").status_code == 403
    assert client.get(f"{url}change/").status_code == 200  # shown, read only
    assert client.post(f"{url}change/", {"amount": 1000}).status_code == 403
    assert client.post(f"{url}delete/", {"post": "yes"}).status_code == 403
    event.refresh_from_db()
    person.refresh_from_db()
    assert (event.amount, person.reputation) == (10, 11)


def test_the_ledger_is_found_by_username(client, make_user, make_question):
    log_in(client, make_user(is_staff=True, is_superuser=True))
    wanted, other = make_user("ledger-wanted"), make_user("ledger-other")
    for person in (wanted, other):
        vote_cast(user=make_user(), post=make_question(author=person), value=1)
    response = client.get("/admin/reputation/reputationevent/", {"q": "ledger-wanted"})
    assert [event.user for event in response.context["cl"].result_list] == [wanted]
