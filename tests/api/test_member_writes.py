"""The rest of a member's writes through the API: editing (with a base revision, 409 when it is
outdated), accepting, following, commenting, and reading and marking notifications. Each goes
through the site's form and service, and each runs a fixed number of queries."""

import json

import pytest
from django.test import Client

from apps.answers.models import Answer
from apps.comments.models import Comment
from apps.following.models import ConceptFollow, QuestionFollow
from apps.notifications.models import Notification
from apps.questions.models import Question
from apps.tokens.services import token_create

pytestmark = pytest.mark.django_db


def _bearer(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def _send(client, method: str, url: str, data, token: str):
    send = getattr(client, method)
    return send(url, json.dumps(data), content_type="application/json", **_bearer(token))


@pytest.fixture
def asker(make_user, make_tag):
    make_tag("likelihood", name_ko="우도", name_en="Likelihood")
    member = make_user("질문자", reputation=100)
    _row, token = token_create(user=member, name="봇", scope="write")
    return member, token


@pytest.fixture
def answerer(make_user):
    member = make_user("답변자", reputation=100)
    _row, token = token_create(user=member, name="봇", scope="write")
    return member, token


EDIT = {
    "title": "우도와 확률의 차이는 무엇인가요",
    "body": "$L(\\theta)$ 를 고쳐 썼어요.",
    "tags": ["우도"],
}


def test_the_author_edits_a_question_and_it_keeps_a_revision(client, asker, make_question):
    member, token = asker
    question = make_question(author=member)
    detail = client.get(f"/api/v1/questions/{question.pk}/").json()
    assert detail["revision"] == 1
    response = _send(
        client, "put", f"/api/v1/questions/{question.pk}/", {**EDIT, "revision": 1}, token
    )
    assert response.status_code == 200
    data = response.json()
    assert (data["title"], data["revision"]) == (EDIT["title"], 2)
    assert "<math" in data["body_html"]
    question.refresh_from_db()
    assert question.title == EDIT["title"] and question.revisions.count() == 2


def test_an_edit_keeps_the_section_and_the_paper_the_api_does_not_show(
    client, asker, make_question
):
    member, token = asker
    question = make_question(author=member)
    Question.objects.filter(pk=question.pk).update(d2l_section="22.7")
    _send(client, "put", f"/api/v1/questions/{question.pk}/", EDIT, token)
    question.refresh_from_db()
    assert (question.title, question.d2l_section) == (EDIT["title"], "22.7")
    moved = {**EDIT, "section": "22.8"}
    response = _send(client, "put", f"/api/v1/questions/{question.pk}/", moved, token)
    assert response.json()["section"]["number"] == "22.8"
    wrong = _send(
        client, "put", f"/api/v1/questions/{question.pk}/", {**EDIT, "section": "99.9"}, token
    )
    assert wrong.status_code == 400 and "section" in wrong.json()["errors"]
    cleared = _send(
        client, "put", f"/api/v1/questions/{question.pk}/", {**EDIT, "section": ""}, token
    )
    assert cleared.json()["section"] is None


def test_asking_while_reading_a_section(client, asker):
    _member, token = asker
    response = _send(client, "post", "/api/v1/questions/", {**EDIT, "section": "22.7"}, token)
    assert response.status_code == 201
    assert response.json()["section"]["title_en"] == "Maximum Likelihood"
    question = Question.objects.get(pk=response.json()["id"])
    assert question.d2l_section == "22.7"
    page = Client().get(question.get_absolute_url()).content.decode()
    assert "22.7" in page and "/read/22.7/" in page


def test_an_edit_on_an_outdated_revision_is_a_conflict_and_changes_nothing(
    client, asker, make_question
):
    member, token = asker
    question = make_question(author=member)
    _send(client, "put", f"/api/v1/questions/{question.pk}/", {**EDIT, "revision": 1}, token)
    late = {**EDIT, "title": "늦게 도착한 편집의 제목입니다", "revision": 1}
    response = _send(client, "put", f"/api/v1/questions/{question.pk}/", late, token)
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "conflict" and "2" in body["message"]
    question.refresh_from_db()
    assert question.title == EDIT["title"] and question.revisions.count() == 2
    # Without a base revision, the edit applies to whatever is there now.
    unchecked = {**late, "revision": None}
    response = _send(client, "put", f"/api/v1/questions/{question.pk}/", unchecked, token)
    assert response.status_code == 200


def test_someone_elses_post_cannot_be_edited_without_the_privilege(
    client, answerer, make_question, make_answer
):
    _member, token = answerer
    question = make_question()
    response = _send(client, "put", f"/api/v1/questions/{question.pk}/", EDIT, token)
    assert response.status_code == 403 and response.json()["message"]
    answer = make_answer(question=question)
    response = _send(client, "put", f"/api/v1/answers/{answer.pk}/", {"body": "남의 답변"}, token)
    assert response.status_code == 403
    answer.refresh_from_db()
    assert answer.body != "남의 답변"


def test_editing_an_answer_and_the_forms_rules(client, answerer, make_question, make_answer):
    member, token = answerer
    answer = make_answer(author=member)
    url = f"/api/v1/answers/{answer.pk}/"
    edited = _send(client, "put", url, {"body": "고친 답변: $\\nabla f$", "revision": 1}, token)
    assert edited.status_code == 200
    assert (edited.json()["id"], edited.json()["revision"]) == (answer.pk, 2)
    empty = _send(client, "put", url, {"body": "", "revision": 2}, token)
    assert empty.status_code == 400 and "body" in empty.json()["errors"]
    stale = _send(client, "put", url, {"body": "다른 답변", "revision": 1}, token)
    assert stale.status_code == 409
    answer.refresh_from_db()
    assert answer.body == "고친 답변: $\\nabla f$"
    assert (
        _send(client, "put", "/api/v1/answers/999999/", {"body": "x" * 30}, token).status_code
        == 404
    )


def test_the_asker_accepts_and_withdraws_and_repeating_changes_nothing(
    client, asker, answerer, make_question, make_answer
):
    member, token = asker
    question = make_question(author=member)
    first = make_answer(question=question, author=answerer[0])
    second = make_answer(question=question)
    url = f"/api/v1/answers/{first.pk}/accept/"
    for _ in range(2):
        response = _send(client, "post", url, {"accepted": True}, token)
        assert response.json() == {"question_id": question.pk, "accepted_answer_id": first.pk}
    answerer[0].refresh_from_db()
    reputation = answerer[0].reputation
    # Withdrawing an answer that is not the chosen one leaves the choice.
    other = _send(
        client, "post", f"/api/v1/answers/{second.pk}/accept/", {"accepted": False}, token
    )
    assert other.json()["accepted_answer_id"] == first.pk
    withdrawn = _send(client, "post", url, {"accepted": False}, token)
    assert withdrawn.json()["accepted_answer_id"] is None
    question.refresh_from_db()
    answerer[0].refresh_from_db()
    assert question.accepted_answer_id is None and answerer[0].reputation < reputation
    # Only the asker may accept.
    refused = _send(client, "post", url, {}, answerer[1])
    assert refused.status_code == 403 and refused.json()["message"]


def test_following_a_question_and_a_concept(client, answerer, make_question):
    member, token = answerer
    question = make_question()
    for _ in range(2):  # safe to repeat
        response = _send(client, "post", f"/api/v1/questions/{question.pk}/follow/", {}, token)
        assert response.json() == {"following": True}
    assert QuestionFollow.objects.filter(user=member, question=question).count() == 1
    off = {"following": False}
    _send(client, "post", f"/api/v1/questions/{question.pk}/follow/", off, token)
    assert not QuestionFollow.objects.filter(user=member, question=question).exists()
    concept = _send(client, "post", "/api/v1/concepts/likelihood/follow/", {}, token)
    assert concept.status_code == 200
    assert ConceptFollow.objects.filter(user=member, tag__slug="likelihood").exists()
    missing = _send(client, "post", "/api/v1/concepts/no-such-concept/follow/", {}, token)
    assert missing.status_code == 404


def test_commenting_notifies_and_follows_the_sites_rules(
    client, asker, answerer, make_question, make_answer, make_user
):
    member, token = answerer
    question = make_question(author=asker[0])
    body = "이 부분에서 $\\log$ 를 취하는 이유가 궁금해요."
    response = _send(
        client, "post", f"/api/v1/questions/{question.pk}/comments/", {"body": body}, token
    )
    assert response.status_code == 201
    data = response.json()
    assert data["author"]["username"] == member.username and "<math" in data["body_html"]
    assert Comment.objects.filter(pk=data["id"], author=member).exists()
    assert Notification.objects.filter(recipient=asker[0], kind="comment").exists()
    nul = {"body": body + "\u0000"}
    refused_nul = _send(client, "post", f"/api/v1/questions/{question.pk}/comments/", nul, token)
    assert refused_nul.status_code == 400 and refused_nul.json()["message"]
    short = _send(
        client, "post", f"/api/v1/questions/{question.pk}/comments/", {"body": "짧"}, token
    )
    assert short.status_code == 400 and short.json()["message"]
    answer = make_answer(question=question)
    on_answer = _send(
        client,
        "post",
        f"/api/v1/answers/{answer.pk}/comments/",
        {"body": body + " 답변에도"},
        token,
    )
    assert on_answer.status_code == 201
    newcomer = make_user("새내기", reputation=1)
    _row, new_token = token_create(user=newcomer, name="봇", scope="write")
    refused = _send(
        client, "post", f"/api/v1/answers/{answer.pk}/comments/", {"body": body}, new_token
    )
    assert refused.status_code == 403 and refused.json()["message"]
    assert Comment.objects.count() == 2


def test_notifications_are_listed_and_marked_read(client, asker, answerer, make_question):
    member, token = asker
    question = make_question(author=member)
    for body in (
        "첫 번째 답변입니다. 우도는 θ의 함수예요.",
        "두 번째 답변입니다. 확률은 x의 함수예요.",
    ):
        _send(
            client, "post", f"/api/v1/questions/{question.pk}/answers/", {"body": body}, answerer[1]
        )
    listed = client.get("/api/v1/me/notifications/", **_bearer(token)).json()
    assert listed["unread"] == 2 and len(listed["results"]) == 2
    first = listed["results"][0]
    assert first["kind"] == "answer" and first["question_id"] == question.pk
    assert first["actor"]["username"] == answerer[0].username and first["read"] is False
    one = _send(client, "post", "/api/v1/me/notifications/read/", {"ids": [first["id"]]}, token)
    assert one.json() == {"read": 1, "unread": 1}
    unread = client.get("/api/v1/me/notifications/?unread=true", **_bearer(token)).json()
    assert [row["id"] for row in unread["results"]] != [first["id"]] and len(unread["results"]) == 1
    # Someone else's notification is skipped, not read.
    theirs = Notification.objects.create(
        recipient=answerer[0], kind="answer", question=question, post=question.post
    )
    skipped = _send(client, "post", "/api/v1/me/notifications/read/", {"ids": [theirs.pk]}, token)
    assert skipped.json() == {"read": 0, "unread": 1}
    rest = _send(client, "post", "/api/v1/me/notifications/read/", {}, token)
    assert rest.json() == {"read": 1, "unread": 0}
    theirs.refresh_from_db()
    assert theirs.read_at is None


@pytest.fixture
def thread(asker, answerer, make_question, make_answer):
    question = make_question(author=asker[0])
    answer = make_answer(question=question, author=answerer[0])
    return question, answer


# Each operation's queries with a token, on a thread of one question and one answer (SQLite;
# PostgreSQL runs as many or fewer). The token's lookup and its last use are two of them; the
# rest are the site's own form and service, then the answer's thread read back as the
# question's detail reads it. None of them grows with the data.
@pytest.mark.parametrize(
    ("who", "method", "url", "data", "limit"),
    [
        ("asker", "get", "/api/v1/me/", None, 3),
        ("asker", "post", "/api/v1/questions/", {**EDIT, "title": "새로 묻는 질문입니다"}, 37),
        ("asker", "post", "/api/v1/questions/{q}/answers/", {"body": "스스로 답해 봅니다"}, 36),
        ("asker", "put", "/api/v1/questions/{q}/", {**EDIT, "revision": 1}, 36),
        ("answerer", "put", "/api/v1/answers/{a}/", {"body": "고친 답변 본문", "revision": 1}, 32),
        ("asker", "post", "/api/v1/answers/{a}/accept/", {"accepted": True}, 18),
        ("answerer", "post", "/api/v1/questions/{q}/vote/", {"value": 1}, 19),
        ("asker", "post", "/api/v1/answers/{a}/vote/", {"value": 1}, 19),
        ("answerer", "post", "/api/v1/questions/{q}/follow/", {"following": True}, 8),
        ("answerer", "post", "/api/v1/concepts/likelihood/follow/", {"following": True}, 4),
        (
            "answerer",
            "post",
            "/api/v1/questions/{q}/comments/",
            {"body": "댓글 본문이에요 충분히 길게"},
            16,
        ),
        ("asker", "get", "/api/v1/me/notifications/", None, 4),
        ("asker", "post", "/api/v1/me/notifications/read/", {}, 4),
    ],
)
def test_each_write_runs_a_fixed_number_of_queries(
    client, asker, answerer, thread, who, method, url, data, limit, django_assert_max_num_queries
):
    question, answer = thread
    token = {"asker": asker, "answerer": answerer}[who][1]
    url = url.format(q=question.pk, a=answer.pk)
    with django_assert_max_num_queries(limit):
        if data is None:
            response = client.get(url, **_bearer(token))
        else:
            response = _send(client, method, url, data, token)
    assert response.status_code in (200, 201), response.content
    assert Question.objects.filter(pk=question.pk).exists()
    assert Answer.objects.filter(pk=answer.pk).exists()
