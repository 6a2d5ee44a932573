import pytest
from django.utils.html import escape

from apps.answers.models import Answer
from apps.answers.services import answer_edit
from apps.core.errors import InvalidAction
from apps.moderation.services import post_delete, question_close_vote
from tests.conftest import log_in

pytestmark = pytest.mark.django_db


def test_answering_from_the_question_page(client, make_user, make_question):
    question = make_question()
    log_in(client, make_user())
    response = client.post(
        f"/questions/{question.pk}/answer/", {"body": "이렇게 풀면 됩니다 $y=mx$"}
    )
    answer = Answer.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{question.get_absolute_url()}#answer-{answer.pk}"
    question.refresh_from_db()
    assert question.answer_count == 1


def test_an_empty_answer_shows_the_error_and_saves_nothing(client, make_user, make_question):
    question = make_question()
    log_in(client, make_user())
    response = client.post(f"/questions/{question.pk}/answer/", {"body": "   "})
    assert response.status_code == 400
    assert "body" in response.context["answer_form"].errors
    assert not Answer.objects.exists()


def test_anonymous_answer_is_sent_to_log_in(client, make_question):
    question = make_question()
    response = client.post(f"/questions/{question.pk}/answer/", {"body": "익명 답변입니다"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not Answer.objects.exists()


def test_answering_an_unknown_question_is_a_404(client, make_user):
    log_in(client, make_user())
    assert client.post("/questions/424242/answer/", {"body": "답변입니다"}).status_code == 404


def test_answer_edit_permissions(client, make_user, make_answer):
    answer = make_answer()
    url = f"/answers/{answer.pk}/edit/"
    log_in(client, make_user())
    assert client.get(url).status_code == 403
    assert client.post(url, {"body": "남이 고침"}).status_code == 403
    log_in(client, answer.author)
    assert client.post(url, {"body": "제가 고칩니다 $z$"}).status_code == 302
    answer.refresh_from_db()
    assert answer.body == "제가 고칩니다 $z$"


def test_accept_by_asker_then_withdraw(client, make_question, make_answer):
    question = make_question()
    answer = make_answer(question=question)
    log_in(client, question.author)
    assert client.post(f"/answers/{answer.pk}/accept/").status_code == 302
    question.refresh_from_db()
    assert question.accepted_answer_id == answer.pk
    client.post(f"/answers/{answer.pk}/accept/")
    question.refresh_from_db()
    assert question.accepted_answer_id is None


def test_accept_by_someone_else_is_403(client, make_user, make_question, make_answer):
    question = make_question()
    answer = make_answer(question=question)
    log_in(client, make_user())
    assert client.post(f"/answers/{answer.pk}/accept/").status_code == 403
    question.refresh_from_db()
    assert question.accepted_answer_id is None


def test_accept_with_htmx_swaps_the_marks_in_place(client, make_question, make_answer):
    question = make_question()
    first = make_answer(question=question)
    second = make_answer(question=question)
    log_in(client, question.author)
    client.post(f"/answers/{first.pk}/accept/")
    response = client.post(f"/answers/{second.pk}/accept/", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="accept-{second.pk}"' in html
    assert f'id="accept-{first.pk}" data-hx-swap-oob="true"' in html
    assert 'aria-pressed="true"' in html.split(f'id="accept-{first.pk}"')[0]


def test_htmx_accept_unmarks_the_answer_accepted_a_moment_before(
    client, monkeypatch, make_question, make_answer
):
    from apps.answers import views
    from apps.answers.services import answer_accept

    question = make_question()
    first, second, third = (make_answer(question=question) for _ in range(3))
    answer_accept(user=question.author, answer=first)
    log_in(client, question.author)

    def racing(*, user, answer):
        # Another tab accepts `third` after this request loaded the question, before the lock.
        answer_accept(user=user, answer=third)
        return answer_accept(user=user, answer=answer)

    monkeypatch.setattr(views, "answer_accept", racing)
    html = client.post(f"/answers/{second.pk}/accept/", HTTP_HX_REQUEST="true").content.decode()
    assert f'id="accept-{third.pk}" data-hx-swap-oob="true"' in html
    assert f'id="accept-{first.pk}"' not in html


def test_an_answer_looks_accepted_by_its_widget_not_a_stale_class():
    # htmx swaps only the accept widget; the article's border must follow it (see site.css).
    from pathlib import Path

    from django.conf import settings

    css = (Path(settings.BASE_DIR) / "static" / "css" / "site.css").read_text()
    assert ".post.answer:has(.accept-button.is-accepted)" in css
    assert ".post.answer:has(.accept-mark)" in css
    assert "@supports not selector(:has(*))" in css


def test_accepted_answer_is_listed_first_then_score_then_oldest(
    client, make_user, make_question, make_answer
):
    from apps.answers.services import answer_accept
    from apps.votes.services import vote_cast

    question = make_question()
    oldest = make_answer(question=question)
    popular = make_answer(question=question)
    accepted = make_answer(question=question)
    newest = make_answer(question=question)
    vote_cast(user=make_user(), post=popular, value=1)
    answer_accept(user=question.author, answer=accepted)
    response = client.get(question.get_absolute_url())
    order = [answer.pk for answer, _reader, _comments in response.context["answers"]]
    assert order == [accepted.pk, popular.pk, oldest.pk, newest.pk]


# --- The question or the answer changed by someone else before the submit ----------------------


def _post(client, url: str, data: dict, htmx: bool):
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(url, data, **headers)


def _shows(response, status: int, message: str, htmx: bool) -> None:
    """The refusal, as the page says it (plain) or as the alert's text (htmx)."""
    assert response.status_code == status
    if htmx:
        assert response["Content-Type"].startswith("text/plain")
        assert response.content.decode() == message
    else:
        assert response.context["message"] == message
        assert message in response.content.decode()


@pytest.mark.parametrize("htmx", [False, True])
def test_answering_a_question_closed_since_the_page_was_shown_is_refused(
    client, make_user, make_question, htmx
):
    question = make_question()
    log_in(client, make_user())
    assert client.get(question.get_absolute_url()).status_code == 200
    question_close_vote(user=make_user(is_staff=True), question=question, reason="off_topic")
    response = _post(client, f"/questions/{question.pk}/answer/", {"body": "늦은 답변입니다"}, htmx)
    _shows(response, 403, "닫힌 질문이라 새 답변을 받지 않아요.", htmx)
    assert not Answer.all_objects.exists()


@pytest.mark.parametrize("htmx", [False, True])
def test_answering_a_question_deleted_since_the_page_was_shown_is_refused(
    client, make_user, make_question, htmx
):
    question = make_question()
    log_in(client, make_user())
    assert client.get(question.get_absolute_url()).status_code == 200
    post_delete(user=make_user(is_staff=True), post=question)
    response = _post(client, f"/questions/{question.pk}/answer/", {"body": "늦은 답변입니다"}, htmx)
    _shows(response, 400, "이 질문은 더 이상 없어요.", htmx)
    assert not Answer.all_objects.exists()


@pytest.mark.parametrize("htmx", [False, True])
def test_editing_an_answer_deleted_since_the_form_was_shown_is_refused(
    client, make_user, make_answer, htmx
):
    answer = make_answer(body="처음 쓴 답변")
    url = f"/answers/{answer.pk}/edit/"
    log_in(client, answer.author)
    assert client.get(url).status_code == 200
    post_delete(user=make_user(is_staff=True), post=answer)
    response = _post(client, url, {"body": "고쳐 쓴 답변입니다"}, htmx)
    _shows(response, 400, "삭제된 답변이라 고칠 수 없어요.", htmx)
    answer = Answer.all_objects.get(pk=answer.pk)
    assert answer.body == "처음 쓴 답변" and answer.revisions.count() == 1


def test_the_edit_service_refuses_an_answer_deleted_under_it(make_user, make_answer):
    """The view's answer is read before the service's lock: deleted in between (or its
    question), the service says so (it used to raise DoesNotExist, a 500)."""
    answer, other = make_answer(), make_answer()
    stale, stale_other = Answer.objects.get(pk=answer.pk), Answer.objects.get(pk=other.pk)
    moderator = make_user(is_staff=True)
    post_delete(user=moderator, post=answer)
    post_delete(user=moderator, post=other.question)
    for post in (stale, stale_other):
        with pytest.raises(InvalidAction) as refused:
            answer_edit(user=post.author, answer=post, body="고쳐 쓴 답변입니다")
        assert refused.value.message == "삭제된 답변이라 고칠 수 없어요."


def test_a_deleted_answers_edit_form_is_still_a_404(client, make_user, make_answer):
    answer = make_answer()
    post_delete(user=make_user(is_staff=True), post=answer)
    log_in(client, answer.author)
    assert client.get(f"/answers/{answer.pk}/edit/").status_code == 404


def test_a_bad_answer_shows_the_question_page_with_the_text_kept(client, make_user, make_question):
    question = make_question(title="우도와 확률은 어떻게 다른가요?")
    log_in(client, make_user(reputation=1))
    body = "![그림](https://example.com/a.png) 그림으로 보면"  # a newcomer may not post images
    response = client.post(f"/questions/{question.pk}/answer/", {"body": body})
    assert response.status_code == 400
    html = response.content.decode()
    assert "우도와 확률은 어떻게 다른가요?" in html  # the question page itself
    assert response.context["answer_form"].errors["body"]
    assert escape(body) in html  # what they wrote, kept in the editor
    assert not Answer.objects.exists()
