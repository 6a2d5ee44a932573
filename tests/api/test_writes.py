"""Writing through the API with a personal access token: the site's forms, services and
limits, one error shape, and a token is the only way in (never a cookie)."""

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from apps.answers.models import Answer
from apps.questions.models import Question
from apps.tokens.models import PersonalToken
from apps.tokens.services import token_create, token_revoke
from tests.conftest import log_in

pytestmark = pytest.mark.django_db


def _bearer(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def _post(client, url, data, token=None):
    extra = _bearer(token) if token else {}
    return client.post(url, json.dumps(data), content_type="application/json", **extra)


@pytest.fixture
def writer(make_user, make_tag):
    make_tag("likelihood", name_ko="우도", name_en="Likelihood")
    member = make_user("api작성자", reputation=100)
    _row, token = token_create(user=member, name="봇", scope="write")
    return member, token


ASK = {
    "title": "우도와 확률은 무엇이 다른가요",
    "body": "$p(x \\mid \\theta)$ 를 θ의 함수로 보면 우도라고 하던데 맞나요?",
    "tags": ["우도"],
}


def test_a_question_asked_through_the_api_shows_on_its_page(client, writer):
    member, token = writer
    response = _post(client, "/api/v1/questions/", ASK, token)
    assert response.status_code == 201
    data = response.json()
    question = Question.objects.get(pk=data["id"])
    assert (question.author, data["title"], data["author"]["username"]) == (
        member,
        ASK["title"],
        member.username,
    )
    assert "<math" in data["body_html"] and [t["slug"] for t in data["tags"]] == ["likelihood"]
    page = Client().get(question.get_absolute_url()).content.decode()
    assert ASK["title"] in page and "<math" in page


def test_me_is_the_tokens_member(client, writer):
    member, token = writer
    response = client.get("/api/v1/me/", **_bearer(token))
    assert response.status_code == 200 and response.json()["username"] == member.username


def test_a_revoked_expired_or_missing_token_is_refused(client, writer, make_user):
    member, token = writer
    assert client.get("/api/v1/me/").status_code == 401
    assert _post(client, "/api/v1/questions/", ASK).status_code == 401
    assert client.get("/api/v1/me/", **_bearer(token + "x")).status_code == 401
    row = PersonalToken.objects.get(user=member)
    token_revoke(user=member, token_id=row.pk)
    response = _post(client, "/api/v1/questions/", ASK, token)
    assert response.status_code == 401 and response.json()["code"]
    _row, old = token_create(user=member, name="오래된", scope="write", expires_in_days=30)
    PersonalToken.objects.filter(pk=_row.pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    assert client.get("/api/v1/me/", **_bearer(old)).status_code == 401
    assert not Question.objects.exists()


def test_a_session_cookie_is_not_a_token(client, writer):
    member, _token = writer
    log_in(client, member)
    assert client.get("/api/v1/me/").status_code == 401
    assert _post(client, "/api/v1/questions/", ASK).status_code == 401


def test_a_read_token_cannot_write(client, make_user):
    member = make_user(reputation=100)
    _row, token = token_create(user=member, name="읽기", scope="read")
    assert client.get("/api/v1/me/", **_bearer(token)).status_code == 200
    response = _post(client, "/api/v1/questions/", ASK, token)
    assert response.status_code == 403
    read_only = "읽기만 하는 토큰이에요. 쓰기 권한이 있는 토큰을 만들어 주세요."
    assert response.json()["message"] == read_only
    assert not Question.objects.exists()


def test_the_sites_rules_and_messages_apply(client, writer, make_user):
    _member, token = writer
    bad = _post(client, "/api/v1/questions/", {**ASK, "title": "짧", "tags": []}, token)
    assert bad.status_code == 400
    body = bad.json()
    assert body["code"] and set(body["errors"]) >= {"title", "tags"}
    unknown = _post(client, "/api/v1/questions/", {**ASK, "tags": ["없는개념"]}, token)
    assert unknown.status_code == 400 and "tags" in unknown.json()["errors"]
    malformed = client.post(
        "/api/v1/questions/", "{not json", content_type="application/json", **_bearer(token)
    )
    assert malformed.status_code == 400
    assert not Question.objects.exists()


def test_answering_and_voting(client, writer, make_user, make_question):
    member, token = writer
    question = make_question()
    response = _post(
        client, f"/api/v1/questions/{question.pk}/answers/", {"body": "우도는 θ의 함수예요."}, token
    )
    assert response.status_code == 201
    answer = Answer.objects.get(question=question, author=member)
    assert [a["id"] for a in response.json()["answers"]] == [answer.pk]
    voted = _post(client, f"/api/v1/questions/{question.pk}/vote/", {"value": 1}, token)
    assert voted.status_code == 200 and voted.json() == {"score": 1, "vote": 1}
    again = _post(client, f"/api/v1/questions/{question.pk}/vote/", {"value": 1}, token)
    assert again.json() == {"score": 0, "vote": 0}  # the same vote again takes it back
    own = _post(client, f"/api/v1/answers/{answer.pk}/vote/", {"value": 1}, token)
    assert own.status_code == 403 and own.json()["message"]  # no voting on your own post
    wrong = _post(client, f"/api/v1/answers/{answer.pk}/vote/", {"value": 2}, token)
    assert wrong.status_code == 400
    missing = _post(client, "/api/v1/questions/999999/answers/", {"body": "어디에?"}, token)
    assert missing.status_code == 404


def test_rate_limits_apply_as_on_the_site(client, writer, settings):
    _member, token = writer
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "ask": ("1/h", "1/h")}
    assert _post(client, "/api/v1/questions/", ASK, token).status_code == 201
    second = _post(client, "/api/v1/questions/", {**ASK, "title": ASK["title"] + " 두 번째"}, token)
    assert second.status_code == 429 and second.json()["code"]
    assert Question.objects.count() == 1
