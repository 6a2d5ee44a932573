"""A POST refused because the login expired keeps its text: after logging in, the person is back
at the form with what they wrote (apps/core/login_required.py), through the real login form."""

from datetime import timedelta
from urllib.parse import quote

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from apps.answers.models import Answer
from apps.core.login_required import MAX_KEPT_CHARACTERS
from apps.questions.models import Question
from tests.conftest import PASSWORD, caches_clear, log_in

pytestmark = pytest.mark.django_db

KEPT_MESSAGE = "로그인하기 전에 쓴 내용을 보관해 두었어요"
LOGIN_AGAIN_MESSAGE = "로그인이 풀렸어요"


def login_expires() -> None:
    """Every session ends as an expired one does: gone from the cache, past its date in the
    database. The browser still sends its (now useless) session cookie."""
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    caches_clear()


def log_in_through_the_form(client: Client, user, login_url: str):
    """Follow the login redirect as a browser would: the login page, then the form posted."""
    page = client.get(login_url)
    assert page.status_code == 200
    return client.post(
        login_url,
        {"username": user.username, "password": PASSWORD, "next": page.context["next"]},
    )


def refused_then_back(client: Client, user, url: str, data: dict, form_page: str):
    """POST as someone whose login expired, log in, and open the page the login sends to."""
    refused = client.post(url, data)
    assert refused.status_code == 302
    login_url = refused["Location"]
    assert login_url.startswith("/accounts/login/?next=")
    assert quote(form_page, safe="/") in login_url
    login_page = client.get(login_url)
    assert LOGIN_AGAIN_MESSAGE in login_page.content.decode()
    session_before = client.cookies["sessionid"].value

    logged_in = log_in_through_the_form(client, user, login_url)

    assert logged_in.status_code == 302
    assert logged_in["Location"] == form_page
    # Django's login gave the session a new key (cycle_key) and kept what it held.
    assert client.cookies["sessionid"].value != session_before
    return client.get(form_page.split("#")[0])


def test_an_expired_login_keeps_the_question_being_asked(client, make_user, make_tag):
    make_tag("likelihood")
    user = make_user()
    log_in(client, user)
    assert client.get("/questions/ask/").status_code == 200
    login_expires()
    text = {
        "title": "우도와 확률은 뭐가 다른가요?",
        "body": "한참 동안 쓴 본문 <b>그대로</b> $p(x)$",
        "tags": "likelihood",
    }

    page = refused_then_back(client, user, "/questions/ask/", text, "/questions/ask/")

    assert not Question.objects.exists()
    form = page.context["form"]
    assert not form.is_bound
    assert form.initial == text
    html = page.content.decode()
    assert KEPT_MESSAGE in html
    assert 'value="우도와 확률은 뭐가 다른가요?"' in html
    assert "한참 동안 쓴 본문 &lt;b&gt;그대로&lt;/b&gt; $p(x)$</textarea>" in html
    assert 'value="likelihood"' in html
    # Posting it now works as it would have.
    response = client.post("/questions/ask/", text)
    assert response.status_code == 302
    assert Question.objects.get().title == text["title"]


def test_an_expired_login_keeps_the_answer_and_comes_back_to_the_question(
    client, make_user, make_question
):
    question = make_question()
    user = make_user()
    log_in(client, user)
    login_expires()
    body = "스무 분 동안 쓴 답변입니다. $\\nabla f$"

    page = refused_then_back(
        client,
        user,
        f"/questions/{question.pk}/answer/",
        {"body": body},
        f"{question.get_absolute_url()}#your-answer",
    )

    assert not Answer.objects.exists()
    assert page.status_code == 200
    assert page.context["answer_form"].initial == {"body": body}
    html = page.content.decode()
    assert KEPT_MESSAGE in html
    assert "스무 분 동안 쓴 답변입니다. $\\nabla f$</textarea>" in html
    assert 'id="your-answer"' in html


def test_an_expired_login_keeps_a_question_edit(client, make_user, make_question, make_tag):
    author = make_user()
    question = make_question(author=author)
    make_tag("entropy")
    log_in(client, author)
    login_expires()
    edited = {
        "title": "고친 제목입니다 정말로",
        "body": "고친 본문입니다, 길게 고쳤어요",
        "tags": "entropy",
        "summary": "제목을 다듬었어요",
    }
    url = f"/questions/{question.pk}/edit/"

    page = refused_then_back(client, author, url, edited, url)

    question.refresh_from_db()
    assert question.title != edited["title"]  # nothing was saved while logged out
    form = page.context["form"]
    assert {name: form.initial[name] for name in edited} == edited
    assert KEPT_MESSAGE in page.content.decode()


def test_an_expired_login_keeps_an_answer_edit(client, make_user, make_answer):
    author = make_user()
    answer = make_answer(author=author)
    log_in(client, author)
    login_expires()
    edited = {"body": "답변을 이렇게 고쳤어요, 자세히", "summary": "예시 추가"}
    url = f"/answers/{answer.pk}/edit/"

    page = refused_then_back(client, author, url, edited, url)

    answer.refresh_from_db()
    assert answer.body != edited["body"]
    assert page.context["form"].initial == edited
    assert KEPT_MESSAGE in page.content.decode()


