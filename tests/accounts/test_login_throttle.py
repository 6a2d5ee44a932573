"""Failed logins are throttled per account and per client address, without telling which
accounts exist; logging in below the limits works as before."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from django.utils.html import escape

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN_URL = "/accounts/login/"
THROTTLED = "Too many failed attempts to log in. Wait a few minutes, then try again."


@pytest.fixture(autouse=True)
def small_limits(settings):
    settings.LOGIN_FAILURES_PER_USERNAME = "3/15m"
    settings.LOGIN_FAILURES_PER_ADDRESS = "6/15m"


def throttled_message() -> str:
    with translation.override("ko"):
        return escape(translation.gettext(THROTTLED))


def log_in(client, username: str, password: str, address: str = "203.0.113.1"):
    return client.post(LOGIN_URL, {"username": username, "password": password}, REMOTE_ADDR=address)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def fail(client, username: str, times: int, address: str = "203.0.113.1") -> None:
    for _ in range(times):
        response = log_in(client, username, "wrong password", address)
        assert response.status_code == 200
        assert throttled_message() not in response.content.decode()


def test_a_correct_login_below_the_limit_works(client, make_user):
    user = make_user()
    fail(client, user.username, 2)
    response = log_in(client, user.username, PASSWORD)
    assert response.status_code == 302
    assert logged_in(client)


def test_successful_logins_are_not_counted(client, make_user):
    user = make_user()
    for _ in range(5):
        assert log_in(client, user.username, PASSWORD).status_code == 302
        client.logout()
    fail(client, user.username, 2)
    assert log_in(client, user.username, PASSWORD).status_code == 302


def test_after_too_many_failures_even_the_right_password_is_refused(client, make_user):
    user = make_user()
    fail(client, user.username, 3)
    response = log_in(client, user.username, PASSWORD)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ko">' in html
    assert throttled_message() in html
    assert response.context["form"].has_error("__all__", "throttled")
    assert not logged_in(client)
    # The form is shown again with the same fields.
    assert 'name="username"' in html and 'name="password"' in html


def test_the_account_limit_holds_from_any_address(client, make_user):
    user = make_user()
    fail(client, user.username, 3, address="203.0.113.1")
    response = log_in(client, user.username, PASSWORD, address="198.51.100.2")
    assert throttled_message() in response.content.decode()
    assert not logged_in(client)


def test_a_throttled_account_does_not_affect_others(client, make_user):
    victim, other = make_user(), make_user()
    fail(client, victim.username, 3)
    assert log_in(client, other.username, PASSWORD).status_code == 302


def test_the_answer_is_the_same_for_an_account_that_does_not_exist(client, make_user):
    user = make_user()
    fail(client, user.username, 3)
    fail(client, "nobody-has-this-name", 3, address="198.51.100.2")
    existing = log_in(client, user.username, PASSWORD, address="198.51.100.3")
    missing = log_in(client, "nobody-has-this-name", "whatever", address="198.51.100.4")
    assert existing.context["form"].errors == missing.context["form"].errors
    assert missing.context["form"].has_error("__all__", "throttled")


def test_case_variants_of_a_username_share_its_counter(client, make_user):
    make_user("Learner")
    fail(client, "learner", 2)
    fail(client, "LEARNER", 1)
    assert throttled_message() in log_in(client, "Learner", PASSWORD).content.decode()


def test_one_address_trying_many_accounts_is_throttled(client, make_user):
    user = make_user()
    for n in range(6):  # each account stays below its own limit
        fail(client, f"guess{n}", 1, address="203.0.113.66")
    refused = log_in(client, user.username, PASSWORD, address="203.0.113.66")
    assert throttled_message() in refused.content.decode()
    assert not logged_in(client)
    # The same account from another address is let in.
    assert log_in(client, user.username, PASSWORD, address="198.51.100.9").status_code == 302


def test_blank_fields_are_not_counted_as_failures(client, make_user):
    user = make_user()
    for _ in range(5):
        assert log_in(client, user.username, "").status_code == 200
    assert log_in(client, user.username, PASSWORD).status_code == 302


def test_logging_in_works_again_after_the_window(client, make_user):
    user = make_user()
    fail(client, user.username, 3)
    assert not logged_in(client)
    cache.clear()  # the window's counters expire with it
    assert log_in(client, user.username, PASSWORD).status_code == 302


def test_the_message_follows_the_visitors_language(client, make_user):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    user = make_user()
    fail(client, user.username, 3)
    response = client.post(
        LOGIN_URL,
        {"username": user.username, "password": PASSWORD},
        REMOTE_ADDR="203.0.113.1",
    )
    assert THROTTLED in response.content.decode()


def test_the_address_can_come_from_the_proxys_header(client, make_user, settings):
    settings.CLIENT_IP_HEADER = "X-Real-IP"
    user = make_user()
    for n in range(6):
        client.post(
            LOGIN_URL,
            {"username": f"guess{n}", "password": "x"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_REAL_IP="203.0.113.5",
        )
    # Another client behind the same proxy is not held back by that one.
    response = client.post(
        LOGIN_URL,
        {"username": user.username, "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_REAL_IP="198.51.100.5",
    )
    assert response.status_code == 302


@pytest.mark.parametrize("address", ["", "garbage", "999.1.1.1", "::::", "1.2.3.4/8"])
def test_odd_client_addresses_are_throttled_not_errors(client, make_user, address):
    user = make_user()
    fail(client, user.username, 3, address=address)
    response = log_in(client, user.username, PASSWORD, address=address)
    assert response.status_code == 200
    assert throttled_message() in response.content.decode()


@pytest.mark.parametrize(
    "username", ["", " ", "x" * 5000, "관리자\u200b", "ｌｅａｒｎｅｒ", "a\tb", "%00", "😀"]
)
def test_odd_usernames_never_break_the_login(client, username):
    for _ in range(4):
        response = log_in(client, username, "wrong")
        assert response.status_code == 200
