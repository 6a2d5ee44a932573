"""Email addresses: optional at sign-up, unique in any case, verified by a mailed link, changed
on /accounts/email/; and the password reset that needs a verified address."""

import re

import pytest
from django.conf import settings
from django.core import mail, signing
from django.db import IntegrityError
from django.test import Client
from django.utils import translation
from django.utils.html import escape

from apps.accounts.emails import SALT, email_verification_token
from apps.accounts.models import User
from tests.conftest import PASSWORD, log_in, reload

pytestmark = pytest.mark.django_db


def english(client) -> dict:
    """Read in English: the person chose it (the site is Korean first, whatever the browser)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return {}


def english_client() -> Client:
    client = Client()
    english(client)
    return client


TAKEN = "Another account already uses this email address."
LINK = re.compile(r"https?://[^\s]+")


def _signup(client, **extra):
    data = {
        "username": "새회원",
        "password1": "a-long-pass-phrase",
        "password2": "a-long-pass-phrase",
    }
    data.update(extra)
    return client.post("/accounts/signup/", data, **english(client))


def _link_in(message) -> str:
    return LINK.search(message.body).group(0)


def _path(link: str) -> str:
    return re.sub(r"^https?://[^/]+", "", link)


# --- Sign-up ----------------------------------------------------------------------------------


def test_signing_up_without_an_email_still_works_and_sends_nothing(client):
    assert _signup(client).status_code == 302
    user = User.objects.get(username="새회원")
    assert (user.email, user.email_verified) == ("", False)
    assert mail.outbox == []


def test_signing_up_with_an_email_mails_a_link_and_leaves_it_unverified(client):
    assert _signup(client, email="New@Example.COM").status_code == 302
    user = User.objects.get(username="새회원")
    assert user.email == "New@example.com"  # the domain's case does not matter
    assert user.email_verified is False
    assert [message.to for message in mail.outbox] == [["New@example.com"]]
    assert "/accounts/email/verify/" in _link_in(mail.outbox[0])


def test_the_signup_form_says_what_the_email_is_for(client):
    html = client.get("/accounts/signup/", **english(client)).content.decode()
    for name in ("username", "password1", "password2", "email"):
        assert f'name="{name}"' in html
    assert "lets you recover your account" in html


def test_an_email_another_account_has_is_refused_in_any_case(client, make_user):
    make_user(email="taken@example.com")
    response = _signup(client, email="TAKEN@example.com")
    assert response.status_code == 200
    assert TAKEN in response.content.decode()
    assert not User.objects.filter(username="새회원").exists()
    assert mail.outbox == []


def test_the_database_refuses_a_second_account_with_the_same_address(make_user):
    make_user(email="one@example.com")
    make_user(email="")
    make_user(email="")  # many accounts without one
    with pytest.raises(IntegrityError):
        make_user(email="ONE@example.com")


# --- The verification link --------------------------------------------------------------------


def test_the_link_verifies_even_logged_out_and_twice_is_harmless(client, make_user):
    person = make_user(email="me@example.com")
    path = f"/accounts/email/verify/{email_verification_token(person)}/"
    response = english_client().get(path)
    assert response.status_code == 200
    assert "is confirmed" in response.content.decode()
    reload(person)
    assert person.email_verified is True
    again = english_client().get(path)
    assert again.status_code == 200
    reload(person)
    assert person.email_verified is True


@pytest.mark.parametrize("token", ["nonsense", "a:b:c", "x" * 300])
def test_a_bad_link_says_so_and_changes_nothing(client, make_user, token):
    person = make_user(email="me@example.com")
    response = client.get(f"/accounts/email/verify/{token}/", **english(client))
    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()
    reload(person)
    assert person.email_verified is False


def test_an_expired_link_changes_nothing(client, make_user, monkeypatch):
    person = make_user(email="me@example.com")
    token = email_verification_token(person)
    real_loads = signing.loads
    # Three days and a second later: Django's signing measures the age against max_age.
    monkeypatch.setattr(
        signing, "loads", lambda *args, **kwargs: real_loads(*args, **{**kwargs, "max_age": -1})
    )
    response = client.get(f"/accounts/email/verify/{token}/", **english(client))
    assert response.status_code == 400
    reload(person)
    assert person.email_verified is False


def test_a_link_for_an_address_since_changed_does_not_verify_the_new_one(client, make_user):
    person = make_user(email="old@example.com")
    old_token = email_verification_token(person)
    log_in(client, person)
    client.post("/accounts/email/", {"email": "new@example.com"})
    assert client.get(f"/accounts/email/verify/{old_token}/").status_code == 400
    reload(person)
    assert (person.email, person.email_verified) == ("new@example.com", False)


def test_a_token_signed_for_something_else_is_refused(client, make_user):
    person = make_user(email="me@example.com")
    forged = signing.dumps({"user": person.pk, "email": person.email}, salt="other")
    assert client.get(f"/accounts/email/verify/{forged}/").status_code == 400
    assert signing.loads(email_verification_token(person), salt=SALT)["user"] == person.pk


# --- Changing the address ---------------------------------------------------------------------


def test_the_email_page_needs_a_login(client):
    response = client.get("/accounts/email/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert client.post("/accounts/email/", {"email": "x@example.com"}).status_code == 302
    assert mail.outbox == []


def test_changing_the_address_unverifies_it_and_mails_a_new_link(client, make_user):
    person = make_user(email="old@example.com", email_verified=True)
    log_in(client, person)
    response = client.post("/accounts/email/", {"email": "new@example.com"}, **english(client))
    assert response.status_code == 302
    reload(person)
    assert (person.email, person.email_verified) == ("new@example.com", False)
    assert [message.to for message in mail.outbox] == [["new@example.com"]]

    assert client.get(_path(_link_in(mail.outbox[0]))).status_code == 200
    reload(person)
    assert person.email_verified is True
    html = client.get("/accounts/profile/", **english(client)).content.decode()
    assert "new@example.com" in html and "email-verified" in html


def test_posting_the_same_unverified_address_sends_the_link_again(client, make_user):
    person = make_user(email="me@example.com")
    log_in(client, person)
    client.post("/accounts/email/", {"email": "me@example.com"})
    assert len(mail.outbox) == 1
    person.email_verified = True
    person.save(update_fields=["email_verified"])
    client.post("/accounts/email/", {"email": "me@example.com"})
    assert len(mail.outbox) == 1  # verified: nothing to do


def test_another_accounts_address_is_refused_on_the_email_page(client, make_user):
    make_user(email="taken@example.com")
    person = make_user(email="mine@example.com", email_verified=True)
    log_in(client, person)
    response = client.post("/accounts/email/", {"email": "Taken@Example.com"}, **english(client))
    assert response.status_code == 200
    assert TAKEN in response.content.decode()
    reload(person)
    assert (person.email, person.email_verified) == ("mine@example.com", True)


def test_removing_the_address_stops_the_digest(client, make_user):
    person = make_user(email="me@example.com", email_verified=True, email_digest=True)
    log_in(client, person)
    assert client.post("/accounts/email/", {"email": ""}).status_code == 302
    reload(person)
    assert (person.email, person.email_verified, person.email_digest) == ("", False, False)
    assert mail.outbox == []


def test_changing_the_address_needs_the_csrf_token(make_user):
    person = make_user(email="me@example.com")
    client = Client(enforce_csrf_checks=True)
    log_in(client, person)
    assert client.post("/accounts/email/", {"email": "evil@example.com"}).status_code == 403
    reload(person)
    assert person.email == "me@example.com"


def test_changing_the_address_is_rate_limited(client, make_user, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "email": ("2/h", "2/h")}
    log_in(client, make_user())
    for n in range(2):
        assert client.post("/accounts/email/", {"email": f"a{n}@example.com"}).status_code == 302
    response = client.post("/accounts/email/", {"email": "a9@example.com"})
    assert response.status_code == 429
    assert len(mail.outbox) == 2


# --- Password reset ---------------------------------------------------------------------------


def _reset(client, email, address="203.0.113.7"):
    return client.post(
        "/accounts/password/reset/", {"email": email}, REMOTE_ADDR=address, **english(client)
    )


def test_the_reset_answer_is_the_same_whoever_the_address_belongs_to(client, make_user):
    verified = make_user(email="verified@example.com", email_verified=True)
    make_user(email="unverified@example.com")
    answers = []
    for email in ("verified@example.com", "unverified@example.com", "nobody@example.com"):
        response = _reset(client, email)
        answers.append((response.status_code, response["Location"]))
    assert answers == [(302, "/accounts/password/reset/done/")] * 3
    # Only the verified address receives anything.
    assert [message.to for message in mail.outbox] == [[verified.email]]
    done = client.get("/accounts/password/reset/done/", **english(client)).content.decode()
    assert "If an account has this address" in done


def test_the_reset_address_matches_in_any_case(client, make_user):
    make_user(email="Verified@example.com", email_verified=True)
    _reset(client, "verified@EXAMPLE.com")
    assert [message.to for message in mail.outbox] == [["Verified@example.com"]]


def test_the_reset_link_sets_a_new_password_and_the_old_one_stops_working(client, make_user):
    person = make_user(email="me@example.com", email_verified=True)
    _reset(client, "me@example.com")
    message = mail.outbox[0]
    assert person.username in message.body
    link = _path(_link_in(message))
    assert re.fullmatch(r"/accounts/reset/[^/]+/[^/]+/", link)

    form_page = client.get(link, follow=True, **english(client))
    assert form_page.status_code == 200
    set_password_url = form_page.redirect_chain[-1][0]
    new = "a-brand-new-pass-phrase"
    response = client.post(set_password_url, {"new_password1": new, "new_password2": new})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/reset/done/"

    assert not Client().login(username=person.username, password=PASSWORD)
    assert Client().login(username=person.username, password=new)
    # Used once: the link does not work again.
    again = english_client().get(link, follow=True)
    assert "This link does not work" in again.content.decode()


def test_a_forged_reset_link_says_so(client, make_user):
    make_user(email="me@example.com", email_verified=True)
    response = client.get("/accounts/reset/MQ/abc-def/", **english(client))
    assert response.status_code == 200
    assert "This link does not work" in response.content.decode()


def test_reset_requests_are_limited_per_address_typed(client, make_user, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "password_reset": ("50/h", "2/h")}
    make_user(email="me@example.com", email_verified=True)
    for n in range(2):
        assert _reset(client, "me@example.com", address=f"203.0.113.{n}").status_code == 302
    response = _reset(client, "ME@example.com", address="203.0.113.99")
    assert response.status_code == 429
    assert "Too many password reset requests" in response.content.decode()
    assert len(mail.outbox) == 2


def test_reset_requests_are_limited_per_client_address(client, make_user, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "password_reset": ("2/h", "50/h")}
    make_user(email="me@example.com", email_verified=True)
    _reset(client, "a@example.com")
    _reset(client, "b@example.com")
    assert _reset(client, "me@example.com").status_code == 429
    assert mail.outbox == []
    assert _reset(client, "me@example.com", address="198.51.100.1").status_code == 302
    assert len(mail.outbox) == 1


def test_the_reset_form_needs_the_csrf_token(make_user):
    make_user(email="me@example.com", email_verified=True)
    client = Client(enforce_csrf_checks=True)
    assert client.post("/accounts/password/reset/", {"email": "me@example.com"}).status_code == 403
    assert mail.outbox == []


def test_the_login_page_links_to_the_reset(client):
    html = client.get("/accounts/login/", **english(client)).content.decode()
    assert 'href="/accounts/password/reset/"' in html
    assert "Forgot your password?" in html


# --- Languages --------------------------------------------------------------------------------


def test_the_pages_and_mails_speak_korean_by_default(client, make_user):
    make_user(email="me@example.com", email_verified=True)
    html = client.get("/accounts/password/reset/").content.decode()
    with translation.override("ko"):
        assert escape(translation.gettext("Forgot your password?")) in html
        assert translation.gettext("Forgot your password?") != "Forgot your password?"
    client.post("/accounts/password/reset/", {"email": "me@example.com"})
    with translation.override("ko"):
        subject = translation.gettext("Choose a new password for Gachi")
    assert mail.outbox[0].subject == subject != "Choose a new password for Gachi"


def test_a_member_who_chose_english_gets_english_mail(client, make_user):
    make_user(email="me@example.com", email_verified=True, language="en")
    client.post("/accounts/password/reset/", {"email": "me@example.com"})
    assert mail.outbox[0].subject == "Choose a new password for Gachi"
    assert "Someone, hopefully you" in mail.outbox[0].body


def test_a_mail_server_that_fails_does_not_fail_the_signup(client, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr("apps.accounts.emails.send_mail", broken)
    response = _signup(client, email="me@example.com")
    assert response.status_code == 302
    user = User.objects.get(username="새회원")
    assert (user.email, user.email_verified) == ("me@example.com", False)
    page = client.get(response["Location"], **english(client)).content.decode()
    assert "could not be sent just now" in page


def test_losing_the_race_for_an_address_keeps_the_old_one_on_the_page(
    client, make_user, monkeypatch
):
    person = make_user(email="mine@example.com", email_verified=True)
    make_user(email="taken@example.com")
    log_in(client, person)
    # The form's check passes (as when the other account took the address a moment later);
    # the constraint refuses.
    monkeypatch.setattr(
        "apps.accounts.forms._clean_new_email", lambda form, owner=None: "taken@example.com"
    )
    response = client.post("/accounts/email/", {"email": "taken@example.com"}, **english(client))
    assert response.status_code == 200
    html = response.content.decode()
    assert TAKEN in html
    assert "Your address is mine@example.com, confirmed." in html
    reload(person)
    assert (person.email, person.email_verified) == ("mine@example.com", True)
    assert mail.outbox == []


def test_after_a_reset_the_failed_logins_before_it_no_longer_block(client, make_user, settings):
    settings.LOGIN_FAILURES_PER_USERNAME = "3/15m"
    person = make_user(email="me@example.com", email_verified=True)
    for _attempt in range(3):
        Client().post("/accounts/login/", {"username": person.username, "password": "wrong"})
    refused = Client().post("/accounts/login/", {"username": person.username, "password": PASSWORD})
    assert refused.status_code == 200  # throttled: even the right password is refused

    _reset(client, "me@example.com")
    form_page = client.get(_path(_link_in(mail.outbox[0])), follow=True)
    new = "a-brand-new-pass-phrase"
    client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})

    response = Client().post("/accounts/login/", {"username": person.username, "password": new})
    assert response.status_code == 302
