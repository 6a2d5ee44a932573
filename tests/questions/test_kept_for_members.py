"""A question page built from kept parts (the thread loaded once per generation, each post's
HTML kept per reader side) is exactly the page rendered afresh, for every kind of reader, and
whoever filled what is kept."""

import datetime as dt
import re

import pytest
from django.contrib.auth.models import Group
from django.test import Client, override_settings
from django.utils import timezone

from apps.answers.models import Answer
from apps.answers.services import answer_accept
from apps.caching.fragments import kept_in_process_clear
from apps.comments.models import Comment
from apps.moderation.services import post_delete
from apps.questions.models import Question
from apps.votes.services import vote_cast
from tests.conftest import caches_clear, log_in

TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]+"')
# How many times the question was viewed ("조회 N회"): counted per reader.
VIEWS = re.compile(r"(조회 )(\d[\d,]*)(회)")
POST_TEMPLATE = "answers/_answer.html"
NOTHING_KEPT = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}


@pytest.fixture
def thread(make_user, make_question, make_answer, make_comment):
    """A question with an accepted answer, a voted one, a deleted one, comments (one upvoted,
    one deleted), and every kind of reader: the asker, an answerer, a moderator, a new
    member, a member who voted."""
    asker = make_user(username="asker", reputation=500)
    answerer = make_user(username="answerer", reputation=300)
    voter = make_user(username="voter", reputation=2000)
    moderator = make_user(username="moderator", reputation=1)
    moderator.groups.add(Group.objects.get_or_create(name="moderator")[0])
    newcomer = make_user(username="newcomer", reputation=1)
    question = make_question(author=asker, title="우도와 확률의 차이는 무엇인가요?")
    accepted = make_answer(question=question, author=answerer, body="우도는 $L(\\theta)$")
    voted = make_answer(question=question, body="확률은 고정된 모수에서")
    deleted = make_answer(question=question, author=answerer, body="지운 답변")
    make_answer(question=question, author=voter, body="투표한 사람의 답변")
    answer_accept(user=asker, answer=accepted)
    vote_cast(user=voter, post=voted, value=1)
    vote_cast(user=voter, post=question, value=-1)
    post_delete(user=answerer, post=deleted)
    make_comment(target=question, author=answerer, body="여기서 $\\theta$는 모수를 말하나요?")
    upvoted = make_comment(target=accepted, author=voter, body="로그를 취하는 이유도 궁금해요")
    vote_cast(user=asker, post=upvoted, value=1)
    gone = make_comment(target=accepted, author=voter, body="지운 댓글이에요, 보이면 안 돼요")
    post_delete(user=voter, post=gone)
    Comment.all_objects.filter(question=question).update(created_at=long_ago_comments())
    # Written long ago, so "… ago" reads the same however long the test takes.
    long_ago = timezone.now() - dt.timedelta(days=40)
    Question.all_objects.filter(pk=question.pk).update(
        created_at=long_ago, last_activity_at=long_ago
    )
    Answer.all_objects.filter(question=question).update(created_at=long_ago)
    Answer.all_objects.filter(pk=deleted.pk).update(deleted_at=long_ago)
    readers = {
        "visitor": None,
        "asker": asker,
        "answerer": answerer,
        "moderator": moderator,
        "newcomer": newcomer,
        "voter": voter,
    }
    clients = {}
    for name, user in readers.items():
        clients[name] = Client()
        if user is not None:
            log_in(clients[name], user)
    return question, clients


def long_ago_comments():
    return timezone.now() - dt.timedelta(days=30)


def _page(client, url) -> tuple[str, list[str]]:
    response = client.get(url)
    assert response.status_code == 200
    html = TOKEN.sub(r"\1TOKEN", response.content.decode())
    html = VIEWS.sub(r"\1N\3", html, count=1)
    return html, [template.name for template in response.templates]


