"""Whole pages kept for visitors (apps.caching.pages): served without a query, each with the
visitor's own CSRF token, never stale after a write, and never served to a member."""

import re
import time

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.test import Client

from apps.accounts.services import profile_update
from apps.answers.services import answer_accept
from apps.caching.pages import TIMEOUT_SECONDS, csrf_placeholder
from apps.moderation.services import question_close_vote
from apps.questions.models import Question
from apps.votes.services import vote_cast
from tests.caching.test_generations import main_of
from tests.conftest import log_in

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def test_a_kept_page_costs_no_query_and_carries_each_visitors_own_token(
    make_question, django_assert_num_queries
):
    question = make_question(title="모두에게 같은 쪽")
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    url = question.get_absolute_url()
    rendered = first.get(url)
    assert rendered["X-Kept-Page"] == "miss"
    one = rendered.content.decode()
    assert first.get(url)["X-Kept-Page"] == "hit"  # (the first GET above rendered it)
    with django_assert_num_queries(0):
        two = second.get(url)
    assert two["X-Kept-Page"] == "hit"
    two = two.content.decode()
    assert "모두에게 같은 쪽" in two
    assert csrf_placeholder() not in one + two
    token_one, token_two = TOKEN.search(one).group(1), TOKEN.search(two).group(1)
    assert token_one != token_two
    # The same page apart from the token, and the token works with the visitor's own cookie.
    assert one.replace(token_one, "") == two.replace(token_two, "")
    switched = second.post(
        "/i18n/setlang/", {"language": "en", "next": "/", "csrfmiddlewaretoken": token_two}
    )
    assert switched.status_code == 302
    refused = first.post(
        "/i18n/setlang/", {"language": "en", "next": "/", "csrfmiddlewaretoken": "x" * 64}
    )
    assert refused.status_code == 403


def test_a_kept_question_page_follows_votes_answers_accepts_closing_and_names(
    client, make_user, make_question, make_answer
):
    asker = make_user(reputation=1000)
    question = make_question(author=asker, title="바뀌는 쪽")
    url = question.get_absolute_url()
    seen = [main_of(client, url)]
    assert main_of(client, url) == seen[-1]  # kept

    def changed() -> str:
        page = main_of(client, url)
        assert page != seen[-1]
        seen.append(page)
        return page

    vote_cast(user=make_user(), post=question, value=1)
    changed()
    answer = make_answer(question=question, body="새로 달린 답변")
    assert "새로 달린 답변" in changed()
    answer_accept(user=asker, answer=answer)
    changed()
    moderator = make_user(is_staff=True)
    question_close_vote(user=moderator, question=question, reason="off_topic")
    changed()
    profile_update(user=asker, display_name="새이름", bio="", language="", email_digest=False)
    assert "새이름" in changed()


def test_members_always_get_their_own_page(client, make_user, make_question):
    question = make_question()
    client.get(question.get_absolute_url())  # kept for visitors
    member = make_user(display_name="로그인한사람")
    log_in(client, member)
    page = client.get(question.get_absolute_url()).content.decode()
    assert "로그인한사람" in page
    assert 'action="/accounts/logout/"' in page


def test_a_visitor_with_a_message_waiting_sees_it_and_no_one_else_does(client, make_question):
    make_question()
    storage = CookieStorage(HttpRequest())
    storage.add(constants.SUCCESS, "기다리던 알림")
    carrier = HttpResponse()
    storage.update(carrier)
    client.cookies[CookieStorage.cookie_name] = carrier.cookies[CookieStorage.cookie_name].value
    assert "기다리던 알림" in client.get("/").content.decode()
    assert "기다리던 알림" not in Client().get("/").content.decode()


def test_views_are_still_counted_when_the_page_comes_from_the_cache(make_question):
    question = make_question()
    url = question.get_absolute_url()
    for address in ("10.0.0.1", "10.0.0.2", "10.0.0.3"):
        Client(REMOTE_ADDR=address).get(url)
    Client(REMOTE_ADDR="10.0.0.3").get(url)  # the same visitor again: not counted twice
    caches["local"].clear()  # and through another process, which has not seen them
    Client(REMOTE_ADDR="10.0.0.3").get(url)
    assert Question.objects.get(pk=question.pk).view_count == 3


def test_each_language_has_its_own_kept_page(client, make_question):
    make_question()
    korean = client.get("/").content.decode()
    reader = Client()
    reader.cookies["django_language"] = "en"
    english = reader.get("/").content.decode()
    assert 'lang="ko"' in korean and 'lang="en"' in english
    assert 'lang="ko"' in Client().get("/").content.decode()


@pytest.mark.parametrize("url", ["/questions/999999/gone/", "/tags/no-such-concept/"])
def test_an_error_page_after_a_kept_view_carries_a_real_token(client, db, url):
    response = client.get(url)
    assert response.status_code == 404
    assert csrf_placeholder() not in response.content.decode()


