"""Comments through the site: shown under their posts, added, listed, edited, upvoted and
deleted with and without htmx; bad input refused with a message and nothing changed."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.comments.models import SHOWN_AT_FIRST, Comment
from apps.comments.services import comment_create, comment_vote
from apps.notifications.models import Notification
from tests.conftest import caches_clear, log_in

HTMX = {"HTTP_HX_REQUEST": "true"}
TEXT = "여기서 $\\theta$는 어떤 값인가요? 궁금합니다"


@pytest.fixture
def commenter(make_user):
    return make_user(reputation=settings.PRIVILEGE_COMMENT)


def _comments_url(post) -> str:
    kind = "questions" if post._meta.model_name == "question" else "answers"
    return f"/{kind}/{post.pk}/comments/"


def test_comments_show_under_their_post_oldest_first_with_show_more(
    client, make_question, make_answer, make_comment
):
    question = make_question()
    answer = make_answer(question=question)
    on_answer = [
        make_comment(target=answer, body=f"답변에 단 댓글 번호 {n:02d} 입니다") for n in range(7)
    ]
    make_comment(target=question, body="질문에 단 댓글 하나뿐이에요")
    html = client.get(question.get_absolute_url()).content.decode()
    shown = re.findall(r"답변에 단 댓글 번호 (\d\d)", html)
    assert shown == [f"{n:02d}" for n in range(SHOWN_AT_FIRST)]
    assert "질문에 단 댓글 하나뿐이에요" in html
    assert f'href="/answers/{answer.pk}/comments/"' in html
    assert "댓글 2개 더 보기" in html
    # The rest, in place (htmx) or as a page of its own (no JavaScript).
    partial = client.get(_comments_url(answer), **HTMX).content.decode()
    assert "<html" not in partial
    assert re.findall(r"답변에 단 댓글 번호 (\d\d)", partial) == [f"{n:02d}" for n in range(7)]
    page = client.get(_comments_url(answer))
    assert page.status_code == 200 and "<html" in page.content.decode()
    assert on_answer[-1].body in page.content.decode()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_question_page_costs_the_same_queries_with_0_or_50_comments(
    make_user, make_question, make_answer, make_comment
):
    """The first view (the thread loaded) and the next (kept) cost the same whatever the
    number of comments, for a member and for a visitor."""
    member = make_user(reputation=100)
    questions = {count: make_question(title=f"댓글 {count}개인 질문입니다") for count in (0, 50)}
    for count, question in questions.items():
        answers = [make_answer(question=question) for _ in range(3)]
        for n in range(count):
            comment = make_comment(target=[question, *answers][n % 4])
            if n % 3 == 0:
                comment_vote(user=member, comment=comment, value=1)
    costs = {}
    for count, question in questions.items():
        url = question.get_absolute_url()
        member_client, visitor = Client(), Client()
        log_in(member_client, member)
        caches_clear()
        costs[count] = (
            _queries(member_client, url),
            _queries(member_client, url),
            _queries(visitor, url),
        )
    assert costs[0] == costs[50]
    assert costs[50][1] == 2  # the member, then their side of the thread
    print("queries (member first view, member again, visitor) with 0 and 50 comments:", costs)


def test_a_member_comments_without_javascript(client, make_user, make_question, commenter):
    asker = make_user()
    question = make_question(author=asker)
    log_in(client, commenter)
    response = client.post(_comments_url(question), {"body": TEXT})
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#comment-{comment.pk}")
    page = client.get(response["Location"]).content.decode()
    assert f'id="comment-{comment.pk}"' in page and "<math" in page
    assert Notification.objects.filter(recipient=asker).count() == 1


def test_a_member_comments_with_htmx_and_gets_the_list_back(client, make_question, commenter):
    question = make_question()
    log_in(client, commenter)
    response = client.post(_comments_url(question), {"body": TEXT}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert f'id="comments-question-{question.pk}"' in html and "어떤 값인가요" in html


@pytest.mark.parametrize("htmx", [False, True])
def test_a_too_short_comment_comes_back_with_its_message_and_text(
    client, make_question, commenter, htmx
):
    question = make_question()
    log_in(client, commenter)
    response = client.post(_comments_url(question), {"body": "짧은 글"}, **(HTMX if htmx else {}))
    html = response.content.decode()
    assert response.status_code == 400
    assert "15" in html and "짧은 글" in html  # the message, and the text kept in the form
    assert not Comment.all_objects.exists()


def test_a_member_without_the_privilege_sees_why_and_is_refused(client, make_user, make_question):
    question = make_question()
    log_in(client, make_user(reputation=1))
    page = client.get(question.get_absolute_url()).content.decode()
    assert "comment-add-disabled" in page and "50" in page
    response = client.post(_comments_url(question), {"body": TEXT})
    assert response.status_code == 403
    assert not Comment.all_objects.exists()


def test_a_visitor_is_sent_to_log_in_and_finds_their_text_afterwards(
    client, make_question, commenter
):
    question = make_question()
    response = client.post(_comments_url(question), {"body": TEXT})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Comment.all_objects.exists()
    log_in(client, commenter)
    page = client.get(_comments_url(question)).content.decode()
    assert "어떤 값인가요" in page  # the text, back in the form once


def test_commenting_needs_the_csrf_token(make_question, commenter):
    question = make_question()
    client = Client(enforce_csrf_checks=True)
    log_in(client, commenter)
    response = client.post(_comments_url(question), {"body": TEXT})
    assert response.status_code == 403
    assert not Comment.all_objects.exists()


def test_unknown_posts_are_404(client, commenter):
    log_in(client, commenter)
    assert client.get("/questions/999999/comments/").status_code == 404
    assert client.post("/answers/999999/comments/", {"body": TEXT}).status_code == 404
    assert client.post("/comments/999999/vote/", {"value": "1"}).status_code == 404


def test_editing_a_comment_within_the_window_and_not_after(client, make_comment):
    comment = make_comment()
    log_in(client, comment.author)
    page = client.get(comment.question.get_absolute_url()).content.decode()
    assert f'href="/comments/{comment.pk}/edit/"' in page
    response = client.post(
        f"/comments/{comment.pk}/edit/", {"body": "고친 댓글입니다: $x^2$ 맞나요?"}
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert "고친" in comment.body and comment.updated_at is not None
    bad = client.post(f"/comments/{comment.pk}/edit/", {"body": "짧아"})
    assert bad.status_code == 400 and "짧아" in bad.content.decode()
    late = timezone.now() - timedelta(seconds=settings.COMMENT_EDIT_SECONDS + 5)
    Comment.objects.filter(pk=comment.pk).update(created_at=late)
    refused = client.post(f"/comments/{comment.pk}/edit/", {"body": "너무 늦게 고치는 댓글이에요"})
    assert refused.status_code == 403
    comment.refresh_from_db()
    assert "늦게" not in comment.body


def test_someone_else_cannot_edit_a_comment(client, make_comment, make_user):
    comment = make_comment()
    log_in(client, make_user(reputation=10_000))
    assert client.get(f"/comments/{comment.pk}/edit/").status_code == 403
    response = client.post(f"/comments/{comment.pk}/edit/", {"body": "남의 댓글을 고쳐 봅니다"})
    assert response.status_code == 403
    comment.refresh_from_db()
    assert "남의" not in comment.body


def test_upvoting_a_comment_with_htmx_returns_the_comment(client, make_comment, make_user):
    comment = make_comment()
    log_in(client, make_user())
    response = client.post(f"/comments/{comment.pk}/vote/", {"value": "1"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and f'id="comment-{comment.pk}"' in html
    assert "comment-upvote is-active" in html and 'name="value" value="0"' in html
    comment.refresh_from_db()
    assert comment.score == 1
    response = client.post(f"/comments/{comment.pk}/vote/", {"value": "0"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.score == 0


@pytest.mark.parametrize("value", ["-1", "2", "", "up"])
def test_bad_comment_votes_are_refused(client, make_comment, make_user, value):
    comment = make_comment()
    log_in(client, make_user())
    response = client.post(f"/comments/{comment.pk}/vote/", {"value": value})
    assert response.status_code == 400
    comment.refresh_from_db()
    assert comment.score == 0


def test_the_author_deletes_their_comment_and_it_leaves_the_page(client, make_comment):
    comment = make_comment()
    log_in(client, comment.author)
    response = client.post(f"/comments/{comment.pk}/delete/")
    assert response.status_code == 302
    page = client.get(comment.question.get_absolute_url()).content.decode()
    assert comment.body not in page
    assert Comment.all_objects.filter(pk=comment.pk, deleted_at__isnull=False).exists()


def test_others_cannot_delete_a_comment(client, make_comment, make_user):
    comment = make_comment()
    log_in(client, make_user(reputation=10_000))
    assert client.post(f"/comments/{comment.pk}/delete/").status_code == 403
    assert Comment.objects.filter(pk=comment.pk).exists()


def test_a_comment_can_be_flagged_and_reviewed_in_the_queue(make_comment, make_user, staff_client):
    comment = make_comment()
    client = Client()
    log_in(client, make_user(reputation=100))
    assert client.get(f"/comments/{comment.pk}/flag/").status_code == 200
    response = client.post(f"/comments/{comment.pk}/flag/", {"reason": "rude"})
    assert response.status_code == 302
    queue = staff_client.get("/moderation/").content.decode()
    assert comment.body[:10] in queue and f'name="comment" value="{comment.pk}"' in queue
    reviewed = staff_client.post(
        "/moderation/review/", {"comment": str(comment.pk), "decision": "delete"}
    )
    assert reviewed.status_code == 302
    assert not Comment.objects.filter(pk=comment.pk).exists()


def test_the_page_reads_in_english_too(client, make_comment, make_user):
    comment = make_comment()
    log_in(client, make_user(reputation=1, language="en"))
    client.cookies["django_language"] = "en"
    html = client.get(comment.question.get_absolute_url()).content
    html = html.decode()
    assert "Add a comment" in html and comment.body in html


def test_the_inbox_tells_of_comments_and_mentions(client, make_user, make_question, commenter):
    asker = make_user()
    question = make_question(author=asker)
    comment_create(author=commenter, target=question, body=f"@{asker.username} 님께 질문 있어요")
    log_in(client, asker)
    html = client.get("/notifications/").content.decode()
    assert commenter.public_name in html and question.title in html
    assert "댓글" in html
