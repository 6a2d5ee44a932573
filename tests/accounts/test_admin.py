"""The user admin: members are deactivated, never deleted."""

import pytest

from apps.accounts.models import User
from apps.votes.services import vote_cast
from tests.conftest import log_in

pytestmark = pytest.mark.django_db


def test_members_cannot_be_deleted_in_the_admin(client, make_user, make_question):
    log_in(client, make_user(is_staff=True, is_superuser=True))
    question = make_question()
    voter = make_user()
    vote_cast(user=voter, post=question, value=1)
    for user in (voter, make_user()):
        response = client.post(f"/admin/accounts/user/{user.pk}/delete/", {"post": "yes"})
        assert response.status_code == 403
        assert User.objects.filter(pk=user.pk).exists()
    assert "delete_selected" not in client.get("/admin/accounts/user/").content.decode()
    question.author.refresh_from_db()
    assert question.author.reputation == 1 + 10
