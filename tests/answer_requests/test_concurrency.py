"""Real concurrency on PostgreSQL: requests racing on one question keep its limit of three."""

import pytest
from django.db import connection

from apps.answer_requests.models import REQUESTS_PER_QUESTION, AnswerRequest
from apps.answer_requests.services import answer_request_create
from apps.core.errors import ActionRefused
from apps.notifications.models import Kind, Notification
from tests.conftest import in_parallel

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks are exercised on PostgreSQL"
    ),
]


def _refusing(fn, refused: list):
    def run():
        try:
            fn()
        except ActionRefused as error:
            refused.append(error)

    return run


def test_two_requests_at_once_for_the_last_place_make_one(make_user, make_question):
    asker = make_user(reputation=100)
    question = make_question(author=asker)
    for _ in range(REQUESTS_PER_QUESTION - 1):
        answer_request_create(asker=asker, question=question, person=make_user())
    people = [make_user(), make_user()]
    refused = []
    in_parallel(
        [
            _refusing(
                lambda p=p: answer_request_create(asker=asker, question=question, person=p),
                refused,
            )
            for p in people
        ]
    )
    assert AnswerRequest.objects.filter(question=question).count() == REQUESTS_PER_QUESTION
    assert len(refused) == 1
    assert Notification.objects.filter(kind=Kind.ANSWER_REQUEST).count() == REQUESTS_PER_QUESTION


def test_six_requests_at_once_make_three_and_the_same_person_at_once_makes_one(
    make_user, make_question
):
    asker = make_user(reputation=100)
    question = make_question(author=asker)
    twice = make_user()
    people = [twice, twice, *(make_user() for _ in range(4))]
    refused = []
    in_parallel(
        [
            _refusing(
                lambda p=p: answer_request_create(asker=asker, question=question, person=p),
                refused,
            )
            for p in people
        ]
    )
    rows = AnswerRequest.objects.filter(question=question)
    assert rows.count() == REQUESTS_PER_QUESTION
    assert len(set(rows.values_list("person_id", flat=True))) == REQUESTS_PER_QUESTION
    assert len(refused) == len(people) - REQUESTS_PER_QUESTION
    notified = Notification.objects.filter(kind=Kind.ANSWER_REQUEST)
    assert sorted(notified.values_list("recipient_id", flat=True)) == sorted(
        rows.values_list("person_id", flat=True)
    )