def test_every_reader_gets_the_page_rendered_afresh_whoever_filled_what_is_kept(thread):
    question, clients = thread
    url = question.get_absolute_url()
    for client in clients.values():  # each reader's view counted once, before comparing
        client.get(url)

    afresh = {}
    with override_settings(CACHES=_caches_with_fragments(NOTHING_KEPT)):
        for name, client in clients.items():
            caches_clear()
            kept_in_process_clear()
            afresh[name], templates = _page(client, url)
            assert POST_TEMPLATE in templates  # really rendered, post by post

    caches_clear()
    # Kept parts filled by one reader and read by the others, in two different orders.
    order = list(clients)
    for names in (order, order[::-1]):
        for name in names:
            html, templates = _page(clients[name], url)
            assert html == afresh[name], f"{name}'s page differs once kept"
    # The second round found every post kept (by some reader with the same side).
    for name, client in clients.items():
        if name == "visitor":
            continue  # served the whole kept page, before any view runs
        html, templates = _page(client, url)
        assert POST_TEMPLATE not in templates and html == afresh[name]


def test_each_reader_sees_their_own_side_of_the_posts(thread):
    question, clients = thread
    url = question.get_absolute_url()
    pages = {name: _page(client, url)[0] for name, client in clients.items()}
    assert "지운 답변" in pages["moderator"] and "지운 답변" in pages["answerer"]
    assert "지운 답변" not in pages["voter"] and "지운 답변" not in pages["visitor"]
    assert 'class="accept-button is-accepted"' in pages["asker"]
    assert "accept-button" not in pages["answerer"]
    assert pages["voter"].count("vote-up is-active") == 1  # their upvote on an answer
    assert pages["voter"].count("vote-down is-active") == 1  # and their downvote on the question
    assert "Log in to vote" in pages["visitor"] or "투표하려면 로그인" in pages["visitor"]
    assert "action-restore" in pages["moderator"] and "action-restore" not in pages["asker"]
    unavailable = 'vote-button vote-down has-reason" type="button" aria-disabled'
    assert pages["newcomer"].count(unavailable) >= 1
    assert all("모수를 말하나요" in page for page in pages.values())
    assert "지운 댓글이에요" in pages["moderator"]
    assert all("지운 댓글이에요" not in pages[name] for name in pages if name != "moderator")
    assert pages["asker"].count("comment-upvote is-active") == 1
    assert "comment-upvote" not in pages["visitor"]
    assert "comment-add-disabled" in pages["newcomer"]  # may not comment on others' posts


def test_a_vote_shows_at_once_to_the_voter_and_everyone_else(thread, make_user):
    question, clients = thread
    url = question.get_absolute_url()
    before = {name: _page(client, url)[0] for name, client in clients.items()}
    newcomer_vote = make_user(reputation=100)
    answer = question.answers.order_by("pk").last()
    vote_cast(user=newcomer_vote, post=answer, value=1)
    for name, client in clients.items():
        after, _templates = _page(client, url)
        assert after != before[name], f"{name} still sees the page before the vote"


def _caches_with_fragments(fragments: dict) -> dict:
    from django.conf import settings

    return {**settings.CACHES, "fragments": fragments}


@pytest.mark.parametrize("name", ["asker", "answerer", "moderator", "newcomer", "voter"])
def test_a_members_question_page_costs_two_queries_whatever_the_answers(
    thread, make_answer, django_assert_num_queries, name
):
    """The member (with their moderator flag and unread count), then their votes on the
    thread, whether they follow it and have unread news of it: nothing grows with the
    answers, and the thread itself is kept."""
    question, clients = thread
    url = question.get_absolute_url()
    client = clients[name]
    client.get(url)
    with django_assert_num_queries(2):
        client.get(url)
    for n in range(12):
        make_answer(question=question, body=f"또 하나의 답변 {n}: $p(x)$")
    client.get(url)  # the thread loaded again after the answers
    with django_assert_num_queries(2):
        response = client.get(url)
    assert response.content.decode().count('class="post answer') >= 15


def test_a_reader_never_sees_the_view_count_go_back_after_their_own_view(
    make_user, make_question, client
):
    question = make_question()
    url = question.get_absolute_url()
    Client().get(url)  # a visitor: the thread is now kept, with the count before them
    log_in(client, make_user())
    first, _templates = _page_raw(client, url)
    again, _templates = _page_raw(client, url)
    assert _views(first) == _views(again) == Question.objects.get(pk=question.pk).view_count == 2


def _page_raw(client, url) -> tuple[str, list]:
    response = client.get(url)
    return response.content.decode(), response.templates


def _views(html: str) -> int:
    return int(VIEWS.search(html).group(2))
