"""Editing other people's posts needs EDIT_OTHERS (1000 reputation) or being a moderator."""

import pytest
from django.contrib.auth.models import Group

from apps.answers.services import answer_can_edit
from apps.questions.services import question_can_edit
from apps.trust.privileges import EDIT_OTHERS, refusal
from tests.conftest import log_in

pytestmark = pytest.mark.django_db

QUESTION_EDIT = {
    "title": "다른 사람이 고친 제목",
    "body": "다른 사람이 고친 본문",
    "tags": "likelihood",
}


def _edit_question(client, question):
    return client.post(f"/questions/{question.pk}/edit/", QUESTION_EDIT)


def _edit_answer(client, answer):
    return client.post(f"/answers/{answer.pk}/edit/", {"body": "다른 사람이 고친 답변"})


def test_editing_others_posts_at_999_is_refused_with_the_standing(client, make_user, make_answer):
    answer = make_answer()
    question = answer.question
    editor = make_user(reputation=999)
    assert not question_can_edit(user=editor, question=question)
    assert not answer_can_edit(user=editor, answer=answer)
    log_in(client, editor)
    for response in (_edit_question(client, question), _edit_answer(client, answer)):
        assert response.status_code == 403
        assert response.context["message"] == refusal(editor, EDIT_OTHERS)
    question.refresh_from_db()
    answer.refresh_from_db()
    assert question.title != QUESTION_EDIT["title"] and answer.body == "답변입니다"
    html = client.get(question.get_absolute_url()).content.decode()
    assert f"/questions/{question.pk}/edit/" not in html
    assert f"/answers/{answer.pk}/edit/" not in html


def test_editing_others_posts_at_1000_is_allowed(client, make_user, make_answer):
    answer = make_answer()
    question = answer.question
    log_in(client, make_user(reputation=1000))
    html = client.get(question.get_absolute_url()).content.decode()
    assert f"/questions/{question.pk}/edit/" in html
    assert f"/answers/{answer.pk}/edit/" in html
    assert _edit_question(client, question).status_code == 302
    assert _edit_answer(client, answer).status_code == 302
    question.refresh_from_db()
    answer.refresh_from_db()
    assert question.title == QUESTION_EDIT["title"]
    assert answer.body == "다른 사람이 고친 답변"


def test_a_moderator_edits_others_posts_whatever_their_reputation(client, make_user, make_answer):
    answer = make_answer()
    moderator = make_user(reputation=1)
    moderator.groups.add(Group.objects.get_or_create(name="moderator")[0])
    log_in(client, moderator)
    assert _edit_question(client, answer.question).status_code == 302
    assert _edit_answer(client, answer).status_code == 302


def test_authors_edit_their_own_posts_with_any_reputation(client, make_user, make_answer):
    author = make_user(reputation=1)
    answer = make_answer(author=author)
    log_in(client, author)
    assert _edit_answer(client, answer).status_code == 302
