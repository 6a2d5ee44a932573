import re

import pytest
from django.urls import reverse

from apps.core.errors import InvalidAction
from apps.moderation.services import post_delete
from apps.questions.models import Question
from apps.questions.services import question_edit
from tests.conftest import log_in

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_log_in_before_asking(client):
    response = client.get("/questions/ask/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/questions/ask/")


def test_asking_creates_the_question_and_redirects_to_its_hangul_slug(client, make_user, make_tag):
    make_tag("likelihood")
    log_in(client, make_user())
    response = client.post(
        "/questions/ask/",
        {"title": "대학원 필수?", "body": "학부만으로 충분한가요? $x_1$", "tags": "likelihood"},
    )
    question = Question.objects.get()
    assert response.status_code == 302
    assert response["Location"] == question.get_absolute_url()
    assert question.slug == "대학원-필수"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "대학원 필수?" in page.content.decode()
    assert "<math" in page.content.decode()


@pytest.mark.parametrize(
    ("title", "body", "field"),
    [
        ("짧다", "본문은 충분히 깁니다 정말로", "title"),
        ("가" * 151, "본문은 충분히 깁니다 정말로", "title"),
        ("   공백뿐인   ", "", "body"),
        ("좋은 제목입니다", "짧음", "body"),
    ],
)
def test_bad_question_input_shows_errors_and_saves_nothing(client, make_user, title, body, field):
    log_in(client, make_user())
    response = client.post("/questions/ask/", {"title": title, "body": body})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Question.objects.exists()


def test_short_id_url_and_wrong_slug_redirect_to_the_canonical_url(client, make_question):
    question = make_question(title="Likelihood와 probability")
    for url in (f"/questions/{question.pk}/", f"/questions/{question.pk}/wrong-slug/"):
        response = client.get(url)
        assert response.status_code == 301
        assert response["Location"] == question.get_absolute_url()


def test_unknown_question_is_a_404(client):
    assert client.get("/questions/987654/x/").status_code == 404
    assert client.get("/questions/987654/edit/").status_code in (302, 404)


def test_views_are_counted_once_per_person(client, make_user, make_question):
    question = make_question()
    url = question.get_absolute_url()
    client.get(url)
    client.get(url)
    question.refresh_from_db()
    assert question.view_count == 1
    log_in(client, make_user())
    client.get(url)
    client.get(url)
    question.refresh_from_db()
    assert question.view_count == 2


def test_only_the_author_or_staff_can_edit(client, make_user, make_question):
    author = make_user()
    question = make_question(author=author)
    url = f"/questions/{question.pk}/edit/"
    data = {"title": "고친 제목입니다", "body": "고친 본문 $\\alpha$ 입니다", "tags": "likelihood"}

    assert client.post(url, data).status_code == 302  # anonymous: log in first
    log_in(client, make_user())
    assert client.post(url, data).status_code == 403
    question.refresh_from_db()
    assert question.title != data["title"]

    log_in(client, author)
    assert client.get(url).status_code == 200
    response = client.post(url, data)
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.title == data["title"]
    assert "<math" in question.body_html
    assert question.updated_at is not None

    log_in(client, make_user(is_staff=True))
    assert (
        client.post(
            url, {"title": "관리자가 고침", "body": "관리자가 고친 본문", "tags": "likelihood"}
        ).status_code
        == 302
    )


def test_home_tabs_order_and_filter(client, make_question, make_answer, make_user):
    from apps.votes.services import vote_cast

    old = make_question(title="오래된 질문입니다")
    top = make_question(title="인기 있는 질문")
    fresh = make_question(title="새로 올라온 질문")
    vote_cast(user=make_user(), post=top, value=1)
    make_answer(question=old)  # `old` becomes the most active and is answered

    def titles(tab):
        response = client.get("/", {"tab": tab})
        assert response.status_code == 200
        # From the page itself: a visitor's first page may come from the cache.
        return re.findall(r'class="question-title"><a [^>]*>([^<]*)</a>', response.content.decode())

    assert titles("newest") == [fresh.title, top.title, old.title]
    assert titles("active")[0] == old.title
    assert titles("top")[0] == top.title
    assert titles("unanswered") == [fresh.title, top.title]
    assert titles("nonsense") == titles("newest")


def test_home_paginates_thirty_per_page(client, make_user, make_tag):
    from apps.questions.services import question_create

    author = make_user()
    tag = make_tag()
    for i in range(31):
        question_create(
            author=author, title=f"질문 번호 {i:02d}", body="본문입니다", tags=[tag.slug]
        )
    first = client.get("/")
    assert len(first.context["page"].object_list) == 30
    second = client.get("/", {"page": 2})
    assert [q.title for q in second.context["page"].object_list] == ["질문 번호 00"]
    assert client.get("/", {"page": "abc"}).status_code == 200
    assert client.get("/", {"page": 999}).status_code == 200


