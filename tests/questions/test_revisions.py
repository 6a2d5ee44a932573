"""Question revisions: every version kept, the history page with its diffs, the "edited" byline."""

import pytest
from django.urls import reverse

from apps.core.revisions import line_diff
from apps.questions.models import Question, QuestionRevision
from apps.questions.services import question_edit
from tests.conftest import admin_form_data, log_in

pytestmark = pytest.mark.django_db


def _edit(question, *, user=None, title=None, body=None, tags=None, summary=""):
    question.refresh_from_db()
    return question_edit(
        user=user or question.author,
        question=question,
        title=title if title is not None else question.title,
        body=body if body is not None else question.body,
        tags=tags if tags is not None else [tag.slug for tag in question.tags.all()],
        summary=summary,
    )


def _revisions_url(question) -> str:
    return reverse("questions:revisions", kwargs={"pk": question.pk})


def test_asking_keeps_the_question_as_revision_one(make_tag, make_question):
    make_tag("alpha")
    make_tag("beta")
    question = make_question(
        title="첫 질문 제목입니다", body="처음 본문입니다", tags=["beta", "alpha"]
    )
    (revision,) = question.revisions.all()
    assert revision.number == 1
    assert revision.author == question.author
    assert revision.created_at == question.created_at
    assert (revision.title, revision.body, revision.tags) == (
        "첫 질문 제목입니다",
        "처음 본문입니다",
        "alpha,beta",
    )
    assert revision.summary == ""


def test_each_real_edit_adds_the_next_revision_with_its_summary(make_question):
    question = make_question(body="첫 번째 본문입니다")
    _edit(question, body="두 번째 본문입니다", summary="  오타 수정  ")
    _edit(question, title="바뀐 질문 제목입니다", summary="제목을 더 분명하게")
    revisions = list(question.revisions.order_by("number"))
    assert [r.number for r in revisions] == [1, 2, 3]
    assert [r.summary for r in revisions] == ["", "오타 수정", "제목을 더 분명하게"]
    assert revisions[1].body == "두 번째 본문입니다"
    assert revisions[2].title == "바뀐 질문 제목입니다"
    assert revisions[2].body == "두 번째 본문입니다"


def test_an_edit_records_who_edited_and_when(make_user, make_question):
    question = make_question()
    staff = make_user(is_staff=True)
    _edit(question, user=staff, body="관리자가 고친 본문입니다")
    question.refresh_from_db()
    assert question.edited_by == staff
    assert question.updated_at is not None
    latest = question.revisions.get(number=2)
    assert latest.author == staff
    assert latest.created_at == question.updated_at


def test_an_edit_that_changes_nothing_adds_no_revision(make_question):
    question = make_question()
    activity = question.last_activity_at
    _edit(question, title=f"  {question.title} ", summary="아무것도 안 바꿈")
    question.refresh_from_db()
    assert question.revisions.count() == 1
    assert question.updated_at is None
    assert question.edited_by is None
    assert question.last_activity_at == activity


def test_changing_only_the_concepts_is_a_revision(make_tag, make_question):
    make_tag("alpha")
    make_tag("beta")
    question = make_question(tags=["alpha"])
    _edit(question, tags=["alpha", "beta"])
    assert question.revisions.get(number=2).tags == "alpha,beta"


def test_the_edit_form_saves_the_summary(client, make_question):
    question = make_question()
    log_in(client, question.author)
    url = reverse("questions:edit", kwargs={"pk": question.pk})
    assert 'name="summary"' in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "title": question.title,
            "body": "폼으로 고친 본문입니다",
            "tags": "likelihood",
            "summary": "설명 추가",
        },
    )
    assert response.status_code == 302
    assert question.revisions.get(number=2).summary == "설명 추가"


