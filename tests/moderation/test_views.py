"""Moderation through its pages: flags, deleting and restoring, closing and reopening, the
moderators' queue and log. Each action: the way it works, who may not,
and bad input refused with a message and nothing changed."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils.translation import gettext as _

from apps.answers.models import Answer
from apps.moderation.models import CloseVote, Flag, FlagStatus, LogAction, ModerationLog
from apps.moderation.services import flag_create, post_delete, question_close_vote
from apps.questions.models import Question
from apps.trust.privileges import CLOSE, FLAG, refusal
from tests.conftest import PASSWORD, log_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(make_user):
    user = make_user("모더레이터")
    user.groups.add(Group.objects.get_or_create(name="moderator")[0])
    return user


@pytest.fixture
def flagger(make_user):
    return make_user(reputation=FLAG.threshold)


@pytest.fixture
def closer(make_user):
    return make_user(reputation=CLOSE.threshold)


def message(response) -> str:
    """The message a refused page (or the flag form) shows."""
    return response.context.get("message") or response.context.get("error")


# --- Flags ---------------------------------------------------------------------------------------


def test_the_flag_page_offers_the_reasons_that_fit_the_post(client, flagger, make_answer):
    answer = make_answer()
    log_in(client, flagger)
    page = client.get(f"/questions/{answer.question_id}/flag/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'value="duplicate"' in html and 'name="duplicate_of"' in html
    page = client.get(f"/answers/{answer.pk}/flag/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'value="spam"' in html and 'value="other"' in html
    assert 'value="duplicate"' not in html  # only questions repeat one another


def test_flagging_an_answer_records_it_and_returns_to_the_answer(client, flagger, make_answer):
    answer = make_answer()
    log_in(client, flagger)
    response = client.post(f"/answers/{answer.pk}/flag/", {"reason": "spam", "note": " 광고 "})
    assert response.status_code == 302
    assert response["Location"] == answer.get_absolute_url()
    flag = Flag.objects.get()
    assert (flag.user, flag.post.row, flag.reason, flag.note) == (flagger, answer, "spam", "광고")
    assert flag.question == answer.question  # the thread it is shown in
    assert flag.status == FlagStatus.PENDING


@pytest.mark.parametrize(
    "reference",
    ["{pk}", "#{pk}", " {pk} ", "/questions/{pk}/", "https://gachi.example/questions/{pk}/slug/"],
)
def test_a_duplicate_is_named_by_number_or_link(client, flagger, make_question, reference):
    original, repeat = make_question(), make_question()
    log_in(client, flagger)
    response = client.post(
        f"/questions/{repeat.pk}/flag/",
        {"reason": "duplicate", "duplicate_of": reference.format(pk=original.pk)},
    )
    assert response.status_code == 302
    assert Flag.objects.get().duplicate_of == original


def test_anonymous_flaggers_are_asked_to_log_in(client, make_answer):
    answer = make_answer()
    for response in (
        client.get(f"/answers/{answer.pk}/flag/"),
        client.post(f"/answers/{answer.pk}/flag/", {"reason": "spam"}),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    assert not Flag.objects.exists()


def test_flagging_needs_the_flag_privilege(client, make_user, make_answer):
    answer = make_answer()
    member = make_user(reputation=FLAG.threshold - 1)
    log_in(client, member)
    for response in (
        client.get(f"/answers/{answer.pk}/flag/"),
        client.post(f"/answers/{answer.pk}/flag/", {"reason": "spam"}),
    ):
        assert response.status_code == 403
        assert message(response) == refusal(member, FLAG)
    assert not Flag.objects.exists()


def _deleted_question(make_question):
    question = make_question()
    post_delete(user=question.author, post=question)
    return question


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({}, "Choose why you flag this post."),
        ({"reason": "nonsense"}, "Choose why you flag this post."),
        ({"reason": "other", "note": "   "}, "Tell the moderators what is wrong in a few words."),
        ({"reason": "duplicate"}, "Give the question this one repeats."),
        (
            {"reason": "duplicate", "duplicate_of": "저 질문"},
            "Give the original question as its number or its link.",
        ),
        (
            {"reason": "duplicate", "duplicate_of": "/questions/abc/"},
            "Give the original question as its number or its link.",
        ),
        (
            {"reason": "duplicate", "duplicate_of": "self"},
            "A question cannot be a duplicate of itself.",
        ),
        (
            {"reason": "duplicate", "duplicate_of": "deleted"},
            "That question was deleted; choose another.",
        ),
        (
            {"reason": "duplicate", "duplicate_of": "987654"},
            "There is no question number %(number)s.",
        ),
    ],
)
def test_bad_flags_are_refused_with_a_message_and_save_nothing(
    client, flagger, make_question, data, expected
):
    question = make_question()
    if data.get("duplicate_of") == "self":
        data = {**data, "duplicate_of": str(question.pk)}
    if data.get("duplicate_of") == "deleted":
        data = {**data, "duplicate_of": str(_deleted_question(make_question).pk)}
    log_in(client, flagger)
    response = client.post(f"/questions/{question.pk}/flag/", data)
    assert response.status_code == 400
    want = _(expected) % {"number": "987654"} if "%(" in expected else _(expected)
    assert message(response) == want
    assert 'name="reason"' in response.content.decode()  # the form again, to fix it
    assert not Flag.objects.exists()


def test_a_deleted_post_cannot_be_flagged(client, flagger, make_question, make_answer):
    deleted = _deleted_question(make_question)
    answer = make_answer()
    post_delete(user=answer.author, post=answer)
    orphan = Answer.all_objects.create(
        question=deleted, author=answer.author, body="고아 답변", body_html="<p>고아 답변</p>"
    )
    log_in(client, flagger)
    for url in (
        f"/questions/{deleted.pk}/flag/",
        f"/answers/{answer.pk}/flag/",
        f"/answers/{orphan.pk}/flag/",  # live, but its question is deleted
    ):
        response = client.post(url, {"reason": "spam"})
        assert response.status_code == 400
        assert message(response) == _("This post was deleted, so it cannot be flagged.")
    assert not Flag.objects.exists()


def test_own_posts_and_second_flags_are_refused(client, flagger, make_answer):
    own = make_answer(author=flagger)
    other = make_answer()
    log_in(client, flagger)
    response = client.post(f"/answers/{own.pk}/flag/", {"reason": "spam"})
    assert response.status_code == 403
    assert message(response) == _("You can't flag your own post.")
    assert client.post(f"/answers/{other.pk}/flag/", {"reason": "spam"}).status_code == 302
    again = client.post(f"/answers/{other.pk}/flag/", {"reason": "rude"})
    assert again.status_code == 403
    assert message(again) == _("You have already flagged this post.")
    assert Flag.objects.get().reason == "spam"


def test_flags_are_rate_limited(client, settings, flagger, make_answer):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "flag": ("1/h", "1/h")}
    first, second = make_answer(), make_answer()
    log_in(client, flagger)
    assert client.post(f"/answers/{first.pk}/flag/", {"reason": "spam"}).status_code == 302
    assert client.post(f"/answers/{second.pk}/flag/", {"reason": "spam"}).status_code == 429
    assert Flag.objects.count() == 1


def test_actions_need_post_and_the_csrf_token(make_user, moderator, make_answer):
    answer = make_answer()
    question = answer.question
    strict = Client(enforce_csrf_checks=True)
    assert strict.login(username=moderator.username, password=PASSWORD)
    posts = [
        (f"/answers/{answer.pk}/flag/", {"reason": "spam"}),
        (f"/answers/{answer.pk}/delete/", {}),
        (f"/answers/{answer.pk}/restore/", {}),
        (f"/questions/{question.pk}/close/", {"reason": "unclear"}),
        (f"/questions/{question.pk}/reopen/", {}),
        ("/moderation/review/", {"answer": answer.pk, "decision": "delete"}),
    ]
    for url, data in posts:
        assert strict.post(url, data).status_code == 403, url
    for url, _data in posts[1:]:
        assert strict.get(url).status_code == 405, url
    assert not Flag.objects.exists()
    assert Answer.objects.filter(pk=answer.pk).exists()
    assert Question.objects.get(pk=question.pk).closed_at is None
    assert not ModerationLog.objects.exists()


def test_three_spam_flags_hide_an_answer_from_visitors(client, make_user, make_answer):
    answer = make_answer(body="싸게 팝니다 spam-body-text")
    url = answer.question.get_absolute_url()
    assert "spam-body-text" in client.get(url).content.decode()
    for _i in range(3):
        flag_create(user=make_user(reputation=FLAG.threshold), post=answer, reason="spam")
    html = client.get(url).content.decode()
    assert "spam-body-text" not in html
    log_in(client, answer.author)  # its author still sees it, marked
    html = client.get(url).content.decode()
    assert "spam-body-text" in html and "post-banner is-deleted" in html


# --- Deleting and restoring ----------------------------------------------------------------------


def test_an_author_deletes_their_answer(client, make_answer):
    answer = make_answer(body="지울 답변 delete-me-text")
    question = answer.question
    log_in(client, answer.author)
    response = client.post(f"/answers/{answer.pk}/delete/")
    assert response.status_code == 302
    assert not Answer.objects.filter(pk=answer.pk).exists()
    html = client.get(question.get_absolute_url()).content.decode()
    assert "delete-me-text" in html and "post-banner is-deleted" in html
    assert f"/answers/{answer.pk}/restore/" not in html  # only moderators restore
    client.logout()
    assert "delete-me-text" not in client.get(question.get_absolute_url()).content.decode()


def test_a_moderator_deletes_a_question_that_visitors_then_cannot_open(
    client, moderator, make_question, make_answer
):
    question = make_question(title="지워질 질문입니다")
    answer = make_answer(question=question, body="지워진 질문의 답변 orphan-text")
    url = question.get_absolute_url()
    log_in(client, moderator)
    response = client.post(f"/questions/{question.pk}/delete/", {"note": "시험 삭제"})
    assert response.status_code == 302 and response["Location"] == url
    entry = ModerationLog.objects.get()
    assert (entry.actor, entry.action, entry.note) == (moderator, LogAction.DELETE, "시험 삭제")
    page = client.get(url)
    assert page.status_code == 200
    assert "post-banner is-deleted" in page.content.decode()
    html = page.content.decode()
    assert f"/questions/{question.pk}/restore/" in html
    assert "orphan-text" in html  # its answers, read-only: no votes, accepts or answer form
    assert "/vote/" not in html and "/accept/" not in html and "/answer/" not in html
    assert f"/answers/{answer.pk}/restore/" not in html  # the question comes back first
    log_in(client, question.author)
    assert client.get(url).status_code == 200  # the author still sees it
    client.logout()
    assert client.get(url).status_code == 404
    assert client.get(f"/questions/{question.pk}/").status_code == 404


def test_others_cannot_delete_and_deleting_twice_is_refused(client, make_user, make_answer):
    answer = make_answer()
    log_in(client, make_user(reputation=10_000))
    response = client.post(f"/answers/{answer.pk}/delete/")
    assert response.status_code == 403
    assert message(response) == _("Only the author or a moderator can delete this post.")
    assert Answer.objects.filter(pk=answer.pk).exists()
    log_in(client, answer.author)
    assert client.post(f"/answers/{answer.pk}/delete/").status_code == 302
    again = client.post(f"/answers/{answer.pk}/delete/")
    assert again.status_code == 400
    assert message(again) == _("This post is already deleted.")


def test_anonymous_delete_and_restore_are_asked_to_log_in(client, make_answer):
    answer = make_answer()
    for url in (f"/answers/{answer.pk}/delete/", f"/answers/{answer.pk}/restore/"):
        response = client.post(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    assert Answer.objects.filter(pk=answer.pk).exists()


def test_moderators_restore_and_no_one_else(client, moderator, make_answer):
    answer = make_answer()
    post_delete(user=answer.author, post=answer)
    log_in(client, answer.author)
    response = client.post(f"/answers/{answer.pk}/restore/")
    assert response.status_code == 403
    assert message(response) == _("Only moderators can restore deleted posts.")
    assert not Answer.objects.filter(pk=answer.pk).exists()
    log_in(client, moderator)
    assert client.post(f"/answers/{answer.pk}/restore/").status_code == 302
    assert Answer.objects.filter(pk=answer.pk).exists()
    again = client.post(f"/answers/{answer.pk}/restore/")
    assert again.status_code == 400
    assert message(again) == _("This post is not deleted.")


def test_actions_on_unknown_posts_are_404(client, moderator):
    log_in(client, moderator)
    for url in (
        "/questions/987654/flag/",
        "/answers/987654/delete/",
        "/questions/987654/restore/",
        "/questions/987654/close/",
        "/questions/987654/reopen/",
    ):
        assert client.post(url, {"reason": "spam"}).status_code == 404, url


# --- Closing and reopening -----------------------------------------------------------------------


def test_close_votes_add_up_and_a_closed_question_takes_no_answers(
    client, make_user, make_question, make_answer
):
    question = make_question()
    make_answer(question=question, body="남아 있는 답변 kept-answer")
    url = f"/questions/{question.pk}/close/"
    for i in range(3):
        log_in(client, make_user(reputation=CLOSE.threshold))
        response = client.post(url, {"reason": "off_topic"})
        assert response.status_code == 302
        question.refresh_from_db()
        assert (question.closed_at is not None) == (i == 2)
    assert question.closed_reason == "off_topic"
    assert not CloseVote.objects.exists()
    page = client.get(question.get_absolute_url()).content.decode()
    assert "post-banner is-closed" in page and "kept-answer" in page
    assert f'action="/questions/{question.pk}/answer/"' not in page
    assert _("This question is closed, so it takes no new answers.") in page
    response = client.post(f"/questions/{question.pk}/answer/", {"body": "닫힌 질문에 답변"})
    assert response.status_code == 403
    assert Answer.objects.filter(question=question).count() == 1


def test_a_moderator_closes_a_duplicate_at_once_and_the_original_shows_first(
    client, moderator, make_question
):
    original = make_question(title="원래 있던 질문입니다")
    repeat = make_question()
    log_in(client, moderator)
    response = client.post(
        f"/questions/{repeat.pk}/close/",
        {"reason": "duplicate", "duplicate_of": original.get_absolute_url()},
    )
    assert response.status_code == 302
    repeat.refresh_from_db()
    assert (repeat.closed_reason, repeat.duplicate_of) == ("duplicate", original)
    html = client.get(repeat.get_absolute_url()).content.decode()
    banner = html.index("post-banner is-closed")
    assert html.index(original.get_absolute_url()) > banner
    assert html.index(original.get_absolute_url()) < html.index("<h1>")
    assert client.post(f"/questions/{repeat.pk}/reopen/").status_code == 302
    repeat.refresh_from_db()
    assert repeat.closed_at is None and repeat.duplicate_of is None


def test_closing_needs_the_close_privilege(client, make_user, make_question):
    question = make_question()
    member = make_user(reputation=CLOSE.threshold - 1)
    log_in(client, member)
    for url in (f"/questions/{question.pk}/close/", f"/questions/{question.pk}/reopen/"):
        response = client.post(url, {"reason": "unclear"})
        assert response.status_code == 403
        assert message(response) == refusal(member, CLOSE)
    assert not CloseVote.objects.exists()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({}, "Choose why the question should be closed."),
        ({"reason": "boring"}, "Choose why the question should be closed."),
        ({"reason": "duplicate"}, "Give the question this one repeats."),
        (
            {"reason": "duplicate", "duplicate_of": "twelve"},
            "Give the original question as its number or its link.",
        ),
        (
            {"reason": "duplicate", "duplicate_of": "self"},
            "A question cannot be a duplicate of itself.",
        ),
        (
            {"reason": "duplicate", "duplicate_of": "deleted"},
            "That question was deleted; choose another.",
        ),
    ],
)
def test_bad_close_votes_are_400_and_change_nothing(client, closer, make_question, data, expected):
    question = make_question()
    if data.get("duplicate_of") == "self":
        data = {**data, "duplicate_of": str(question.pk)}
    if data.get("duplicate_of") == "deleted":
        data = {**data, "duplicate_of": str(_deleted_question(make_question).pk)}
    log_in(client, closer)
    response = client.post(f"/questions/{question.pk}/close/", data)
    assert response.status_code == 400
    assert message(response) == _(expected)
    assert not CloseVote.objects.exists()
    assert Question.objects.get(pk=question.pk).closed_at is None


def test_closing_a_closed_question_or_reopening_an_open_one_is_refused(
    client, moderator, make_question
):
    question = make_question()
    question_close_vote(user=moderator, question=question, reason="unclear")
    log_in(client, moderator)
    response = client.post(f"/questions/{question.pk}/close/", {"reason": "off_topic"})
    assert response.status_code == 400
    assert message(response) == _("This question is already closed.")
    assert Question.objects.get(pk=question.pk).closed_reason == "unclear"
    other = make_question()
    response = client.post(f"/questions/{other.pk}/reopen/")
    assert response.status_code == 400
    assert message(response) == _("This question is open.")


# --- The moderators' queue -----------------------------------------------------------------------


def _flag_many(make_user, make_answer, count: int) -> list:
    flaggers = [make_user(reputation=FLAG.threshold) for _ in range(2)]
    answers = [make_answer() for _ in range(count)]
    for answer in answers:
        for flagger in flaggers:
            flag_create(user=flagger, post=answer, reason="rude", note="무례함")
    return answers


def test_only_moderators_see_the_queue_and_the_log(client, make_user):
    for url in ("/moderation/", "/moderation/log/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    log_in(client, make_user(reputation=100_000))
    for url in ("/moderation/", "/moderation/log/"):
        response = client.get(url)
        assert response.status_code == 403
        assert message(response) == _("Only moderators can open this page.")


def test_the_queue_shows_flagged_posts_oldest_first_with_their_flags(
    client, moderator, make_user, make_question, make_answer
):
    original = make_question(title="먼저 나온 원래 질문")
    repeat = make_question(title="나중에 나온 중복 질문")
    answer = make_answer(body="무례한 답변 rude-body")
    first, second = make_user(reputation=20), make_user(reputation=20)
    flag_create(user=first, post=repeat, reason="duplicate", duplicate_of=original)
    flag_create(user=second, post=answer, reason="other", note="출처가 없습니다")
    flag_create(user=first, post=answer, reason="rude")
    log_in(client, moderator)
    response = client.get("/moderation/")
    assert response.status_code == 200
    items = response.context["items"]
    assert [item["post"] for item in items] == [repeat, answer]
    assert [flag.user for flag in items[1]["flags"]] == [second, first]
    html = response.content.decode()
    assert original.get_absolute_url() in html and "출처가 없습니다" in html and "rude-body" in html
    assert html.count('name="decision" value="reject"') == 2


def test_the_queue_and_the_flag_form_show_formulas_rendered(
    client, moderator, make_user, make_answer
):
    answer = make_answer(body=r"분산은 $\mathbb{E}[(X-\mu)^2]$ 이에요.")
    flagger = make_user(reputation=20)
    log_in(client, flagger)
    form = client.get(f"/answers/{answer.pk}/flag/").content.decode()
    flag_create(user=flagger, post=answer, reason="rude")
    log_in(client, moderator)
    queue = client.get("/moderation/").content.decode()
    for html in (form, queue):
        excerpt = html[html.index('class="flag-excerpt"') :]
        excerpt = excerpt[: excerpt.index("</blockquote>")]
        assert '<span class="math math-inline"><math' in excerpt and "𝔼" in excerpt
        assert "$" not in excerpt and "\\mathbb" not in excerpt


@pytest.mark.parametrize("count", [2, 10])
def test_the_queue_costs_a_fixed_number_of_queries(
    client, moderator, make_user, make_answer, django_assert_max_num_queries, count
):
    _flag_many(make_user, make_answer, count)
    log_in(client, moderator)
    # session + user, the moderator check, the count, the page of posts, their questions,
    # answers and flags, and the header's unread count
    with django_assert_max_num_queries(9):
        response = client.get("/moderation/")
    assert len(response.context["items"]) == count


def test_the_queue_is_paginated(client, moderator, make_user, make_answer):
    _flag_many(make_user, make_answer, 21)
    log_in(client, moderator)
    assert len(client.get("/moderation/").context["items"]) == 20
    assert len(client.get("/moderation/?page=2").context["items"]) == 1
    assert client.get("/moderation/?page=zz").status_code == 200


@pytest.mark.parametrize(
    ("decision", "live", "status", "action"),
    [
        ("approve", False, FlagStatus.APPROVED, LogAction.APPROVE),
        ("reject", True, FlagStatus.REJECTED, LogAction.REJECT),
        ("delete", False, FlagStatus.APPROVED, LogAction.DELETE),
    ],
)
def test_reviewing_settles_the_flags(
    client, moderator, make_user, make_answer, decision, live, status, action
):
    answer = make_answer()
    for _i in range(3):
        flag_create(user=make_user(reputation=FLAG.threshold), post=answer, reason="spam")
    log_in(client, moderator)
    response = client.post(
        "/moderation/review/", {"answer": answer.pk, "decision": decision, "note": "확인함"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/moderation/"
    assert Answer.objects.filter(pk=answer.pk).exists() == live
    assert set(Flag.objects.values_list("status", flat=True)) == {status}
    entry = ModerationLog.objects.filter(actor=moderator).get()
    assert (entry.action, entry.note) == (action, "확인함")
    assert client.get("/moderation/").context["items"] == []


@pytest.mark.parametrize(
    ("data", "status", "expected"),
    [
        (
            {"decision": "approve"},
            400,
            "Say which post you review: one question, answer or comment.",
        ),
        (
            {"question": "1", "answer": "1", "decision": "approve"},
            400,
            "Say which post you review: one question, answer or comment.",
        ),
        ({"answer": "abc", "decision": "approve"}, 400, "A post's number is made of digits."),
        ({"answer": "-1", "decision": "approve"}, 400, "A post's number is made of digits."),
        ({"answer": "987654", "decision": "approve"}, 404, "There is no such post."),
        ({"answer": "flagged", "decision": "ban"}, 400, "Choose approve, reject or delete."),
        ({"answer": "flagged"}, 400, "Choose approve, reject or delete."),
        (
            {"answer": "unflagged", "decision": "approve"},
            400,
            "This post has no flags waiting for review.",
        ),
    ],
)
def test_bad_reviews_are_refused_and_change_nothing(
    client, moderator, make_user, make_answer, data, status, expected
):
    flagged, unflagged = make_answer(), make_answer()
    flag_create(user=make_user(reputation=FLAG.threshold), post=flagged, reason="spam")
    ids = {"flagged": str(flagged.pk), "unflagged": str(unflagged.pk)}
    data = {key: ids.get(value, value) for key, value in data.items()}
    log_in(client, moderator)
    response = client.post("/moderation/review/", data)
    assert response.status_code == status
    assert message(response) == _(expected)
    assert Flag.objects.get().status == FlagStatus.PENDING
    assert not ModerationLog.objects.exists()


def test_non_moderators_cannot_review(client, make_user, make_answer):
    answer = make_answer()
    flag_create(user=make_user(reputation=FLAG.threshold), post=answer, reason="spam")
    data = {"answer": answer.pk, "decision": "delete"}
    anonymous = client.post("/moderation/review/", data)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/accounts/login/?next=/moderation/")
    log_in(client, make_user(reputation=100_000))
    response = client.post("/moderation/review/", data)
    assert response.status_code == 403
    assert Flag.objects.get().status == FlagStatus.PENDING
    assert Answer.objects.filter(pk=answer.pk).exists()


# --- The log -------------------------------------------------------------------------------------


def test_the_log_says_who_did_what_to_which_post_and_why(
    client, moderator, make_question, make_answer
):
    question = make_question(title="로그에 남을 질문")
    answer = make_answer()
    post_delete(user=moderator, post=question, note="스팸 질문")
    post_delete(user=answer.author, post=answer)
    log_in(client, moderator)
    response = client.get("/moderation/log/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "스팸 질문" in html and "로그에 남을 질문" in html
    assert question.get_absolute_url() in html  # deleted, still linked for moderators
    assert f"{answer.question.get_absolute_url()}#answer-{answer.pk}" in html
    assert client.get(question.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("count", [2, 10])
def test_the_log_costs_a_fixed_number_of_queries(
    client, moderator, make_question, django_assert_max_num_queries, count
):
    for _i in range(count):
        post_delete(user=moderator, post=make_question())
    log_in(client, moderator)
    # session + user, the moderator check, the count, the page, and the header's unread count
    with django_assert_max_num_queries(6):
        response = client.get("/moderation/log/")
    assert len(response.context["page"].object_list) == count


# --- The question page ---------------------------------------------------------------------------


def test_missing_privileges_show_disabled_actions_with_the_reason(client, make_user, make_question):
    question = make_question()
    member = make_user()
    log_in(client, member)
    html = client.get(question.get_absolute_url()).content.decode()
    assert f"/questions/{question.pk}/flag/" not in html
    assert f"/questions/{question.pk}/close/" not in html
    for privilege in (FLAG, CLOSE):
        reason = refusal(member, privilege).replace("'", "&#x27;")
        link = f"/help/privileges/#privilege-{privilege.key}"
        assert f'class="action-disabled has-reason" href="{link}" data-reason="{reason}"' in html
        assert f'<span class="visually-hidden"> — {reason}</span>' in html
    assert 'href="/help/privileges/#privilege-flag"' in html


def test_privileged_members_get_working_actions(client, make_user, make_question, make_answer):
    question = make_question()
    answer = make_answer(question=question)
    log_in(client, make_user(reputation=CLOSE.threshold))
    html = client.get(question.get_absolute_url()).content.decode()
    assert f'href="/questions/{question.pk}/flag/"' in html
    assert f'href="/answers/{answer.pk}/flag/"' in html
    assert f'action="/questions/{question.pk}/close/"' in html
    assert "/delete/" not in html  # neither theirs nor a moderator's to delete
    log_in(client, answer.author)
    html = client.get(question.get_absolute_url()).content.decode()
    assert f'action="/answers/{answer.pk}/delete/"' in html
    assert f'href="/answers/{answer.pk}/flag/"' not in html  # not their own


@pytest.mark.parametrize("count", [3, 20])
def test_a_moderators_question_page_with_deleted_answers_costs_fixed_queries(
    client, moderator, make_question, make_answer, django_assert_max_num_queries, count
):
    question = make_question()
    answers = [make_answer(question=question) for _ in range(count)]
    for answer in answers[::2]:
        post_delete(user=moderator, post=answer)
    log_in(client, moderator)
    # as tests/questions/test_views.py counts it (no related questions here, no view update
    # query beyond the counter)
    with django_assert_max_num_queries(14):  # (as tests/questions: with the example marks)
        response = client.get(question.get_absolute_url())
    assert len(response.context["answers"]) == count
    html = response.content.decode()
    assert html.count("post-banner is-deleted") == len(answers[::2])
    assert html.count("/restore/") == len(answers[::2])