@pytest.mark.parametrize("count", [3, 30])
def test_home_list_costs_a_fixed_number_of_queries(
    client, make_user, make_tag, django_assert_max_num_queries, count
):
    from apps.questions.services import question_create

    tags = [make_tag() for _ in range(5)]
    for i in range(count):
        question_create(
            author=make_user(),
            title=f"쿼리 수 질문 {i}",
            body="본문입니다",
            tags=[tag.slug for tag in tags[: 1 + i % 5]],
        )
    # the total, the page's ids, its rows (with authors), their tags
    with django_assert_max_num_queries(4):
        response = client.get(reverse("questions:list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert all(tag.name in html for tag in tags[: min(count, 5)])


@pytest.mark.parametrize("count", [3, 30])
def test_question_page_costs_a_fixed_number_of_queries(
    client, make_user, make_question, make_answer, django_assert_max_num_queries, count
):
    from apps.votes.services import vote_cast

    question = make_question()
    viewer = make_user()
    for _ in range(count):
        answer = make_answer(question=question)
        vote_cast(user=viewer, post=answer, value=1)
    log_in(client, viewer)
    # session + user, question, answers (with the viewer's votes), tags, their D2L links,
    # related questions (ids, rows), the view counter update, marking the viewer's
    # notifications about it read, whether they follow it, the header's unread count, and
    # whether the viewer is a moderator (deleted posts and the privileges behind each action),
    # and the answers marked as examples of a concept in use (apps.examples)
    with django_assert_max_num_queries(14):
        response = client.get(question.get_absolute_url())
    assert response.status_code == 200
    assert len(response.context["answers"]) == count


@pytest.mark.parametrize("title", ["vote", "Edit", "answer"])
def test_a_title_equal_to_an_action_name_still_gets_its_own_page(client, make_question, title):
    question = make_question(title=title * 2 if len(title) < 5 else title)
    question.title = title
    Question.objects.filter(pk=question.pk).update(title=title)
    assert question.slug not in {"vote", "edit", "answer"}
    response = client.get(question.get_absolute_url())
    assert response.status_code == 200
    assert response.context["question"].pk == question.pk


@pytest.mark.parametrize(
    "url",
    [
        "/questions/99999999999999999999999/",
        "/questions/99999999999999999999999/slug/",
        "/answers/99999999999999999999999/edit/",
        "/users/99999999999999999999999/someone/",
    ],
)
def test_an_absurdly_large_id_is_a_404_not_a_database_error(client, url):
    assert client.get(url).status_code == 404


def test_times_follow_each_languages_word_order(client, make_question, make_answer):
    question = make_question()
    make_answer(question=question)
    question.updated_at = question.created_at  # shows "edited"
    question.save(update_fields=["updated_at"])
    url = question.get_absolute_url()
    korean = client.get(url).content.decode()
    # "3 분 전 질문", never "질문 3 분 전" (which reads as "3 minutes before the question").
    for word in ("질문", "답변", "활동", "수정"):
        assert f"</time> {word}" in korean
        assert f"{word} <time" not in korean
    assert "</time> 질문" in client.get("/").content.decode()
    assert "</time> 활동" in client.get("/?tab=active").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get(url).content.decode()
    for word in ("asked", "answered", "active", "edited"):
        assert f"{word} <time" in english


def test_only_members_load_the_answer_editors_script(client, make_question, make_user):
    # Anonymous visitors get no answer form, so they need none of its JavaScript.
    question = make_question()
    script = "markdownx/js/markdownx"
    assert script not in client.get(question.get_absolute_url()).content.decode()
    log_in(client, make_user())
    assert script in client.get(question.get_absolute_url()).content.decode()


@pytest.mark.parametrize("control", ["\u202e", "\u200b", "\u2067", "\ufeff"])
def test_a_title_with_invisible_controls_is_refused(client, make_user, make_tag, control):
    make_tag("likelihood")
    log_in(client, make_user())
    title = f"우도{control}란 무엇인가요"
    response = client.post(
        "/questions/ask/", {"title": title, "body": "본문은 충분히 깁니다", "tags": "likelihood"}
    )
    assert response.status_code == 200
    assert "제어 문자" in str(response.context["form"].errors["title"])
    assert not Question.objects.exists()


# --- A question changed by someone else between the edit form and its submit --------------------


def _edit_data(question, **changes) -> dict:
    return {"title": question.title, "body": question.body, "tags": "likelihood", **changes}


@pytest.mark.parametrize("htmx", [False, True])
def test_editing_a_question_deleted_since_the_form_was_shown_is_refused(
    client, make_user, make_question, htmx
):
    question = make_question(body="처음 본문입니다")
    log_in(client, question.author)
    url = f"/questions/{question.pk}/edit/"
    assert client.get(url).status_code == 200
    post_delete(user=make_user(is_staff=True), post=question)  # another request, meanwhile
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = client.post(url, _edit_data(question, body="다시 고쳐 쓴 본문입니다 $x$"), **headers)
    message = "삭제된 질문이라 고칠 수 없어요."
    assert response.status_code == 400
    if htmx:  # shown in the page's alert region
        assert response["Content-Type"].startswith("text/plain")
        assert response.content.decode() == message
    else:
        assert response.context["message"] == message
        assert "core/refused.html" in [t.name for t in response.templates]
    question = Question.all_objects.get(pk=question.pk)
    assert question.body == "처음 본문입니다" and question.revisions.count() == 1


def test_the_edit_service_refuses_a_question_deleted_under_it(make_user, make_question):
    """The view's question is read before the service's lock: deleted in between, the service
    says so (it used to raise DoesNotExist, a 500)."""
    question = make_question()
    stale = Question.objects.get(pk=question.pk)
    post_delete(user=make_user(is_staff=True), post=question)
    with pytest.raises(InvalidAction) as refused:
        question_edit(
            user=question.author,
            question=stale,
            title=stale.title,
            body="새 본문입니다",
            tags=["likelihood"],
        )
    assert refused.value.message == "삭제된 질문이라 고칠 수 없어요."


def test_a_deleted_questions_edit_form_is_still_a_404(client, make_user, make_question):
    question = make_question()
    post_delete(user=make_user(is_staff=True), post=question)
    log_in(client, question.author)
    assert client.get(f"/questions/{question.pk}/edit/").status_code == 404
