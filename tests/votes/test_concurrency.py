"""Real concurrency on PostgreSQL: threads voting on one post at the same moment."""

import pytest
from django.db import connection

from apps.answers.models import Answer
from apps.votes.models import Vote
from apps.votes.services import vote_cast
from tests.conftest import in_parallel

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks are exercised on PostgreSQL"
    ),
]

THREADS = 20


def test_twenty_voters_at_once_end_with_the_exact_score_and_reputation(
    make_user, make_answer, anyone_downvotes
):
    answer = make_answer()
    voters = [make_user() for _ in range(THREADS)]
    values = [1 if i % 4 else -1 for i in range(THREADS)]  # 15 up, 5 down

    in_parallel(
        [
            (
                lambda v=voter, x=value: vote_cast(
                    user=v, post=Answer.objects.get(pk=answer.pk), value=x
                )
            )
            for voter, value in zip(voters, values, strict=True)
        ]
    )

    answer.refresh_from_db()
    answer.author.refresh_from_db()
    assert Vote.objects.filter(post=answer.post).count() == THREADS
    assert answer.score == 15 - 5
    assert answer.author.reputation == 1 + 15 * 10 - 5 * 2
    for voter, value in zip(voters, values, strict=True):
        voter.refresh_from_db()
        assert voter.reputation == (1 if value == 1 else 0)


def test_a_double_submit_of_one_vote_never_doubles_it(make_user, make_question):
    question = make_question()
    voter = make_user()
    in_parallel([lambda: vote_cast(user=voter, post=question, value=1) for _ in range(2)])
    question.refresh_from_db()
    question.author.refresh_from_db()
    votes = list(Vote.objects.filter(post=question.post))
    # Same way twice is cast-then-retract, applied one after the other: never two votes.
    assert len(votes) <= 1
    assert question.score == sum(v.value for v in votes)
    assert question.author.reputation == 1 + 10 * len(votes)
