"""The answer admin: staff may fix an answer's text, never move it or delete it."""

import pytest

from apps.answers.models import Answer
from apps.questions.models import Question
from apps.questions.services import answer_counts_recount
from apps.search.query import search_questions
from tests.conftest import admin_form_data

pytestmark = pytest.mark.django_db


def _change_url(answer) -> str:
    return f"/admin/answers/answer/{answer.pk}/change/"


def test_an_answer_cannot_be_moved_to_another_question_or_author(
    staff_client, make_user, make_question, make_answer
):
    answer = make_answer()
    question, author = answer.question, answer.author
    other = make_question()
    data = admin_form_data(staff_client.get(_change_url(answer)))
    assert "question" not in data
    assert "author" not in data
    data.update(question=other.pk, author=make_user().pk, body="고친 답변입니다")
    assert staff_client.post(_change_url(answer), data).status_code == 302
    answer.refresh_from_db()
    assert (answer.question, answer.author, answer.body) == (question, author, "고친 답변입니다")
    assert answer_counts_recount() == 0


def test_an_answer_edited_in_the_admin_is_searchable_at_once(staff_client, make_answer):
    answer = make_answer(body="처음 답변")
    data = admin_form_data(staff_client.get(_change_url(answer)))
    data["body"] = "야코비안 행렬로 설명합니다"
    assert staff_client.post(_change_url(answer), data).status_code == 302
    assert answer.question_id in search_questions("야코비안").ids


def test_answers_cannot_be_added_or_deleted_in_the_admin(staff_client, make_answer):
    answer = make_answer()
    assert staff_client.get("/admin/answers/answer/add/").status_code == 403
    response = staff_client.post(f"/admin/answers/answer/{answer.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert Answer.objects.filter(pk=answer.pk).exists()
    assert Question.objects.get(pk=answer.question_id).answer_count == 1
