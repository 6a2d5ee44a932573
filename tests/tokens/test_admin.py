"""The token admin: staff list and revoke tokens, never see a hash, never make one."""

import pytest

from apps.tokens.models import PersonalToken
from apps.tokens.services import token_check, token_create

pytestmark = pytest.mark.django_db


def test_staff_list_tokens_without_their_hash(staff_client, make_user):
    token, _plain = token_create(user=make_user(), name="스터디 봇", scope="write")
    page = staff_client.get("/admin/tokens/personaltoken/").content.decode()
    assert "스터디 봇" in page and token.prefix in page
    assert token.secret_hash not in page
    detail = staff_client.get(f"/admin/tokens/personaltoken/{token.pk}/change/")
    assert detail.status_code == 200
    assert token.secret_hash not in detail.content.decode()
    assert staff_client.get("/admin/tokens/personaltoken/add/").status_code == 403


def test_staff_revoke_selected_tokens(staff_client, make_user):
    user = make_user()
    first, first_plain = token_create(user=user, name="a", scope="read")
    second, second_plain = token_create(user=make_user(), name="b", scope="write")
    response = staff_client.post(
        "/admin/tokens/personaltoken/",
        {"action": "revoke", "_selected_action": [first.pk, second.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert token_check(first_plain) is None and token_check(second_plain) is None
    assert PersonalToken.objects.filter(revoked_at__isnull=True).count() == 0