def test_htmx_requests_reach_the_view(client, make_question, django_assert_max_num_queries):
    make_question()
    client.get("/tags/")
    response = client.get("/tags/", headers={"HX-Request": "true"})
    assert response.status_code == 200 and response.context is not None


def _later(monkeypatch, seconds: float) -> None:
    """Move this process's clocks `seconds` on."""
    wall, steady = time.time(), time.monotonic()
    monkeypatch.setattr(time, "time", lambda: wall + seconds)
    monkeypatch.setattr(time, "monotonic", lambda: steady + seconds)


def test_a_write_through_another_server_shows_within_the_lag(
    client, make_question, settings, monkeypatch
):
    question = make_question(title="다른 서버에서 고친 질문")
    url = question.get_absolute_url()
    main_of(client, url)
    # Another server's write: the rows change and the shared generation moves, but this
    # process's memory of the generations is not told.
    Question.objects.filter(pk=question.pk).update(body_html="<p>다른 서버의 본문</p>")
    caches["default"].incr(f"gen:thread:{question.pk}")
    assert "다른 서버의 본문" not in main_of(client, url)  # within the lag
    _later(monkeypatch, settings.VISITOR_PAGE_LAG_MS / 1000 + 0.1)
    assert "다른 서버의 본문" in main_of(client, url)


def test_a_process_copy_is_not_served_once_the_shared_cache_lost_its_generations(
    client, make_question, settings, monkeypatch
):
    question = make_question(title="다시 시작한 캐시")
    url = question.get_absolute_url()
    caches["default"].clear()  # a Redis started empty: no generations yet
    assert "다시 시작한 캐시" in main_of(client, url)  # kept in Redis and in this process
    caches["default"].clear()  # Redis restarted: every generation is gone again
    # Changed without announcing it (by hand, in the database):
    Question.objects.filter(pk=question.pk).update(body_html="<p>그사이 바뀐 본문</p>")
    _later(monkeypatch, settings.VISITOR_PAGE_LAG_MS / 1000 + 0.1)
    assert "그사이 바뀐 본문" in main_of(client, url)


def test_a_page_is_kept_no_longer_than_its_time(client, make_question, monkeypatch):
    question = make_question(title="시간이 지난 쪽")
    url = question.get_absolute_url()
    main_of(client, url)
    Question.objects.filter(pk=question.pk).update(view_count=12345)  # what no write announces
    assert "12345" not in main_of(client, url)
    _later(monkeypatch, TIMEOUT_SECONDS + 1)
    assert "12345" in main_of(client, url)


def test_only_the_views_own_parameters_are_kept(make_question):
    make_question()
    Client().get("/", {"tab": "top"})
    assert Client().get("/", {"tab": "top"}).context is None  # kept: no template rendered
    Client().get("/", {"tab": "top", "utm_source": "x"})
    again = Client().get("/", {"tab": "top", "utm_source": "x"})  # made-up: never kept
    assert again.status_code == 200 and again.context is not None


def test_pages_are_served_when_redis_goes_away_within_the_lag(client, make_question, settings):
    make_question(title="레디스가 멈춘 뒤")
    assert client.get("/").status_code == 200  # this process now knows the generations
    dead = {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": "redis://127.0.0.1:9/0"}
    settings.CACHES = {**settings.CACHES, "default": dead}
    caches._settings = None  # rebuild the cache handler from the new setting
    try:
        question = Question.objects.get(title="레디스가 멈춘 뒤")
        # Kept here, never kept, and a question page whose view cannot be counted:
        for url in ("/", "/tags/", "/concepts/map/", question.get_absolute_url()):
            response = client.get(url)
            assert response.status_code == 200, url
        assert "레디스가 멈춘 뒤" in client.get("/").content.decode()
    finally:
        caches._settings = None


def test_the_token_placeholder_comes_from_the_secret_key_so_no_post_can_hold_it(settings):
    """A placeholder anyone could read in the code could be written into a post (an image's
    address, say) and would then carry each reader's own token to someone else's server."""
    placeholder = csrf_placeholder()
    assert settings.SECRET_KEY not in placeholder
    settings.SECRET_KEY = "another-secret-key-for-another-site"
    assert csrf_placeholder() != placeholder


def test_a_members_page_carries_their_own_working_token(client, make_user, make_question):
    from tests.conftest import log_in

    question = make_question()
    member = Client(enforce_csrf_checks=True)
    log_in(member, make_user(reputation=100))
    html = member.get(question.get_absolute_url()).content.decode()
    assert csrf_placeholder() not in html
    token = TOKEN.search(html).group(1)
    voted = member.post(
        f"/questions/{question.pk}/vote/", {"value": "1", "csrfmiddlewaretoken": token}
    )
    assert voted.status_code == 302
    assert Question.objects.get(pk=question.pk).score == 1
