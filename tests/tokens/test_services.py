import hashlib
from datetime import timedelta

import pytest
from django.utils import timezone

from apps.core.errors import ActionRefused, InvalidAction
from apps.tokens.models import PersonalToken
from apps.tokens.services import (
    TokenNameTaken,
    token_authenticate,
    token_check,
    token_create,
    token_revoke,
)

pytestmark = pytest.mark.django_db


def _bearer(plain: str) -> str:
    return f"Bearer {plain}"


def test_creating_gives_the_token_once_and_stores_only_a_hash(make_user):
    user = make_user()
    token, plain = token_create(user=user, name="공부 모임 봇", scope="write", expires_in_days=30)
    start, prefix, secret = plain.split("_", 2)
    assert start == "gachi" and prefix == token.prefix and len(prefix) == 8
    assert len(secret) >= 43
    row = PersonalToken.objects.get()
    assert row.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    stored = " ".join(str(value) for value in PersonalToken.objects.values().get().values())
    assert secret not in stored and plain not in stored
    assert row.expires_at - row.created_at == timedelta(days=30)


def test_two_tokens_differ(make_user):
    user = make_user()
    _, first = token_create(user=user, name="a", scope="read")
    _, second = token_create(user=user, name="b", scope="read")
    assert first != second


@pytest.mark.parametrize(
    ("name", "scope", "days"),
    [
        ("", "read", None),
        ("   ", "read", None),
        ("x" * 61, "read", None),
        ("ok", "admin", None),
        ("ok", "read", 0),
        ("ok", "read", -3),
        ("ok", "read", "30"),
    ],
)
def test_bad_input_is_refused_and_makes_nothing(make_user, name, scope, days):
    with pytest.raises(InvalidAction):
        token_create(user=make_user(), name=name, scope=scope, expires_in_days=days)
    assert not PersonalToken.objects.exists()


def test_a_name_is_unique_among_a_members_live_tokens(make_user):
    user, other = make_user(), make_user()
    first, _ = token_create(user=user, name="bot", scope="read")
    with pytest.raises(TokenNameTaken):
        token_create(user=user, name="bot", scope="write")
    token_create(user=other, name="bot", scope="read")  # someone else's names are theirs
    token_revoke(user=user, token_id=first.pk)
    token_create(user=user, name="bot", scope="read")  # a revoked token frees its name
    assert PersonalToken.objects.filter(user=user).count() == 2


def test_the_right_token_authenticates_its_owner(make_user, django_assert_max_num_queries):
    user = make_user()
    token, plain = token_create(user=user, name="bot", scope="write")
    with django_assert_max_num_queries(2):  # find it, record its use
        found = token_authenticate(_bearer(plain))
    assert found == (user, token)
    assert found[1].can_write
    assert token_authenticate(f"bearer  {plain} ") == (user, token)


@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        "Bearer",
        "Bearer ",
        "Basic dXNlcjpwYXNz",
        "Token {plain}",
        "{plain}",
        "Bearer gachi_",
        "Bearer gachi__secret",
        "Bearer nope_{prefix}_x",
        "Bearer {prefix}",
        "Bearer gachi_{prefix}",
        "Bearer gachi_{prefix}_",
        "Bearer gachi_{prefix}_wrong",
        "Bearer gachi_00000000_{secret}",
        "Bearer gachi_{prefix}_{secret}x",
        "Bearer " + "a" * 5000,
        "Bearer gachi_{prefix}_{secret} extra",
    ],
)
def test_anything_else_authenticates_nobody(make_user, header):
    _, plain = token_create(user=make_user(), name="bot", scope="read")
    _, prefix, secret = plain.split("_", 2)
    if header:
        header = header.replace("{plain}", plain).replace("{prefix}", prefix)
        header = header.replace("{secret}", secret)
    assert token_authenticate(header) is None


def test_a_revoked_token_is_refused(make_user):
    user = make_user()
    token, plain = token_create(user=user, name="bot", scope="read")
    token_revoke(user=user, token_id=token.pk)
    assert token_authenticate(_bearer(plain)) is None


def test_an_expired_token_is_refused(make_user):
    token, plain = token_create(user=make_user(), name="bot", scope="read", expires_in_days=30)
    assert token_check(plain) is not None
    PersonalToken.objects.filter(pk=token.pk).update(expires_at=timezone.now())
    assert token_check(plain) is None


def test_a_deactivated_members_token_is_refused(make_user):
    user = make_user()
    _, plain = token_create(user=user, name="bot", scope="read")
    user.is_active = False
    user.save()
    assert token_check(plain) is None


def test_last_use_is_written_at_most_once_a_minute(make_user, django_assert_num_queries):
    token, plain = token_create(user=make_user(), name="bot", scope="read")
    assert token.last_used_at is None
    with django_assert_num_queries(2):
        token_check(plain)
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    with django_assert_num_queries(1):  # read only: used less than a minute ago
        token_check(plain)
    token.refresh_from_db()
    assert token.last_used_at == first
    PersonalToken.objects.filter(pk=token.pk).update(last_used_at=first - timedelta(minutes=2))
    with django_assert_num_queries(2):
        token_check(plain)
    token.refresh_from_db()
    assert token.last_used_at > first


def test_only_the_owner_revokes_and_revoking_again_changes_nothing(make_user):
    owner, other = make_user(), make_user()
    token, plain = token_create(user=owner, name="bot", scope="read")
    with pytest.raises(ActionRefused) as refused:
        token_revoke(user=other, token_id=token.pk)
    assert refused.value.status == 404
    assert token_check(plain) is not None
    revoked = token_revoke(user=owner, token_id=token.pk).revoked_at
    assert token_revoke(user=owner, token_id=token.pk).revoked_at == revoked
    with pytest.raises(ActionRefused):
        token_revoke(user=owner, token_id=token.pk + 999)


def test_a_token_is_read_from_the_authorization_header_only(make_user, rf):
    from apps.tokens.services import token_authenticate_request

    user = make_user()
    token, plain = token_create(user=user, name="bot", scope="read")
    request = rf.get("/api/v1/me", {"token": plain, "access_token": plain})
    request.COOKIES.update({"token": plain, "sessionid": plain, "Authorization": _bearer(plain)})
    assert token_authenticate_request(request) is None
    request = rf.post("/api/v1/me", {"token": plain, "Authorization": _bearer(plain)})
    assert token_authenticate_request(request) is None
    request = rf.get("/api/v1/me", HTTP_AUTHORIZATION=_bearer(plain))
    assert token_authenticate_request(request) == (user, token)
