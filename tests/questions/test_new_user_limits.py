"""New members (under NEW_USER_REPUTATION) may put at most NEW_USER_MAX_LINKS links and no
images in a question or an answer: refused in the form and in the services, nothing saved."""

import pytest
from django.utils import translation
from django.utils.html import escape

from apps.answers.models import Answer, AnswerRevision
from apps.answers.services import answer_create, answer_edit
from apps.core.errors import ActionRefused
from apps.core.newcomers import is_new_user, post_content_problems
from apps.markup.rendering import render_markdown
from apps.questions.models import Question, QuestionRevision
from apps.questions.services import question_create, question_edit
from tests.conftest import log_in

pytestmark = pytest.mark.django_db

TWO_LINKS = "읽어 볼 곳: [하나](https://example.com/1), <https://example.com/2> $x$"
THREE_LINKS = TWO_LINKS + " 그리고 [셋](/questions/1/)"
IMAGE = "그림을 보세요 ![그래프](https://example.com/graph.png) $y$"
UPLOADED_IMAGE = "올린 그림 ![](/media/uploads/2025/01/abc.png)"
LINKS_MESSAGE = "Members with less than 15 reputation may put at most 2 links in a post."
IMAGES_MESSAGE = "Members with less than 15 reputation cannot put images in a post yet."


KOREAN = {
    LINKS_MESSAGE: "평판이 15 미만인 회원은 글 하나에 링크를 2개까지만 넣을 수 있어요.",
    IMAGES_MESSAGE: "평판이 15 미만인 회원은 아직 글에 이미지를 넣을 수 없어요.",
}


def korean(message: str) -> str:
    """What Korean-speaking members read (the default language)."""
    return KOREAN[message]


@pytest.fixture
def likelihood(make_tag):
    return make_tag("likelihood")


@pytest.fixture
def newcomer(make_user):
    return make_user(reputation=14)


def ask_data(body: str, title: str = "링크가 있는 질문") -> dict:
    return {"title": title, "body": body, "tags": "likelihood"}


# --- The rule ----------------------------------------------------------------------------------


def test_who_is_new(make_user):
    from django.contrib.auth.models import AnonymousUser

    assert is_new_user(make_user(reputation=1))
    assert is_new_user(make_user(reputation=14))
    assert not is_new_user(make_user(reputation=15))
    assert not is_new_user(make_user(reputation=1, is_staff=True))
    assert is_new_user(AnonymousUser())


def test_links_and_images_are_counted_on_the_rendered_post(newcomer):
    def problems(body):
        with translation.override("en"):
            return post_content_problems(user=newcomer, html=render_markdown(body))

    assert problems(TWO_LINKS) == []
    assert problems(THREE_LINKS) == [LINKS_MESSAGE]
    assert problems(IMAGE) == [IMAGES_MESSAGE]
    assert problems(UPLOADED_IMAGE) == [IMAGES_MESSAGE]
    assert problems(THREE_LINKS + IMAGE) == [LINKS_MESSAGE, IMAGES_MESSAGE]
    # Text that only looks like links or images is not counted: no HTML is taken from posts.
    assert problems("`<a href=x>` <img src=y> <a href='z'>a</a> www.example.com " * 3) == []
    assert (
        problems("```\n![](https://x/y.png) [a](https://a) [b](https://b) [c](https://c)\n```")
        == []
    )


def test_the_link_limit_is_a_setting(newcomer, settings):
    settings.NEW_USER_MAX_LINKS = 3
    assert post_content_problems(user=newcomer, html=render_markdown(THREE_LINKS)) == []
    settings.NEW_USER_MAX_LINKS = 0
    with translation.override("en"):
        assert post_content_problems(user=newcomer, html=render_markdown("[a](https://a)")) == [
            "Members with less than 15 reputation may put at most 0 links in a post."
        ]


# --- Services ----------------------------------------------------------------------------------


def test_question_create_refuses_three_links_or_an_image(newcomer, likelihood):
    for body in (THREE_LINKS, IMAGE):
        with pytest.raises(ActionRefused):
            question_create(author=newcomer, title="링크 세 개", body=body, tags=["likelihood"])
    assert not Question.objects.exists()
    assert not QuestionRevision.objects.exists()
    question_create(author=newcomer, title="링크 두 개", body=TWO_LINKS, tags=["likelihood"])
    assert Question.objects.count() == 1


@pytest.mark.parametrize("extra", [{"reputation": 15}, {"reputation": 1, "is_staff": True}])
def test_established_members_and_staff_may_post_links_and_images(make_user, likelihood, extra):
    author = make_user(**extra)
    question = question_create(
        author=author, title="링크와 그림", body=THREE_LINKS + IMAGE, tags=["likelihood"]
    )
    answer = answer_create(author=author, question=question, body=THREE_LINKS + IMAGE)
    assert "<img" in question.body_html and "<img" in answer.body_html


