"""A question's answers in the order the reader chose (votes, newest, oldest, active),
remembered; and someone who answered already is offered to edit that answer."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from apps.answers.models import Answer
from apps.comments.services import comment_create
from tests.conftest import log_in

pytestmark = pytest.mark.django_db

ORDER = re.compile(r'id="answer-(\d+)"')


def _order(response) -> list[int]:
    return [int(pk) for pk in ORDER.findall(response.content.decode())]


@pytest.fixture
def three(make_user, make_question, make_answer):
    """Three answers: an old one with the best score, a middle one since commented on, and a
    new one with none."""
    question = make_question()
    now = timezone.now()
    old = make_answer(question=question, body="오래된 답변이에요")
    middle = make_answer(question=question, body="중간의 답변이에요")
    new = make_answer(question=question, body="새로 온 답변이에요")
    for answer, days, score in ((old, 30, 5), (middle, 20, 1), (new, 1, 0)):
        Answer.objects.filter(pk=answer.pk).update(
            created_at=now - dt.timedelta(days=days), score=score
        )
    comment_create(author=question.author, target=middle, body="이 답변에 한 가지 더 묻고 싶어요")
    return question, old, middle, new


def test_answers_come_in_each_order(client, three):
    question, old, middle, new = three
    url = question.get_absolute_url()
    assert _order(client.get(url)) == [old.pk, middle.pk, new.pk]  # by votes
    assert _order(client.get(url, {"answers": "newest"})) == [new.pk, middle.pk, old.pk]
    assert _order(client.get(url, {"answers": "oldest"})) == [old.pk, middle.pk, new.pk]
    # The commented one was active last (the comment is newer than the new answer).
    assert _order(client.get(url, {"answers": "active"})) == [middle.pk, new.pk, old.pk]
    # A made-up order is the default one.
    assert _order(Client().get(url, {"answers": "random"})) == [old.pk, middle.pk, new.pk]


def test_the_accepted_answer_comes_first_by_votes(client, three):
    from apps.answers.services import answer_accept

    question, old, middle, new = three
    answer_accept(user=question.author, answer=new)
    assert _order(client.get(question.get_absolute_url())) == [new.pk, old.pk, middle.pk]


def test_the_chosen_order_is_remembered_and_kept_pages_follow_it(three):
    question, old, middle, new = three
    url = question.get_absolute_url()
    reader, other = Client(), Client()
    chose = reader.get(url, {"answers": "newest"})
    assert chose.cookies["answer_sort"].value == "newest"
    assert _order(reader.get(url)) == [new.pk, middle.pk, old.pk]  # remembered
    # Another visitor's kept page is not this one's, and the other way round.
    assert _order(other.get(url)) == [old.pk, middle.pk, new.pk]
    assert _order(reader.get(url)) == [new.pk, middle.pk, old.pk]
    html = reader.get(url).content.decode()
    assert f'href="{url}?answers=newest#answers" aria-current="true"' in html


def test_the_order_costs_a_member_no_query(client, three, make_user, django_assert_num_queries):
    question, *_answers = three
    log_in(client, make_user())
    url = question.get_absolute_url()
    for sort in ("votes", "newest", "oldest", "active"):
        client.get(url, {"answers": sort})
        with django_assert_num_queries(2):
            client.get(url, {"answers": sort})


def test_someone_who_answered_is_offered_to_edit_their_answer(client, three, make_user):
    question, old, _middle, _new = three
    log_in(client, old.author)
    html = client.get(question.get_absolute_url()).content.decode()
    assert f'href="/answers/{old.pk}/edit/"' in html
    assert '<details class="another-answer">' in html  # another answer stays possible
    log_in(client, make_user())
    html = client.get(question.get_absolute_url()).content.decode()
    assert 'class="another-answer"' not in html and 'name="body"' in html