@pytest.mark.parametrize("summary", ["가" * 201, "오타\u202e수정"])
def test_the_edit_form_refuses_a_bad_summary(client, make_question, summary):
    question = make_question()
    log_in(client, question.author)
    response = client.post(
        reverse("questions:edit", kwargs={"pk": question.pk}),
        {
            "title": question.title,
            "body": "고친 본문입니다",
            "tags": "likelihood",
            "summary": summary,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["summary"]
    assert question.revisions.count() == 1


def test_the_history_shows_added_and_removed_lines_escaped(client, make_question):
    question = make_question(body="첫 줄\n지울 줄\n끝 줄")
    _edit(question, body="첫 줄\n<script>alert(1)</script>\n끝 줄", summary="스크립트 <b>추가</b>")
    html = client.get(_revisions_url(question)).content.decode()
    assert "<script>alert" not in html
    assert "<b>추가</b>" not in html
    assert "스크립트 &lt;b&gt;추가&lt;/b&gt;" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;</ins>" in html
    assert "지울 줄</del>" in html
    # Newest first: revision 2's diff, then revision 1 as originally written.
    assert html.index('id="revision-2"') < html.index('id="revision-1"')
    original = html[html.index('id="revision-1"') :]
    assert "첫 줄\n지울 줄\n끝 줄" in original


def test_the_history_shows_title_and_concept_changes(client, make_tag, make_question):
    make_tag("alpha", name_ko="우도", name_en="Likelihood")
    make_tag("beta", name_ko="기댓값", name_en="Expectation")
    question = make_question(title="옛 질문 제목입니다", tags=["alpha"])
    _edit(question, title="새 질문 제목입니다", tags=["beta"])
    html = client.get(_revisions_url(question), HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "옛 질문 제목입니다</del>" in html
    assert "새 질문 제목입니다</ins>" in html
    # Concepts by their names in the reader's language, never as slugs.
    assert "우도</del>" in html
    assert "기댓값</ins>" in html
    original = html[html.index('id="revision-1"') :]
    assert "</span> 우도</p>" in original
    assert "alpha" not in html and "beta" not in html
    client.cookies["django_language"] = "en"
    english = client.get(_revisions_url(question)).content.decode()
    assert "Likelihood</del>" in english and "Expectation</ins>" in english


def test_the_history_links_each_author(client, make_user, make_question):
    question = make_question()
    editor = make_user(is_staff=True, display_name="편집하는 사람")
    _edit(question, user=editor, body="다른 사람이 고친 본문")
    html = client.get(_revisions_url(question)).content.decode()
    assert f'href="{editor.get_absolute_url()}">편집하는 사람</a>' in html
    assert f'href="{question.author.get_absolute_url()}"' in html


@pytest.mark.parametrize("edits", [2, 9])
def test_the_history_costs_a_fixed_number_of_queries(
    client, make_user, make_question, django_assert_max_num_queries, edits
):
    question = make_question(body="본문 0")
    for i in range(1, edits + 1):
        _edit(question, user=make_user(is_staff=True), body=f"본문 {i}\n추가 줄 {i}")
    log_in(client, make_user())
    # the member (with the header's unread count), the question, its revisions with their
    # authors, the names of their concepts
    with django_assert_max_num_queries(5):
        response = client.get(_revisions_url(question))
    assert response.status_code == 200
    assert len(response.context["changes"]) == edits + 1


def test_the_history_of_a_missing_question_is_404(client):
    assert client.get("/questions/999999/revisions/").status_code == 404


def test_the_question_page_says_who_edited_it_last(client, make_user, make_question):
    question = make_question()
    page = client.get(question.get_absolute_url()).content.decode()
    assert _revisions_url(question) not in page  # never edited: nothing extra
    editor = make_user(is_staff=True, display_name="고친 사람")
    _edit(question, user=editor, body="스태프가 고친 본문입니다")
    page = client.get(question.get_absolute_url()).content.decode()
    byline = page[page.index(f'<a class="byline-edited" href="{_revisions_url(question)}">') :]
    assert "고친 사람" in byline[: byline.index("</a>")]


def test_a_staff_edit_in_the_admin_is_a_revision(staff_client, make_question):
    question = make_question()
    url = f"/admin/questions/question/{question.pk}/change/"
    data = admin_form_data(staff_client.get(url))
    data.update(body="관리자 화면에서 고친 본문", summary="관리자 수정")
    assert staff_client.post(url, data).status_code == 302
    question.refresh_from_db()
    revision = question.revisions.get(number=2)
    staff = question.edited_by
    assert staff is not None and staff.is_staff
    assert (revision.author, revision.body, revision.summary) == (
        staff,
        "관리자 화면에서 고친 본문",
        "관리자 수정",
    )
    assert revision.tags == "likelihood"
    assert question.updated_at is not None


def test_changing_only_dates_in_the_admin_is_no_revision(staff_client, make_question):
    question = make_question()
    url = f"/admin/questions/question/{question.pk}/change/"
    data = admin_form_data(staff_client.get(url))
    data.update(created_at_0="2024-01-02")
    assert staff_client.post(url, data).status_code == 302
    assert QuestionRevision.objects.filter(question=question).count() == 1
    assert Question.objects.get(pk=question.pk).edited_by is None


def test_a_line_diff_keeps_context_and_marks_skipped_lines():
    old = "\n".join(f"줄 {i}" for i in range(20))
    new = old.replace("줄 10", "바뀐 줄 10")
    lines = line_diff(old, new)
    kinds = [line.kind for line in lines]
    assert kinds == ["gap", *["same"] * 3, "removed", "added", *["same"] * 3, "gap"]
    assert [line.text for line in lines if line.kind != "same" and line.kind != "gap"] == [
        "줄 10",
        "바뀐 줄 10",
    ]
    assert line_diff("같은 글\n", "같은 글") == []


def test_the_history_shows_how_the_body_read_before_and_after(client, make_question):
    question = make_question(body="분산은 $\\sigma$ 예요. <script>alert(1)</script>")
    _edit(question, body="분산은 $\\sigma^2$ 예요.")
    html = client.get(_revisions_url(question), HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    latest = html[html.index('id="revision-2"') : html.index('id="revision-1"')]
    before = latest[latest.index("is-before") : latest.index("is-after")]
    after = latest[latest.index("is-after") :]
    assert "<math" in before and "<msup>" not in before  # σ, as it read
    assert "<msup>" in after  # σ², as it reads now
    assert "<script>" not in html  # rendered by the one pipeline, sanitized
    original = html[html.index('id="revision-1"') :]
    assert "revision-rendered-body" in original and "is-before" not in original
