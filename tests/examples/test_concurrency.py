"""A double click on "Mark as example", and two members marking at once, for real on PostgreSQL."""

import pytest
from django.db import connection

from apps.core.errors import ActionRefused
from apps.examples.models import UsageExample
from apps.examples.services import example_toggle
from tests.conftest import in_parallel

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="concurrent inserts are exercised on PostgreSQL"
    ),
]


@pytest.mark.parametrize("same_member", [True, False])
def test_marks_at_once_keep_one_row_and_never_error(
    make_user, make_tag, make_question, make_answer, same_member
):
    make_tag("gradient")
    question = make_question(tags=["gradient"])
    answer = make_answer(question=question)
    first = make_user(reputation=60)
    second = first if same_member else make_user(reputation=60)
    for _round in range(5):
        UsageExample.objects.all().delete()
        results: list[bool | None] = []

        def click(member, into=results):
            from apps.answers.models import Answer

            fresh = Answer.objects.select_related("question").get(pk=answer.pk)
            try:
                toggled = example_toggle(user=member, answer=fresh, concept_slug="gradient")
            except ActionRefused:  # the other member's mark came first: not theirs to unmark
                into.append(None)
            else:
                into.append(toggled.marked)

        in_parallel([lambda: click(first), lambda: click(second)])
        rows = UsageExample.objects.filter(answer=answer).count()
        if same_member:
            # Both saw nothing and both marked (one row), or one marked and one unmarked.
            assert sorted(results) in ([True, True], [False, True])
            assert rows == (1 if results == [True, True] else 0)
        else:
            # Both marked (one row), or the second was refused: never two rows, never unmarked.
            assert sorted(results, key=str) in ([True, True], [None, True])
            assert rows == 1
