import hashlib

import pytest
from django.conf import settings
from django.test import Client

from apps.tokens.models import PersonalToken
from apps.tokens.services import token_check, token_create
from tests.conftest import log_in

pytestmark = pytest.mark.django_db

URL = "/accounts/tokens/"


def english(client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _make(client, **data):
    return client.post(URL, {"name": "스터디 봇", "scope": "write", "expires": "90", **data})


def test_the_page_is_for_members_only(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert client.post(URL, {"name": "x", "scope": "read", "expires": "never"}).status_code == 302
    assert not PersonalToken.objects.exists()


def test_a_new_token_is_shown_once_in_korean(client, make_user):
    user = make_user()
    log_in(client, user)
    response = _make(client)
    assert response.status_code == 302 and response["Location"] == URL
    response = client.get(URL)
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    token = PersonalToken.objects.get(user=user)
    plain = page.split('id="new-token" type="text" readonly value="', 1)[1].split('"', 1)[0]
    assert token_check(plain) == (user, token)
    assert token.secret_hash == hashlib.sha256(plain.split("_", 2)[2].encode()).hexdigest()
    assert "다시는 보여 드리지 않아요" in page
    assert "토큰 “스터디 봇”을(를) 만들었어요." in page
    assert "읽기와 쓰기" in page and token.prefix in page
    again = client.get(URL).content.decode()
    assert plain not in again and "new-token" not in again
    assert token.prefix in again


def test_a_new_token_in_english(client, make_user):
    log_in(english(client), make_user())
    _make(client, scope="read", expires="never")
    page = client.get(URL).content.decode()
    assert "It will not be shown again." in page
    assert '<span class="token-scope">Read</span>' in page
    token = PersonalToken.objects.get()
    assert (token.scope, token.expires_at) == ("read", None)


@pytest.mark.parametrize(
    ("data", "korean", "english_text"),
    [
        ({"name": ""}, "토큰 이름을 적어 주세요.", "Give the token a name."),
        ({"name": "   "}, "토큰 이름을 적어 주세요.", "Give the token a name."),
        ({"name": "가" * 61}, "토큰 이름은 60자까지", "at most 60 characters"),
        ({"scope": "admin"}, "읽기 또는 쓰기 권한을 골라 주세요.", "Choose read or write access."),
        ({"scope": ""}, "읽기 또는 쓰기 권한을 골라 주세요.", "Choose read or write access."),
        ({"expires": "7"}, "토큰이 만료되는 때를 골라 주세요.", "Choose when the token expires."),
        ({"expires": "x"}, "토큰이 만료되는 때를 골라 주세요.", "Choose when the token expires."),
    ],
)
def test_bad_input_is_shown_on_the_form_in_both_languages(
    client, make_user, data, korean, english_text
):
    log_in(client, make_user())
    response = _make(client, **data)
    assert response.status_code == 400
    assert korean in response.content.decode()
    response = _make(english(client), **data)
    assert response.status_code == 400
    assert english_text in response.content.decode()
    assert not PersonalToken.objects.exists()


def test_a_duplicate_name_is_refused_on_the_form(client, make_user):
    user = make_user()
    token_create(user=user, name="스터디 봇", scope="read")
    log_in(client, user)
    response = _make(client)
    assert response.status_code == 400
    assert "“스터디 봇”라는 토큰이 이미 있어요." in response.content.decode()
    response = _make(english(client))
    assert "You already have a token named “스터디 봇”." in response.content.decode()
    assert PersonalToken.objects.count() == 1


def test_revoking_a_token(client, make_user):
    user = make_user()
    token, plain = token_create(user=user, name="bot", scope="read")
    log_in(client, user)
    response = client.post(f"{URL}{token.pk}/revoke/")
    assert response.status_code == 302
    assert token_check(plain) is None
    page = client.get(URL).content.decode()
    assert "토큰 “bot”을(를) 폐기했어요." in page
    assert f"{URL}{token.pk}/revoke/" not in page
    assert client.post(f"{URL}{token.pk}/revoke/").status_code == 302  # again: no change


def test_someone_elses_token_is_not_found(client, make_user):
    owner = make_user()
    token, plain = token_create(user=owner, name="bot", scope="read")
    log_in(client, make_user())
    assert client.post(f"{URL}{token.pk}/revoke/").status_code == 404
    assert client.post(f"{URL}{token.pk + 100}/revoke/").status_code == 404
    assert client.get(f"{URL}{token.pk}/revoke/").status_code == 405
    assert token_check(plain) is not None
    assert "bot" not in client.get(URL).content.decode()


def test_making_and_revoking_need_the_csrf_token(make_user):
    user = make_user()
    token, plain = token_create(user=user, name="bot", scope="read")
    client = Client(enforce_csrf_checks=True)
    log_in(client, user)
    assert _make(client, name="other").status_code == 403
    assert client.post(f"{URL}{token.pk}/revoke/").status_code == 403
    assert PersonalToken.objects.count() == 1
    assert token_check(plain) is not None


def test_making_tokens_is_rate_limited(client, make_user, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "token": ("2/h", "2/h")}
    log_in(client, make_user())
    for n in range(2):
        assert _make(client, name=f"bot {n}").status_code == 302
    assert _make(client, name="bot 9").status_code == 429
    assert PersonalToken.objects.count() == 2


def test_the_page_loads_with_a_fixed_number_of_queries(
    client, make_user, django_assert_max_num_queries
):
    user = make_user()
    log_in(client, user)
    token_create(user=user, name="first", scope="read")
    client.get(URL)
    with django_assert_max_num_queries(10) as few:
        assert client.get(URL).status_code == 200
    for n in range(6):
        token_create(user=user, name=f"bot {n}", scope="write", expires_in_days=30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(URL).content.decode()
    assert "bot 5" in page


def test_the_profile_edit_page_links_to_the_tokens(client, make_user):
    log_in(client, make_user())
    assert f'href="{URL}"' in client.get("/accounts/profile/").content.decode()


def test_a_new_token_left_unseen_is_not_shown_later(client, make_user, monkeypatch):
    from apps.tokens import views

    log_in(client, make_user())
    _make(client)
    monkeypatch.setattr(views, "NEW_TOKEN_AGE", -1)
    assert "new-token" not in client.get(URL).content.decode()
    monkeypatch.setattr(views, "NEW_TOKEN_AGE", 600)
    assert "new-token" not in client.get(URL).content.decode()
