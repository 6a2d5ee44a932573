"""The question admin: staff edits keep counters and the search index right."""

import pytest

from apps.questions.models import Question
from apps.questions.services import question_edit
from apps.search.query import search_questions
from apps.tags.models import ConceptTag
from apps.tags.services import tag_counts_recount
from tests.conftest import admin_form_data

pytestmark = pytest.mark.django_db


def _change_url(question) -> str:
    return f"/admin/questions/question/{question.pk}/change/"


def _post_change(client, question, **changes):
    data = admin_form_data(client.get(_change_url(question)))
    data.update(changes)
    return client.post(_change_url(question), data)


def test_concepts_changed_in_the_admin_move_the_counts(staff_client, make_tag, make_question):
    make_tag("alpha")
    beta = make_tag("beta")
    question = make_question(tags=["alpha"])
    response = _post_change(staff_client, question, tags=[beta.pk])
    assert response.status_code == 302
    counts = dict(ConceptTag.objects.values_list("slug", "question_count"))
    assert counts == {"alpha": 0, "beta": 1}
    assert tag_counts_recount() == 0
    # The author then drops the concept staff added: no count goes below zero.
    question.refresh_from_db()
    question_edit(
        user=question.author,
        question=question,
        title=question.title,
        body=question.body,
        tags=["alpha"],
    )
    assert tag_counts_recount() == 0


def test_the_admin_keeps_one_to_five_concepts(staff_client, make_tag, make_question):
    question = make_question()
    response = _post_change(staff_client, question, tags=[])
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["tags"]
    assert question.tags.count() == 1


def test_a_title_edited_in_the_admin_is_searchable_at_once(staff_client, make_question):
    question = make_question(title="처음 제목입니다")
    response = _post_change(staff_client, question, title="고유벡터 질문으로 바꿈")
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.title == "고유벡터 질문으로 바꿈"
    assert question.pk in search_questions("고유벡터").ids


def test_the_admin_cannot_move_a_question_to_another_author(staff_client, make_user, make_question):
    question = make_question()
    author = question.author
    _post_change(staff_client, question, author=make_user().pk)
    question.refresh_from_db()
    assert question.author == author


def test_questions_cannot_be_added_or_deleted_in_the_admin(staff_client, make_question):
    question = make_question()
    assert staff_client.get("/admin/questions/question/add/").status_code == 403
    delete_url = f"/admin/questions/question/{question.pk}/delete/"
    response = staff_client.post(delete_url, {"post": "yes"})
    assert response.status_code == 403
    changelist = staff_client.get("/admin/questions/question/").content.decode()
    assert "delete_selected" not in changelist
    assert Question.objects.filter(pk=question.pk).exists()
