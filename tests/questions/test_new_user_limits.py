"""New members (under NEW_USER_REPUTATION) may put at most NEW_USER_MAX_LINKS links and no
images in a question or an answer: refused in the form and in the services, nothing saved."""

import pytest
from django.conf import settings
from django.utils.html import escape

from apps.answers.models import Answer, AnswerRevision
from apps.answers.services import answer_create, answer_edit
from apps.core.errors import ActionRefused
from apps.questions.models import Question, QuestionRevision
from apps.questions.services import question_create, question_edit
from tests.conftest import log_in
from tests.trust.test_newcomers import (
    IMAGE,
    IMAGES_MESSAGE,
    LINKS_MESSAGE,
    THREE_LINKS,
    TWO_LINKS,
    UPLOADED_IMAGE,
)

pytestmark = pytest.mark.django_db

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
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    log_in(client, newcomer)
    response = client.post("/questions/ask/", ask_data(THREE_LINKS + IMAGE))
    assert response.context["form"].errors["body"] == [LINKS_MESSAGE, IMAGES_MESSAGE]
