"""Answer revisions: every version kept, the history page with its diffs, the "edited" byline."""

import pytest
from django.db import connection
from django.urls import reverse

from apps.answers.models import Answer, AnswerRevision
from apps.answers.services import answer_edit
from apps.core.errors import Conflict
from tests.conftest import admin_form_data, in_parallel, log_in

pytestmark = pytest.mark.django_db


def _edit(answer, *, user=None, body: str, summary: str = ""):
    answer.refresh_from_db()
    return answer_edit(user=user or answer.author, answer=answer, body=body, summary=summary)


def _revisions_url(answer) -> str:
    return reverse("answers:revisions", kwargs={"pk": answer.pk})


def test_answering_keeps_the_answer_as_revision_one(make_answer):
    answer = make_answer(body="처음 쓴 답변입니다")
    (revision,) = answer.revisions.all()
    assert (revision.number, revision.author, revision.body, revision.summary) == (
        1,
        answer.author,
        "처음 쓴 답변입니다",
        "",
    )
    assert revision.created_at == answer.created_at


def test_each_real_edit_adds_the_next_revision_with_its_summary(make_user, make_answer):
    answer = make_answer(body="첫 답변입니다")
    staff = make_user(is_staff=True)
    _edit(answer, body="둘째 답변입니다", summary="예시 추가")
    _edit(answer, user=staff, body="셋째 답변입니다")
    revisions = list(answer.revisions.order_by("number"))
    assert [(r.number, r.author, r.body, r.summary) for r in revisions] == [
        (1, answer.author, "첫 답변입니다", ""),
        (2, answer.author, "둘째 답변입니다", "예시 추가"),
        (3, staff, "셋째 답변입니다", ""),
    ]
    answer.refresh_from_db()
    assert answer.edited_by == staff
    assert answer.updated_at == revisions[2].created_at


def test_an_edit_that_changes_nothing_adds_no_revision(make_answer):
    answer = make_answer(body="그대로인 답변입니다")
    _edit(answer, body="그대로인 답변입니다", summary="변경 없음")
    answer.refresh_from_db()
    assert answer.revisions.count() == 1
    assert (answer.updated_at, answer.edited_by) == (None, None)


def test_the_edit_form_saves_the_summary(client, make_answer):
    answer = make_answer()
    log_in(client, answer.author)
    url = reverse("answers:edit", kwargs={"pk": answer.pk})
    assert 'name="summary"' in client.get(url).content.decode()
    response = client.post(url, {"body": "폼으로 고친 답변", "summary": "근거 보강"})
    assert response.status_code == 302
    assert answer.revisions.get(number=2).summary == "근거 보강"


