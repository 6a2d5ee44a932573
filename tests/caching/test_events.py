"""What each write retires (apps.caching.events): a question's page follows every change to
its own thread at once, and nothing else on the site is retired with it."""

import pytest
from django.test import Client

from apps.answers.services import answer_edit
from apps.caching.events import RETIRES, THREAD, Event, question_page, retire
from apps.caching.generations import generations_stamp
from apps.moderation.services import post_delete, post_restore
from apps.questions.models import Question
from apps.questions.services import answer_counts_recount
from apps.votes.services import vote_cast
from tests.caching.test_generations import main_of


def kept(url: str) -> bool:
    """Whether a visitor's request for `url` was served from the kept page (no rendering)."""
    return Client().get(url).context is None


def test_every_event_has_a_row_in_the_table():
    assert set(RETIRES) == set(Event)
    for event, scopes in RETIRES.items():
        assert scopes, event


def test_a_vote_on_an_answer_shows_at_once_with_the_new_score_and_order(
    client, make_user, make_question, make_answer
):
    question = make_question(title="답변 순서가 바뀌는 질문")
    first = make_answer(question=question, body="먼저 달린 답변")
    second = make_answer(question=question, body="나중에 달린 답변")
    url = question.get_absolute_url()
    before = main_of(client, url)
    assert before.index("먼저 달린 답변") < before.index("나중에 달린 답변")
    assert kept(url)

    vote_cast(user=make_user(), post=second, value=1)

    after = main_of(client, url)  # the very next visitor request
    assert after.index("나중에 달린 답변") < after.index("먼저 달린 답변")  # score first
    assert f'id="answer-{second.pk}"' in after
    second_block = after[after.index(f'id="answer-{second.pk}"') :]
    assert ">1<" in second_block[:2000]  # its score as shown
    del first


def test_a_vote_on_one_question_keeps_the_other_question_pages(client, make_user, make_question):
    voted = make_question(title="표를 받은 질문")
    other = make_question(title="조용한 질문")
    main_of(client, voted.get_absolute_url())
    main_of(client, other.get_absolute_url())
    main_of(client, "/")

    vote_cast(user=make_user(), post=voted, value=1)

    assert kept(other.get_absolute_url())  # not retired
    assert not kept(voted.get_absolute_url())  # its own page is
    assert not kept("/")  # and the lists, which show its score


@pytest.mark.parametrize("action", ["edit", "delete", "restore"])
def test_an_answers_edit_deletion_and_restore_show_at_once(
    client, make_user, make_question, make_answer, action
):
    question = make_question(title="답변이 바뀌는 질문")
    author = make_user()
    answer = make_answer(question=question, author=author, body="원래 답변 본문")
    moderator = make_user(is_staff=True)
    url = question.get_absolute_url()
    if action == "restore":
        post_delete(user=moderator, post=answer)
    main_of(client, url)
    if action == "edit":
        answer_edit(user=author, answer=answer, body="고쳐 쓴 답변 본문")
        assert "고쳐 쓴 답변 본문" in main_of(client, url)
    elif action == "delete":
        post_delete(user=moderator, post=answer)
        assert "원래 답변 본문" not in main_of(client, url)
    else:
        post_restore(user=moderator, post=answer)
        assert "원래 답변 본문" in main_of(client, url)


def test_repaired_counters_retire_every_question_page(client, make_question):
    question = make_question(title="숫자가 고쳐지는 질문")
    url = question.get_absolute_url()
    main_of(client, url)
    Question.objects.filter(pk=question.pk).update(answer_count=7)  # by hand, announced by none
    assert answer_counts_recount() == 1
    assert not kept(url)


def test_a_thread_event_must_name_its_question():
    with pytest.raises(ValueError):
        retire(Event.ANSWER_VOTED)


def test_retiring_a_thread_moves_only_that_threads_generation(db):
    one, two = question_page(1), question_page(2)
    before_one, before_two = generations_stamp(one), generations_stamp(two)
    retire(Event.ANSWER_VOTED, question_id=1)
    assert generations_stamp(one) != before_one
    assert generations_stamp(two) == before_two
    retire(Event.COUNTERS_REPAIRED)  # the bare thread scope: every question page
    assert generations_stamp(two) != before_two
    assert THREAD in one


def test_list_totals_are_retired_only_when_a_question_goes_between_unanswered_and_answered(
    make_user, make_question, make_answer
):
    """Recounting a concept's 257,000 questions took 0.3 s at 1M questions: an answer must not
    cause it unless the unanswered tab's totals change."""
    from apps.caching.events import COUNTS

    def counts() -> str:
        return generations_stamp((COUNTS,))

    question = make_question()
    before = counts()
    first = make_answer(question=question)
    assert counts() != before  # no longer unanswered
    before = counts()
    second = make_answer(question=question)
    assert counts() == before  # answered already: every total stays
    moderator = make_user(is_staff=True)
    post_delete(user=moderator, post=second)
    assert counts() == before  # one answer is left
    post_delete(user=moderator, post=first)
    assert counts() != before  # unanswered again
    before = counts()
    post_restore(user=moderator, post=first)
    assert counts() != before
    unanswered = Client().get("/?tab=unanswered").content.decode()
    assert question.title not in unanswered
