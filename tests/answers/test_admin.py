"""The answer admin: staff may fix an answer's text (through the site's own `answer_edit`),
never move it or delete it."""

import pytest
from django.test import Client
from django.utils import timezone

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


def test_an_admin_edit_is_the_sites_edit_and_visitors_see_it_at_once(
    staff_client, make_answer, django_assert_num_queries
):
    answer = make_answer(body="처음 쓴 답변입니다")
    url = answer.question.get_absolute_url()
    visitor = Client()
    assert "처음 쓴 답변입니다" in visitor.get(url).content.decode()
    with django_assert_num_queries(0):  # the page is kept for visitors
        visitor.get(url)
    data = admin_form_data(staff_client.get(_change_url(answer)))
    data.update(body="야코비안은 $J_{ij} = \\partial f_i / \\partial x_j$ 입니다", summary="수식")
    response = staff_client.post(_change_url(answer), data)
    assert response.status_code == 302
    answer.refresh_from_db()
    staff = response.wsgi_request.user
    latest = answer.revisions.order_by("-number").first()
    assert (latest.number, latest.author, latest.summary) == (2, staff, "수식")
    assert latest.body == answer.body
    assert answer.edited_by == staff
    assert "<math" in answer.body_html and "야코비안은" in answer.body_html
    assert answer.question_id in search_questions("야코비안").ids
    page = visitor.get(url).content.decode()
    assert "야코비안은" in page and "처음 쓴 답변입니다" not in page


def test_saving_the_answer_admin_form_unchanged_changes_nothing(staff_client, make_answer):
    answer = make_answer()
    before = Answer.objects.values().get(pk=answer.pk)
    data = admin_form_data(staff_client.get(_change_url(answer)))
    assert staff_client.post(_change_url(answer), data).status_code == 302
    assert Answer.objects.values().get(pk=answer.pk) == before
    assert answer.revisions.count() == 1


def test_an_answer_date_changed_in_the_admin_is_kept_as_typed(staff_client, make_answer):
    answer = make_answer()
    data = admin_form_data(staff_client.get(_change_url(answer)))
    data.update(created_at_0="2024-03-01", created_at_1="09:30:00")
    assert staff_client.post(_change_url(answer), data).status_code == 302
    answer.refresh_from_db()
    assert timezone.localtime(answer.created_at).strftime("%Y-%m-%d %H:%M") == "2024-03-01 09:30"
    assert answer.revisions.count() == 1 and answer.edited_by is None
