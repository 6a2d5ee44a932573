"""The unique-email constraint arrives on a database where the profile form never checked
addresses: members without one keep '' (many may), and an address typed by several members
stays with the oldest account only."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from apps.accounts.models import User


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_existing_members_keep_their_addresses_and_duplicates_are_cleared():
    old = _migrate([("accounts", "0003_achievements_and_visits")]).get_model("accounts", "User")
    blank = {"display_name": "", "bio": "", "bio_html": "", "language": "", "password": "!"}
    old.objects.create(username="first", email="Same@example.com", **blank)
    old.objects.create(username="second", email="same@EXAMPLE.com", email_digest=True, **blank)
    old.objects.create(username="other", email="other@example.com", **blank)
    for n in range(3):
        old.objects.create(username=f"none{n}", email="", **blank)
    try:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
        by_name = {user.username: user for user in User.objects.all()}
        assert by_name["first"].email == "Same@example.com"
        assert (by_name["second"].email, by_name["second"].email_digest) == ("", False)
        assert by_name["other"].email == "other@example.com"
        assert not any(user.email_verified for user in by_name.values())
    finally:  # every app migrated again for the tests after this one
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