def test_question_edit_refuses_and_keeps_the_question(newcomer, make_question):
    question = make_question(author=newcomer, body="처음 본문 $x$")
    for body in (THREE_LINKS, IMAGE):
        with pytest.raises(ActionRefused) as refused:
            question_edit(
                user=newcomer,
                question=question,
                title=question.title,
                body=body,
                tags=["likelihood"],
            )
    assert refused.value.message == korean(IMAGES_MESSAGE)
    question.refresh_from_db()
    assert question.body == "처음 본문 $x$"
    assert question.revisions.count() == 1


def test_answer_create_and_edit_refuse_too_many_links(newcomer, make_question):
    question = make_question()
    with pytest.raises(ActionRefused):
        answer_create(author=newcomer, question=question, body=THREE_LINKS)
    question.refresh_from_db()
    assert not Answer.objects.exists() and question.answer_count == 0
    answer = answer_create(author=newcomer, question=question, body=TWO_LINKS)
    with pytest.raises(ActionRefused):
        answer_edit(user=newcomer, answer=answer, body=IMAGE)
    answer.refresh_from_db()
    assert answer.body == TWO_LINKS
    assert AnswerRevision.objects.filter(answer=answer).count() == 1


def test_staff_may_edit_a_new_members_post_with_links(newcomer, make_user, make_answer):
    answer = make_answer(author=newcomer, body="짧은 답변입니다")
    staff = make_user(is_staff=True)
    answer_edit(user=staff, answer=answer, body=THREE_LINKS)
    answer.refresh_from_db()
    assert answer.body == THREE_LINKS


# --- Forms, through the pages -------------------------------------------------------------------


def test_the_ask_form_shows_the_message_on_the_body_and_saves_nothing(client, newcomer, likelihood):
    log_in(client, newcomer)
    response = client.post("/questions/ask/", ask_data(THREE_LINKS))
    assert response.status_code == 200
    assert response.context["form"].errors["body"] == [korean(LINKS_MESSAGE)]
    assert escape(korean(LINKS_MESSAGE)) in response.content.decode()
    response = client.post("/questions/ask/", ask_data(IMAGE))
    assert response.context["form"].errors["body"] == [korean(IMAGES_MESSAGE)]
    assert not Question.objects.exists()
    assert client.post("/questions/ask/", ask_data(TWO_LINKS)).status_code == 302


def test_the_ask_form_lets_an_established_member_post_links(client, make_user, likelihood):
    log_in(client, make_user(reputation=15))
    assert client.post("/questions/ask/", ask_data(THREE_LINKS + IMAGE)).status_code == 302
    assert Question.objects.count() == 1


def test_the_question_edit_form_shows_the_message(client, newcomer, make_question):
    question = make_question(author=newcomer, body="처음 본문 $x$")
    log_in(client, newcomer)
    response = client.post(f"/questions/{question.pk}/edit/", ask_data(IMAGE, title=question.title))
    assert response.status_code == 200
    assert response.context["form"].errors["body"] == [korean(IMAGES_MESSAGE)]
    question.refresh_from_db()
    assert question.body == "처음 본문 $x$"


def test_the_answer_form_shows_the_message_and_saves_nothing(client, newcomer, make_question):
    question = make_question()
    log_in(client, newcomer)
    response = client.post(f"/questions/{question.pk}/answer/", {"body": THREE_LINKS})
    assert response.status_code == 400
    assert response.context["answer_form"].errors["body"] == [korean(LINKS_MESSAGE)]
    assert escape(korean(LINKS_MESSAGE)) in response.content.decode()
    assert not Answer.objects.exists()
    assert client.post(f"/questions/{question.pk}/answer/", {"body": TWO_LINKS}).status_code == 302


def test_the_answer_edit_form_shows_the_message(client, newcomer, make_answer):
    answer = make_answer(author=newcomer, body="짧은 답변입니다")
    log_in(client, newcomer)
    response = client.post(f"/answers/{answer.pk}/edit/", {"body": UPLOADED_IMAGE})
    assert response.status_code == 200
    assert response.context["form"].errors["body"] == [korean(IMAGES_MESSAGE)]
    answer.refresh_from_db()
    assert answer.body == "짧은 답변입니다"


def test_the_message_follows_the_visitors_language(client, newcomer, likelihood):
    log_in(client, newcomer)
    response = client.post(
        "/questions/ask/", ask_data(THREE_LINKS + IMAGE), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.context["form"].errors["body"] == [LINKS_MESSAGE, IMAGES_MESSAGE]
