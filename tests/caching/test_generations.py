"""Shared pages kept in the cache are never stale: votes, answers, edits, deletions and
retagging refresh them; and the pages are the same with no cache at all."""

import pytest
from django.core.cache import cache

from apps.answers.services import answer_accept
from apps.questions.services import question_edit
from apps.votes.services import vote_cast


def main_of(client, url: str) -> str:
    html = client.get(url).content.decode()
    return html[html.index('<main id="main"') : html.index("</main>")]


def listed(client, url: str = "/") -> str:
    """The question list part of a page (the rest carries a per-request CSRF token)."""
    html = client.get(url).content.decode()
    return html[html.index('<nav class="tabs"') : html.index("</main>")]


def test_the_home_page_follows_votes_answers_accepts_and_edits(
    client, make_user, make_question, make_answer
):
    asker = make_user()
    question = make_question(author=asker, title="캐시 확인용 질문")
    first = listed(client)
    assert "캐시 확인용 질문" in first
    assert listed(client) == first  # served from the cache

    vote_cast(user=make_user(), post=question, value=1)
    after_vote = listed(client)
    assert after_vote != first
    answer = make_answer(question=question)
    after_answer = listed(client)
    assert after_answer != after_vote
    answer_accept(user=asker, answer=answer)
    after_accept = listed(client)
    assert after_accept != after_answer
    question_edit(
        user=asker, question=question, title="고친 캐시 질문", body="본문", tags=["likelihood"]
    )
    assert "고친 캐시 질문" in client.get("/").content.decode()


def test_the_tag_index_and_map_follow_new_questions(client, make_tag, make_question):
    make_tag("cache-tag", name_ko="캐시개념")
    index, the_map = main_of(client, "/tags/"), main_of(client, "/concepts/map/")
    assert main_of(client, "/tags/") == index  # served from the cache
    make_question(tags=["cache-tag"])
    assert main_of(client, "/tags/") != index
    assert main_of(client, "/concepts/map/") != the_map


@pytest.fixture
def no_cache(settings):
    dummy = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    settings.CACHES = {"default": dummy, "visitor_pages": dummy, "local": dummy, "fragments": dummy}
    from django.core.cache import caches

    caches._settings = None  # rebuild the cache handler from the new setting
    yield
    caches._settings = None


def test_pages_are_right_without_a_cache(client, make_user, make_question, no_cache):
    question = make_question(title="캐시 없는 질문")
    assert "캐시 없는 질문" in client.get("/").content.decode()
    vote_cast(user=make_user(), post=question, value=1)
    for url in ("/", "/tags/", "/concepts/map/", question.get_absolute_url()):
        assert client.get(url).status_code == 200
    assert cache.get("anything") is None


def test_list_totals_are_counted_once_until_questions_come_or_go(client, make_user, make_question):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for n in range(31):
        make_question(title=f"세는 질문 {n:02}")

    def counts(url) -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        return sum("COUNT(" in q["sql"].upper() for q in captured)

    assert counts("/?page=2") == 1
    assert counts("/?page=2") == 0  # the total is remembered
    assert counts("/tags/likelihood/?page=2") == 1
    assert counts("/tags/likelihood/?page=2") == 0
    vote_cast(user=make_user(), post=make_question(title="하나 더"), value=1)
    assert counts("/?page=2") == 1  # a new question: counted again
