"""Tokens made, used and revoked at the same moment, for real on PostgreSQL."""

import pytest
from django.db import connection

from apps.tokens.models import PersonalToken
from apps.tokens.services import TokenNameTaken, token_check, token_create, token_revoke
from tests.conftest import in_parallel

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="concurrent writes are exercised on PostgreSQL"
    ),
]


def test_the_same_name_twice_at_once_makes_one_token(make_user):
    user = make_user()
    outcomes = []

    def make():
        try:
            token_create(user=user, name="bot", scope="read")
            outcomes.append("made")
        except TokenNameTaken:
            outcomes.append("taken")

    in_parallel([make] * 4)
    assert sorted(outcomes) == ["made", "taken", "taken", "taken"]
    assert PersonalToken.objects.count() == 1


def test_using_and_revoking_at_once_leaves_it_revoked(make_user):
    # Recording a use writes last_used_at alone, so it never undoes a revoke written meanwhile.
    user = make_user()
    token, plain = token_create(user=user, name="bot", scope="read")
    in_parallel(
        [lambda: token_check(plain)] * 4 + [lambda: token_revoke(user=user, token_id=token.pk)]
    )
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert token_check(plain) is None
