"""Rate limits per person: refused with 429 and a reason, changing nothing; new members lower."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from apps.answers.models import Answer
from apps.questions.models import Question
from apps.trust import ratelimits
from apps.trust.ratelimits import client_ip, rate_limit_message, rate_limited
from apps.votes.models import Vote
from config.env import env_rate, env_rate_pair
from tests.conftest import log_in

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parents[2]
TOO_OFTEN = "You are doing that too often. Try again in a little while."


@pytest.fixture
def limits(settings):
    """Small limits for every action: (new members, everyone else)."""

    def set_limits(**pairs):
        settings.RATE_LIMITS = {**settings.RATE_LIMITS, **pairs}

    return set_limits


def korean(message: str) -> str:
    """The message as a Korean visitor gets it (the site's default language)."""
    with translation.override("ko"):
        return translation.gettext(message)


def ask(client, n: int):
    return client.post(
        "/questions/ask/",
        {"title": f"질문 제목 {n}번", "body": "충분히 긴 본문입니다 $x$", "tags": "likelihood"},
    )


@pytest.fixture
def likelihood(make_tag):
    return make_tag("likelihood")


def test_asking_over_the_limit_is_429_in_korean_and_posts_nothing(
    client, make_user, likelihood, limits
):
    limits(ask=("2/h", "4/h"))
    log_in(client, make_user())
    assert [ask(client, n).status_code for n in (1, 2)] == [302, 302]
    response = ask(client, 3)
    assert response.status_code == 429
    html = response.content.decode()
    assert '<html lang="ko">' in html
    assert escape(korean(TOO_OFTEN)) in html
    assert Question.objects.count() == 2


def test_new_members_are_told_that_limits_grow_with_reputation(make_user, settings):
    new, established = make_user(reputation=14), make_user(reputation=15)
    assert "15" in rate_limit_message(new) and rate_limit_message(new) != korean(TOO_OFTEN)
    assert rate_limit_message(established) == korean(TOO_OFTEN)
    settings.NEW_USER_REPUTATION = 20
    assert "20" in rate_limit_message(established)


def test_established_members_get_the_higher_limit(client, make_user, likelihood, limits):
    limits(ask=("1/h", "3/h"))
    log_in(client, make_user(reputation=15))
    assert [ask(client, n).status_code for n in range(4)] == [302, 302, 302, 429]
    assert Question.objects.count() == 3


def test_staff_get_the_higher_limit(client, make_user, likelihood, limits):
    limits(ask=("1/h", "2/h"))
    log_in(client, make_user(is_staff=True))
    assert [ask(client, n).status_code for n in range(3)] == [302, 302, 429]


def test_the_limit_is_per_person(client, make_user, likelihood, limits):
    limits(ask=("1/h", "1/h"))
    log_in(client, make_user())
    assert [ask(client, n).status_code for n in (1, 2)] == [302, 429]
    log_in(client, make_user())
    assert ask(client, 3).status_code == 302


def test_the_limit_recovers_when_the_window_passes(client, make_user, likelihood, limits):
    limits(ask=("1/h", "1/h"))
    log_in(client, make_user())
    assert [ask(client, n).status_code for n in (1, 2)] == [302, 429]
    cache.clear()  # the window's counter expires with it
    assert ask(client, 3).status_code == 302


def test_fixing_a_form_does_not_use_up_the_limit(client, make_user, likelihood, limits):
    limits(ask=("1/h", "1/h"))
    log_in(client, make_user())
    for _ in range(3):
        assert client.post("/questions/ask/", {"title": "짧", "body": ""}).status_code == 200
    assert ask(client, 1).status_code == 302


def test_answering_over_the_limit_is_429_and_saves_nothing(
    client, make_user, make_question, limits
):
    limits(answer=("1/h", "5/h"))
    question = make_question()
    log_in(client, make_user())
    url = f"/questions/{question.pk}/answer/"
    assert client.post(url, {"body": "첫 번째 답변입니다"}).status_code == 302
    response = client.post(url, {"body": "두 번째 답변입니다"})
    assert response.status_code == 429
    assert escape(korean(TOO_OFTEN)) in response.content.decode()
    question.refresh_from_db()
    assert Answer.objects.count() == 1 and question.answer_count == 1


def test_voting_over_the_limit_is_429_and_records_nothing(client, make_user, make_question, limits):
    limits(vote=("2/h", "10/h"))
    questions = [make_question() for _ in range(3)]
    log_in(client, make_user())
    for question in questions[:2]:
        assert client.post(f"/questions/{question.pk}/vote/", {"value": "1"}).status_code == 302
    response = client.post(f"/questions/{questions[2].pk}/vote/", {"value": "1"})
    assert response.status_code == 429
    questions[2].refresh_from_db()
    assert questions[2].score == 0
    assert Vote.objects.count() == 2


def test_htmx_votes_over_the_limit_get_the_message_as_plain_text(
    client, make_user, make_answer, limits
):
    limits(vote=("1/h", "1/h"))
    answer = make_answer()
    log_in(client, make_user())
    url = f"/answers/{answer.pk}/vote/"
    assert client.post(url, {"value": "1"}, HTTP_HX_REQUEST="true").status_code == 200
    response = client.post(url, {"value": "0"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 429
    assert response["Content-Type"].startswith("text/plain")
    assert response.content.decode().startswith(korean(TOO_OFTEN))
    answer.refresh_from_db()
    assert answer.score == 1  # the retraction did not happen


def test_messages_follow_the_visitors_language(client, make_user, make_question, limits):
    client.cookies["django_language"] = "en"
    limits(vote=("0/h", "0/h"))
    question = make_question()
    log_in(client, make_user())
    response = client.post(
        f"/questions/{question.pk}/vote/",
        {"value": "1"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 429
    text = response.content.decode()
    assert text.startswith(TOO_OFTEN)
    assert "once you have 15 reputation" in text


def test_previews_over_the_limit_are_429_shown_in_the_preview_pane(client, make_user, limits):
    limits(preview=("2/h", "2/h"))
    client.force_login(make_user())
    url = reverse("markdownx_markdownify")
    for _ in range(2):
        assert client.post(url, {"content": "*hi*"}).status_code == 200
    response = client.post(url, {"content": "*hi*"})
    assert response.status_code == 429
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert 'class="preview-error" role="alert"' in html
    assert escape(korean(TOO_OFTEN)) in html


def test_uploads_over_the_limit_are_429_in_json(client, make_user, limits, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    limits(upload=("1/h", "1/h"))
    # Members allowed images in posts: newer ones are refused before the limit is counted.
    client.force_login(make_user(reputation=settings.NEW_USER_REPUTATION))
    url = reverse("markdownx_upload")
    assert client.post(url, {}).status_code == 400  # no image: refused, but counted
    response = client.post(url, {})
    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content)["error"].startswith(korean(TOO_OFTEN))
    assert not any(tmp_path.iterdir())


def test_flagging_helper_counts_per_person_and_per_address(make_user, limits):
    """`rate_limited(request, "flag")` is what the flag view calls before flagging."""
    from django.contrib.auth.models import AnonymousUser

    limits(flag=("1/h", "2/h"))
    factory = RequestFactory()

    def request(user=None, address="203.0.113.7"):
        req = factory.post("/flag/", REMOTE_ADDR=address)
        req.user = user or AnonymousUser()
        return req

    member = make_user()
    assert [rate_limited(request(member), "flag") for _ in range(2)] == [False, True]
    assert rate_limited(request(make_user()), "flag") is False
    established = make_user(reputation=100)
    assert [rate_limited(request(established), "flag") for _ in range(3)] == [False, False, True]
    # Anonymous people are counted by address.
    assert [rate_limited(request(), "flag") for _ in range(2)] == [False, True]
    assert rate_limited(request(address="198.51.100.1"), "flag") is False


def test_a_broken_cache_lets_actions_through(rf, make_user, limits, monkeypatch):
    def unreachable(*args, **kwargs):
        raise ConnectionError("cache is down")

    monkeypatch.setattr(ratelimits, "get_usage", unreachable)
    limits(ask=("0/h", "0/h"))
    req = rf.post("/questions/ask/")
    req.user = make_user()
    assert rate_limited(req, "ask") is False


@pytest.mark.parametrize(
    ("meta", "header", "expected"),
    [
        ({"REMOTE_ADDR": "203.0.113.9"}, "", "203.0.113.9"),
        ({"REMOTE_ADDR": ""}, "", "unknown"),
        ({"REMOTE_ADDR": "not an address\x00"}, "", "unknown"),
        ({}, "", "unknown"),
        # One IPv6 subscriber's /64 is one client; an IPv4-mapped address is the IPv4 one.
        ({"REMOTE_ADDR": "2001:db8:1:2:aaaa::1"}, "", "2001:db8:1:2::"),
        ({"REMOTE_ADDR": "::ffff:203.0.113.9"}, "", "203.0.113.9"),
        (
            {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_REAL_IP": "198.51.100.4"},
            "X-Real-IP",
            "198.51.100.4",
        ),
        # Of X-Forwarded-For, the address our proxy appended: the others are the client's say.
        (
            {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "1.2.3.4, 198.51.100.4"},
            "X-Forwarded-For",
            "198.51.100.4",
        ),
        ({"REMOTE_ADDR": "10.0.0.1"}, "X-Real-IP", "unknown"),
    ],
)
def test_client_addresses(settings, meta, header, expected):
    settings.CLIENT_IP_HEADER = header
    request = RequestFactory().get("/")
    request.META.pop("REMOTE_ADDR", None)
    request.META.update(meta)
    assert client_ip(request) == expected


def test_rates_from_the_environment_are_checked(monkeypatch):
    monkeypatch.setenv("SOME_RATE", "20/15m")
    assert env_rate("SOME_RATE", "1/h") == "20/15m"
    monkeypatch.setenv("SOME_PAIR", " 5/h , 20/h ")
    assert env_rate_pair("SOME_PAIR", ("1/h", "2/h")) == ("5/h", "20/h")
    monkeypatch.delenv("SOME_PAIR")
    assert env_rate_pair("SOME_PAIR", ("1/h", "2/h")) == ("1/h", "2/h")
    for bad in ("5", "5/x", "five/h", "5/0m", "-1/h"):
        monkeypatch.setenv("SOME_RATE", bad)
        with pytest.raises(ImproperlyConfigured, match="SOME_RATE"):
            env_rate("SOME_RATE", "1/h")
    for bad in ("5/h", "5/h,20/h,1/d", "5/h,,", "5/h,x"):
        monkeypatch.setenv("SOME_PAIR", bad)
        with pytest.raises(ImproperlyConfigured, match="SOME_PAIR"):
            env_rate_pair("SOME_PAIR", ("1/h", "2/h"))


def _settings_in_a_fresh_process(env_overrides: dict) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "RATE_LIMIT_ASK"}}
    env.update(env_overrides, DJANGO_SETTINGS_MODULE="config.settings", DEBUG="1")
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.CACHES['default']['BACKEND']); print(settings.RATE_LIMITS['ask'])"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_redis_is_the_cache_when_redis_url_is_set():
    local = _settings_in_a_fresh_process({})
    assert local.returncode == 0, local.stderr
    assert local.stdout.splitlines() == [
        "django.core.cache.backends.locmem.LocMemCache",
        "('5/h', '20/h')",
    ]
    shared = _settings_in_a_fresh_process(
        {"REDIS_URL": "redis://127.0.0.1:6379/1", "RATE_LIMIT_ASK": "3/h,30/h"}
    )
    assert shared.returncode == 0, shared.stderr
    assert shared.stdout.splitlines() == [
        "django_redis.cache.RedisCache",
        "('3/h', '30/h')",
    ]
    wrong = _settings_in_a_fresh_process({"REDIS_URL": "localhost:6379"})
    assert wrong.returncode != 0
    assert "REDIS_URL" in wrong.stderr
