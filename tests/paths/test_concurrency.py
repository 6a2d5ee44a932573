"""A double click on "Mark learned", for real on PostgreSQL: two toggles of one concept at once."""

import pytest
from django.db import connection

from apps.paths.models import Learned
from apps.paths.services import learned_toggle
from tests.conftest import in_parallel

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="concurrent inserts are exercised on PostgreSQL"
    ),
]


def test_a_double_submit_never_errors_nor_stores_two_rows(make_user, make_tag):
    member, tag = make_user(), make_tag()
    for _round in range(5):
        Learned.objects.all().delete()
        results: list[bool] = []

        def click(into=results):
            into.append(learned_toggle(user=member, tag=tag))

        in_parallel([click, click])
        rows = Learned.objects.filter(user=member, tag=tag).count()
        # Both saw nothing and both marked it (one row), or one marked and one unmarked.
        assert sorted(results) in ([True, True], [False, True])
        assert rows == (1 if results == [True, True] else 0)