def test_kept_text_is_handed_back_once(client, make_user):
    user = make_user()
    refused_then_back(
        client,
        user,
        "/questions/ask/",
        {"title": "한 번만", "body": "한 번만 보여요"},
        "/questions/ask/",
    )
    again = client.get("/questions/ask/")
    assert again.context["form"].initial == {}
    assert KEPT_MESSAGE not in again.content.decode()


def test_kept_text_is_never_shown_to_another_person(client, make_user):
    writer, other = make_user(), make_user()
    client.post("/questions/ask/", {"title": "남의 글", "body": "다른 사람에게는 안 보여요"})

    elsewhere = Client()
    log_in(elsewhere, other)
    page = elsewhere.get("/questions/ask/")
    assert page.context["form"].initial == {}
    assert "다른 사람에게는 안 보여요" not in page.content.decode()
    # The writer, logging in where they wrote it, still gets it.
    log_in_through_the_form(client, writer, "/accounts/login/?next=/questions/ask/")
    assert client.get("/questions/ask/").context["form"].initial["title"] == "남의 글"


def test_kept_text_is_handed_back_only_on_its_own_page(client, make_user, make_answer):
    author = make_user()
    answer = make_answer(author=author)
    client.post(f"/answers/{answer.pk}/edit/", {"body": "이 답변을 고친 글"})
    log_in_through_the_form(client, author, "/accounts/login/")

    assert client.get("/questions/ask/").context["form"].initial == {}
    page = client.get(f"/answers/{answer.pk}/edit/")
    assert page.context["form"].initial["body"] == "이 답변을 고친 글"


def test_logging_out_drops_kept_text(client, make_user):
    user = make_user()
    client.post("/questions/ask/", {"title": "두고 간 글", "body": "로그아웃하면 사라져요"})
    log_in_through_the_form(client, user, "/accounts/login/")
    client.post("/accounts/logout/")
    log_in(client, user)
    assert client.get("/questions/ask/").context["form"].initial == {}


def test_kept_text_is_bounded(client, make_user):
    user = make_user()
    client.post(
        "/questions/ask/", {"title": "제목" * 100, "body": "가" * 100_000, "tags": "x" * 500}
    )
    log_in_through_the_form(client, user, "/accounts/login/")
    kept = client.get("/questions/ask/").context["form"].initial
    assert sum(len(value) for value in kept.values()) == MAX_KEPT_CHARACTERS
    assert kept["title"] == "제목" * 100


def test_kept_text_older_than_a_day_is_dropped(client, make_user):
    user = make_user()
    client.post("/questions/ask/", {"title": "오래된 글", "body": "하루가 지났어요"})
    session = client.session
    session["kept_form"]["at"] -= 24 * 60 * 60 + 1
    session.save()
    log_in_through_the_form(client, user, "/accounts/login/")
    assert client.get("/questions/ask/").context["form"].initial == {}


def test_an_empty_refused_post_keeps_nothing_and_starts_no_session(client):
    response = client.post("/questions/ask/", {"title": " ", "body": ""})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/questions/ask/"
    assert "sessionid" not in response.cookies
    assert not Session.objects.exists()


def test_an_htmx_post_is_sent_to_log_in_as_a_whole_page_and_keeps_its_text(client, make_answer):
    answer = make_answer()
    response = client.post(
        f"/answers/{answer.pk}/edit/", {"body": "htmx로 보낸 글"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 204
    assert response["HX-Redirect"] == f"/accounts/login/?next=/answers/{answer.pk}/edit/"
    assert client.session["kept_form"]["fields"] == {"body": "htmx로 보낸 글"}


def test_anonymous_get_of_a_member_page_still_goes_to_log_in_and_back(client):
    response = client.get("/questions/ask/?from=header")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/questions/ask/%3Ffrom%3Dheader"


def test_an_expired_login_keeps_the_profile_being_edited(client, make_user):
    user = make_user()
    log_in(client, user)
    login_expires()
    edited = {"display_name": "새 이름", "bio": "길게 쓴 자기소개", "language": "en"}

    page = refused_then_back(client, user, "/accounts/profile/", edited, "/accounts/profile/")

    form = page.context["form"]
    assert (form.initial["display_name"], form.initial["bio"]) == ("새 이름", "길게 쓴 자기소개")
    assert form.initial["language"] == user.language  # not a text field: not kept
    assert KEPT_MESSAGE in page.content.decode()


def test_a_post_only_action_comes_back_to_its_page_after_logging_in(client):
    response = client.post("/notifications/read/", headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"] == "/accounts/login/?next=/notifications/"
    assert (
        client.post("/notifications/1/read/")["Location"] == "/accounts/login/?next=/notifications/"
    )
