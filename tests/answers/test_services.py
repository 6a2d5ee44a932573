import pytest

from apps.answers.services import AcceptResult, answer_accept, answer_edit
from apps.core.errors import ActionRefused
from apps.reputation.models import Reason, ReputationEvent
from tests.conftest import reload

pytestmark = pytest.mark.django_db


def test_answering_counts_the_answer_and_bumps_activity(make_question, make_answer):
    question = make_question()
    before = question.last_activity_at
    make_answer(question=question)
    make_answer(question=question)
    question.refresh_from_db()
    assert question.answer_count == 2
    assert question.last_activity_at >= before


def test_accepting_gives_fifteen_to_answerer_and_two_to_asker(make_question, make_answer):
    question = make_question()
    answer = make_answer(question=question)
    assert answer_accept(user=question.author, answer=answer).accepted is True
    reload(question, answer.author, question.author)
    assert question.accepted_answer_id == answer.pk
    assert answer.author.reputation == 1 + 15
    assert question.author.reputation == 1 + 2


def test_accepting_again_withdraws_and_removes_exactly_its_events(make_question, make_answer):
    question = make_question()
    answer = make_answer(question=question)
    for _ in range(5):  # an accept/un-accept loop cannot farm points
        answer_accept(user=question.author, answer=answer)
        assert answer_accept(user=question.author, answer=answer).accepted is False
    reload(question, answer.author, question.author)
    assert question.accepted_answer_id is None
    assert answer.author.reputation == 1
    assert question.author.reputation == 1
    assert not ReputationEvent.objects.exists()


def test_changing_the_accepted_answer_moves_the_points(make_question, make_answer):
    question = make_question()
    first = make_answer(question=question)
    second = make_answer(question=question)
    answer_accept(user=question.author, answer=first)
    answer_accept(user=question.author, answer=second)
    reload(question, first.author, second.author, question.author)
    assert question.accepted_answer_id == second.pk
    assert first.author.reputation == 1
    assert second.author.reputation == 1 + 15
    assert question.author.reputation == 1 + 2
    assert ReputationEvent.objects.filter(reason=Reason.ANSWER_ACCEPTED).count() == 1


def test_only_the_asker_can_accept(make_user, make_question, make_answer):
    question = make_question()
    answer = make_answer(question=question)
    for someone in (make_user(), answer.author):
        with pytest.raises(ActionRefused):
            answer_accept(user=someone, answer=answer)
    question.refresh_from_db()
    assert question.accepted_answer_id is None


def test_accepting_your_own_answer_earns_nothing(make_user, make_question, make_answer):
    asker = make_user()
    question = make_question(author=asker)
    own = make_answer(question=question, author=asker)
    assert answer_accept(user=asker, answer=own).accepted is True
    asker.refresh_from_db()
    assert asker.reputation == 1
    assert not ReputationEvent.objects.exists()


def test_editing_re_renders_the_body_and_only_the_author_may(make_user, make_answer):
    answer = make_answer(body="처음 $x$")
    with pytest.raises(ActionRefused):
        answer_edit(user=make_user(), answer=answer, body="남의 수정")
    answer_edit(user=answer.author, answer=answer, body="고친 답 $y^2$")
    answer.refresh_from_db()
    assert answer.body == "고친 답 $y^2$"
    assert "<math" in answer.body_html and "처음" not in answer.body_html
    assert answer.updated_at is not None


def test_staff_may_edit_any_answer(make_user, make_answer):
    answer = make_answer()
    answer_edit(user=make_user(is_staff=True), answer=answer, body="관리자 수정")
    answer.refresh_from_db()
    assert answer.body == "관리자 수정"


def test_accepting_reports_the_previous_choice_read_under_the_lock(make_question, make_answer):
    question = make_question()
    first = make_answer(question=question)
    second = make_answer(question=question)
    assert answer_accept(user=question.author, answer=first) == AcceptResult(True, None)
    assert answer_accept(user=question.author, answer=second) == AcceptResult(True, first.pk)
    assert answer_accept(user=question.author, answer=second) == AcceptResult(False, second.pk)
