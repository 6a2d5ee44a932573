"""Real concurrency on PostgreSQL: questions retagged at the same moment."""

import pytest
from django.db import connection

from apps.questions.models import Question
from apps.questions.services import question_edit
from apps.tags.services import tag_counts_recount
from tests.conftest import in_parallel

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks are exercised on PostgreSQL"
    ),
]

PAIRS = 4
ROUNDS = 5


def _retag(question_pk: int, slug: str):
    def retag():
        question = Question.objects.get(pk=question_pk)
        question_edit(
            user=question.author,
            question=question,
            title=question.title,
            body=question.body,
            tags=[slug],
        )

    return retag


def test_opposite_retags_at_once_do_not_deadlock_and_keep_exact_counts(make_tag, make_question):
    a, b = make_tag("a-concept"), make_tag("b-concept")
    # Half the questions move a → b while the other half move b → a, then back, and again.
    forward = [make_question(tags=["a-concept"]).pk for _ in range(PAIRS)]
    backward = [make_question(tags=["b-concept"]).pk for _ in range(PAIRS)]
    for round_ in range(ROUNDS):
        to_b, to_a = ("b-concept", "a-concept") if round_ % 2 == 0 else ("a-concept", "b-concept")
        in_parallel([_retag(pk, to_b) for pk in forward] + [_retag(pk, to_a) for pk in backward])

    a.refresh_from_db()
    b.refresh_from_db()
    assert a.question_count == Question.objects.filter(tags=a).count() == PAIRS
    assert b.question_count == Question.objects.filter(tags=b).count() == PAIRS
    assert tag_counts_recount() == 0
