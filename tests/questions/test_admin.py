"""The question admin: staff edits go through the site's own edit (`question_edit`), so
counters, revisions, the rendered HTML, the search index and visitors' kept pages follow."""

import pytest
from django.test import Client
from django.utils import timezone

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


def test_an_admin_edit_is_the_sites_edit_and_visitors_see_it_at_once(
    staff_client, make_question, django_assert_num_queries
):
    question = make_question(title="처음 제목입니다", body="처음 본문입니다")
    url = question.get_absolute_url()
    visitor = Client()
    assert "처음 본문입니다" in visitor.get(url).content.decode()
    with django_assert_num_queries(0):  # the page is kept for visitors
        assert "처음 본문입니다" in visitor.get(url).content.decode()
    response = _post_change(
        staff_client, question, body="고유벡터는 $A v = \\lambda v$ 를 만족합니다", summary=""
    )
    assert response.status_code == 302
    question.refresh_from_db()
    staff = response.wsgi_request.user
    # A revision by the staff member, the HTML rendered again, the index rewritten.
    latest = question.revisions.order_by("-number").first()
    assert (latest.number, latest.author, latest.summary) == (2, staff, "관리자 화면에서 수정함")
    assert latest.body == question.body
    assert question.edited_by == staff and question.updated_at is not None
    assert "<math" in question.body_html and "고유벡터는" in question.body_html
    assert question.pk in search_questions("고유벡터").ids
    # The next visitor gets the new text, not the kept page.
    page = visitor.get(url).content.decode()
    assert "고유벡터는" in page and "처음 본문입니다" not in page


def test_dates_changed_in_the_admin_are_kept_as_typed_and_add_no_revision(
    staff_client, make_question
):
    question = make_question()
    response = _post_change(
        staff_client, question, created_at_0="2024-03-01", created_at_1="09:30:00"
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert timezone.localtime(question.created_at).strftime("%Y-%m-%d %H:%M") == (
        "2024-03-01 09:30"
    )
    assert question.revisions.count() == 1 and question.edited_by is None


def test_a_text_edit_with_a_typed_date_keeps_the_typed_date(staff_client, make_question):
    question = make_question()
    response = _post_change(
        staff_client,
        question,
        title="날짜도 고친 질문 제목",
        updated_at_0="2024-05-02",
        updated_at_1="10:00:00",
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.title == "날짜도 고친 질문 제목" and question.revisions.count() == 2
    assert timezone.localtime(question.updated_at).strftime("%Y-%m-%d %H:%M") == (
        "2024-05-02 10:00"
    )


def test_saving_the_admin_form_unchanged_changes_nothing(staff_client, make_question):
    question = make_question()
    before = Question.objects.values().get(pk=question.pk)
    assert _post_change(staff_client, question).status_code == 302
    assert Question.objects.values().get(pk=question.pk) == before
    assert question.revisions.count() == 1