def test_the_edit_form_refuses_invisible_controls_in_the_summary(client, make_answer):
    answer = make_answer()
    log_in(client, answer.author)
    response = client.post(
        reverse("answers:edit", kwargs={"pk": answer.pk}),
        {"body": "고친 답변입니다", "summary": "\u200b수정"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["summary"]
    assert answer.revisions.count() == 1


def test_the_history_shows_the_diff_escaped(client, make_answer):
    answer = make_answer(body="유지되는 줄\n사라질 줄")
    _edit(answer, body="유지되는 줄\n<script>alert('x')</script>")
    response = client.get(_revisions_url(answer))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;</ins>" in html
    assert "사라질 줄</del>" in html
    assert answer.get_absolute_url() in html
    assert html.index('id="revision-2"') < html.index('id="revision-1"')


@pytest.mark.parametrize("edits", [2, 9])
def test_the_history_costs_a_fixed_number_of_queries(
    client, make_user, make_answer, django_assert_max_num_queries, edits
):
    answer = make_answer(body="답변 0")
    for i in range(1, edits + 1):
        _edit(answer, user=make_user(is_staff=True), body=f"답변 {i}")
    log_in(client, make_user())
    # session + user, the answer with its question, its revisions with their authors, the
    # header's unread count
    with django_assert_max_num_queries(5):
        response = client.get(_revisions_url(answer))
    assert response.status_code == 200
    assert len(response.context["changes"]) == edits + 1


def test_the_history_of_a_missing_answer_is_404(client):
    assert client.get("/answers/999999/revisions/").status_code == 404


def test_an_edited_answer_says_who_edited_it_on_the_question_page(
    client, make_user, make_question, make_answer
):
    question = make_question()
    edited, untouched = make_answer(question=question), make_answer(question=question)
    editor = make_user(is_staff=True, display_name="답변 고친 사람")
    _edit(edited, user=editor, body="스태프가 고친 답변")
    page = client.get(question.get_absolute_url()).content.decode()
    link = f'<a class="byline-edited" href="{_revisions_url(edited)}">'
    byline = page[page.index(link) :]
    assert "답변 고친 사람" in byline[: byline.index("</a>")]
    assert _revisions_url(untouched) not in page


def test_the_question_page_loads_editors_without_a_query_each(
    client, make_user, make_question, make_answer, django_assert_max_num_queries
):
    question = make_question()
    for _ in range(4):
        _edit(make_answer(question=question), user=make_user(is_staff=True), body="고친 답변들")
    log_in(client, make_user())
    # As in test_question_page_costs_a_fixed_number_of_queries: edited answers cost nothing more
    # (the member's first page of the day also records the visit: the visiting badges).
    with django_assert_max_num_queries(14):
        response = client.get(question.get_absolute_url())
    assert response.content.decode().count('class="byline-edited"') == 4


def test_a_staff_edit_in_the_admin_is_a_revision(staff_client, make_answer):
    answer = make_answer()
    url = f"/admin/answers/answer/{answer.pk}/change/"
    data = admin_form_data(staff_client.get(url))
    data["body"] = "관리자가 고친 답변"
    assert staff_client.post(url, data).status_code == 302
    answer.refresh_from_db()
    revision = answer.revisions.get(number=2)
    assert revision.author == answer.edited_by
    assert revision.author.is_staff
    assert revision.body == "관리자가 고친 답변"
    assert revision.summary  # a default says it was edited in the admin
    assert answer.updated_at is not None


def test_saving_the_admin_form_unchanged_is_no_revision(staff_client, make_answer):
    answer = make_answer()
    url = f"/admin/answers/answer/{answer.pk}/change/"
    data = admin_form_data(staff_client.get(url))
    assert staff_client.post(url, data).status_code == 302
    assert AnswerRevision.objects.filter(answer=answer).count() == 1
    assert Answer.objects.get(pk=answer.pk).edited_by is None


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks are exercised on PostgreSQL"
)
def test_concurrent_edits_take_distinct_revision_numbers(make_user, make_answer):
    answer = make_answer()
    editors = [make_user(is_staff=True) for _ in range(8)]
    in_parallel(
        [
            (
                lambda e=editor, i=i: answer_edit(
                    user=e, answer=Answer.objects.get(pk=answer.pk), body=f"동시에 고친 답변 {i}"
                )
            )
            for i, editor in enumerate(editors)
        ]
    )
    numbers = sorted(answer.revisions.values_list("number", flat=True))
    assert numbers == list(range(1, len(editors) + 2))


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks are exercised on PostgreSQL"
)
def test_concurrent_edits_on_one_base_revision_let_exactly_one_through(make_user, make_answer):
    answer = make_answer()
    editors = [make_user(is_staff=True) for _ in range(6)]
    refused = []

    def edit(editor, i):
        try:
            answer_edit(
                user=editor,
                answer=Answer.objects.get(pk=answer.pk),
                body=f"같은 판을 고친 답변 {i}",
                base_revision=1,
            )
        except Conflict:
            refused.append(i)

    in_parallel([(lambda e=editor, i=i: edit(e, i)) for i, editor in enumerate(editors)])
    assert sorted(answer.revisions.values_list("number", flat=True)) == [1, 2]
    assert len(refused) == len(editors) - 1
    kept = Answer.objects.get(pk=answer.pk).body
    assert kept.startswith("같은 판을 고친 답변") and int(kept.rsplit(" ", 1)[1]) not in refused
