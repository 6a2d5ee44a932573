"""Comments: who may comment, what a comment may hold, who hears of it, editing, deleting,
upvoting."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from apps.comments.models import Comment
from apps.comments.services import (
    comment_create,
    comment_edit,
    comment_refusal,
    comment_vote,
)
from apps.core.errors import ActionRefused, InvalidAction
from apps.moderation.services import post_delete, post_restore
from apps.notifications.models import Kind, Notification
from apps.posts.models import Deletion
from apps.votes.models import Vote

QUESTION_TEXT = "여기서 θ는 무엇을 뜻하나요? 정의가 궁금해요."


@pytest.fixture
def commenter(make_user):
    return make_user(reputation=settings.PRIVILEGE_COMMENT)


def test_a_comment_is_rendered_in_the_inline_subset(make_question, commenter):
    comment = comment_create(
        author=commenter,
        target=make_question(),
        body="# 제목 아님 ![그림](https://example.com/a.png) **굵게** `code` $\\theta$ 입니다",
    )
    html = comment.body_html
    assert "<h1" not in html and "<img" not in html and "<p>" not in html
    assert "<strong>굵게</strong>" in html and "<code>code</code>" in html
    assert "<math" in html and "θ" in html


def test_script_in_a_comment_is_text(make_question, commenter):
    comment = comment_create(
        author=commenter, target=make_question(), body="<script>alert(1)</script> 이건 그냥 글자"
    )
    assert "<script" not in comment.body_html
    assert "&lt;script&gt;" in comment.body_html


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("짧아요", "15자 이상"),
        ("가" * 601, "600자까지"),
        ("   \n\t   ", "15자 이상"),
    ],
)
def test_too_short_or_long_comments_are_refused_and_nothing_is_saved(
    make_question, commenter, body, message
):
    question = make_question()
    with pytest.raises(InvalidAction) as refused:
        comment_create(author=commenter, target=question, body=body)
    assert message in str(refused.value.message)
    assert not Comment.all_objects.exists()


def test_whitespace_folds_into_one_line(make_question, commenter):
    comment = comment_create(
        author=commenter, target=make_question(), body="첫 번째 줄입니다\n\n   두 번째 줄입니다"
    )
    assert comment.body == "첫 번째 줄입니다 두 번째 줄입니다"


def test_comments_need_the_privilege_except_on_your_own_posts_and_answers_to_you(
    make_user, make_question, make_answer
):
    asker, answerer, stranger = make_user(), make_user(), make_user()
    question = make_question(author=asker)
    answer = make_answer(question=question, author=answerer)
    assert "50" in comment_refusal(user=stranger, target=question)
    assert comment_refusal(user=asker, target=question) == ""
    assert comment_refusal(user=asker, target=answer) == ""  # an answer to their question
    assert comment_refusal(user=answerer, target=answer) == ""
    assert comment_refusal(user=answerer, target=question) != ""
    with pytest.raises(ActionRefused):
        comment_create(author=stranger, target=answer, body=QUESTION_TEXT)
    comment_create(author=asker, target=answer, body=QUESTION_TEXT)
    assert Comment.objects.count() == 1


def test_the_privilege_threshold_is_a_setting(settings, make_user, make_question):
    settings.PRIVILEGE_COMMENT = 5
    member = make_user(reputation=5)
    assert comment_refusal(user=member, target=make_question()) == ""


def test_deleted_posts_take_no_comments(make_question, make_answer, commenter, make_user):
    question = make_question()
    answer = make_answer(question=question)
    post_delete(user=answer.author, post=answer)
    answer.refresh_from_db()
    with pytest.raises(ActionRefused, match="삭제된 글"):
        comment_create(author=commenter, target=answer, body=QUESTION_TEXT)
    assert not Comment.all_objects.exists()


def test_the_posts_author_hears_of_a_comment_but_not_of_their_own(
    make_user, make_question, commenter
):
    asker = make_user()
    question = make_question(author=asker)
    comment = comment_create(author=commenter, target=question, body=QUESTION_TEXT)
    note = Notification.objects.get()
    assert (note.recipient, note.kind, note.post_id, note.question_id) == (
        asker,
        Kind.COMMENT,
        comment.post_id,
        question.pk,
    )
    comment_create(author=asker, target=question, body="제 질문에 제가 덧붙이는 말입니다")
    assert Notification.objects.count() == 1


def test_a_mention_notifies_people_who_took_part_in_the_thread_only(
    make_user, make_question, make_answer, make_comment, commenter
):
    asker = make_user()
    answerer = make_user("정우성")  # a Hangul name
    make_user("outsider")
    question = make_question(author=asker)
    answer = make_answer(question=question, author=answerer)
    make_comment(target=question, author=make_user("Earlier.Commenter", reputation=50))
    Notification.objects.all().delete()
    comment_create(
        author=commenter,
        target=answer,
        body="@정우성 님, @earlier.commenter. 님 의견은요? @outsider 도 알려 주세요",
    )
    heard = dict(Notification.objects.values_list("recipient__username", "kind"))
    assert heard == {"정우성": Kind.COMMENT, "Earlier.Commenter": Kind.MENTION}


def test_an_email_address_mentions_no_one(make_user, make_question, commenter):
    make_user("example")
    asker = make_user()
    question = make_question(author=asker)
    comment_create(author=commenter, target=question, body="메일은 someone@example 로 보내요")
    assert list(Notification.objects.values_list("recipient", flat=True)) == [asker.pk]


def test_deleting_a_comment_takes_its_notifications_back(make_user, make_question, commenter):
    asker = make_user()
    question = make_question(author=asker)
    comment = comment_create(
        author=commenter, target=question, body=f"@{asker.username} 님, 이 부분 확인 부탁드려요"
    )
    assert Notification.objects.filter(post_id=comment.post_id).exists()
    post_delete(user=commenter, post=comment)
    comment.refresh_from_db()
    assert comment.deleted_at is not None and comment.deletion == Deletion.AUTHOR
    assert not Notification.objects.filter(post_id=comment.post_id).exists()
    assert not Comment.objects.filter(pk=comment.pk).exists()
    assert Comment.all_objects.filter(pk=comment.pk).exists()  # soft: a moderator can restore


def test_only_the_author_or_a_moderator_deletes_a_comment(make_comment, make_user, make_question):
    comment = make_comment()
    with pytest.raises(ActionRefused):
        post_delete(user=make_user(reputation=10_000), post=comment)
    moderator = make_user(is_staff=True)
    post_delete(user=moderator, post=comment)
    comment.refresh_from_db()
    assert comment.deletion == Deletion.MODERATOR
    post_restore(user=moderator, post=comment)
    comment.refresh_from_db()
    assert comment.deleted_at is None


def test_a_comment_is_edited_by_its_author_within_the_window(make_comment, make_user):
    comment = make_comment()
    edited = comment_edit(user=comment.author, comment=comment, body="고쳐 쓴 댓글입니다, $x$ 포함")
    assert edited.body.startswith("고쳐") and "<math" in edited.body_html
    assert edited.updated_at is not None
    with pytest.raises(ActionRefused, match="쓴 사람만"):
        comment_edit(user=make_user(is_staff=True), comment=comment, body="남이 고친 댓글입니다")


def test_after_the_window_an_edit_is_refused_and_changes_nothing(make_comment):
    comment = make_comment()
    late = timezone.now() - timedelta(seconds=settings.COMMENT_EDIT_SECONDS + 1)
    Comment.objects.filter(pk=comment.pk).update(created_at=late)
    comment.refresh_from_db()
    with pytest.raises(ActionRefused, match="5분 동안만"):
        comment_edit(user=comment.author, comment=comment, body="너무 늦게 고치려는 댓글")
    comment.refresh_from_db()
    assert comment.updated_at is None and "늦게" not in comment.body


def test_an_edit_that_mentions_someone_new_notifies_them_once(
    make_user, make_question, make_answer, commenter
):
    question = make_question()
    answerer = make_answer(question=question).author
    comment = comment_create(author=commenter, target=question, body=QUESTION_TEXT)
    for _ in range(2):
        comment = comment_edit(
            user=commenter, comment=comment, body=f"{QUESTION_TEXT} @{answerer.username}"
        )
        comment = Comment.objects.get(pk=comment.pk)
    assert Notification.objects.filter(recipient=answerer, kind=Kind.MENTION).count() == 1


def test_upvoting_a_comment_twice_keeps_one_upvote_and_earns_nothing(make_comment, make_user):
    comment = make_comment()
    voter = make_user()
    before = comment.author.reputation
    assert comment_vote(user=voter, comment=comment, value=1) is True
    assert comment_vote(user=voter, comment=comment, value=1) is True
    comment.refresh_from_db()
    comment.author.refresh_from_db()
    assert comment.score == 1 and comment.author.reputation == before
    assert comment_vote(user=voter, comment=comment, value=0) is False
    comment.refresh_from_db()
    assert comment.score == 0 and not Vote.objects.exists()


@pytest.mark.parametrize("value", [-1, 2])
def test_comments_take_no_downvotes(make_comment, make_user, value):
    comment = make_comment()
    with pytest.raises(InvalidAction):
        comment_vote(user=make_user(), comment=comment, value=value)
    assert not Vote.objects.exists()


def test_you_cannot_upvote_your_own_comment(make_comment):
    comment = make_comment()
    with pytest.raises(ActionRefused):
        comment_vote(user=comment.author, comment=comment, value=1)


def test_deleting_a_question_for_good_takes_every_comment_with_it(
    make_question, make_answer, make_comment
):
    question = make_question()
    answer = make_answer(question=question)
    make_comment(target=question)
    make_comment(target=answer)
    question.delete()
    assert not Comment.all_objects.exists()


def test_mentions_link_to_the_people_mentioned_but_not_inside_code(
    make_user, make_question, commenter
):
    asker = make_user("정우성")
    question = make_question(author=asker)
    comment = comment_create(
        author=commenter,
        target=question,
        body="@정우성. 님 확인해 주세요, `@정우성` 은 코드이고 @없는사람 은 그대로",
    )
    html = comment.body_html
    assert html.count('class="mention"') == 1
    assert f'<a class="mention" href="/users/{asker.pk}/">@정우성</a>.' in html
    assert "<code>@정우성</code>" in html and "@없는사람" in html
