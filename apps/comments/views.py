"""Comment pages and actions: all comments of a post, adding one, editing, upvoting.

Deleting, restoring and flagging a comment are moderation's (apps.moderation), as for every
kind of post. Each action works without JavaScript (a redirect with a message) and with htmx
(the post's comments, or the one comment, rendered again in place).
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from apps.comments.models import Comment, CommentsShown
from apps.comments.services import (
    comment_can_edit,
    comment_create,
    comment_edit,
    comment_edit_refusal,
    comment_refusal,
    comment_vote,
)
from apps.core.errors import ActionRefused, InvalidAction
from apps.core.login_required import kept_form_data, member_required
from apps.core.views import login_prompt
from apps.posts.kinds import post_kind, thread_row
from apps.trust.privileges import is_moderator
from apps.trust.ratelimits import rate_limit_check
from apps.trust.readers import Reader
from apps.votes.models import Vote


def _target(kind: str, pk: int):
    """The question or answer the URL names, live, with its question and authors."""
    model = post_kind(kind).model
    return get_object_or_404(model.objects.select_related(*post_kind(kind).select), pk=pk)


def _reader_side(user, target, comments: list[Comment]):
    """The reader's side of `target` and of `comments` under it (one query for their votes)."""
    reader = Reader(user)
    votes = {}
    if user.is_authenticated and comments:
        votes = dict(
            Vote.objects.filter(user=user, post_id__in=[c.post_id for c in comments]).values_list(
                "post_id", "value"
            )
        )
    question = thread_row(target)
    return reader.of_post(
        target,
        asker=reader.pk is not None and reader.pk == question.author_id,
        comments=comments,
        votes=votes,
        editable=lambda comment: comment_can_edit(user=user, comment=comment),
    )


def _comments_page(request, kind: str, target, *, status=200, body="", error=""):
    """All the comments of `target`: the whole page, or the list alone for htmx."""
    comments = list(
        Comment.all_objects.filter(target_id=target.post_id)
        .select_related("author")
        .order_by("created_at", "id")
    )
    shown = CommentsShown(comments, moderator=is_moderator(request.user), everything=True)
    context = {
        "post": target,
        "kind": kind,
        "question": thread_row(target),
        "comments": shown,
        "reader": _reader_side(request.user, target, shown.all),
        "comment_body": body,
        "comment_error": error,
        "open_form": bool(error),
    }
    template = "comments/_list.html" if request.htmx else "comments/list.html"
    return render(request, template, context, status=status)


@require_http_methods(["GET", "POST"])
def post_comments(request, pk: int, kind: str):
    """GET: every comment of the question or answer. POST `body`: comment on it."""
    if request.method == "GET":
        target = _target(kind, pk)
        kept = kept_form_data(request) or {}
        return _comments_page(request, kind, target, body=kept.get("body", ""))
    return _comment_post(request, pk=pk, kind=kind)


@member_required(keep=("body",))
def _comment_post(request, *, pk: int, kind: str):
    target = _target(kind, pk)
    body = request.POST.get("body", "")
    reason = comment_refusal(user=request.user, target=target)
    if reason:
        raise ActionRefused(reason)
    rate_limit_check(request, "comment")
    try:
        comment = comment_create(author=request.user, target=target, body=body)
    except InvalidAction as error:
        # Bad input is the form's to show, with the text as it was typed; nothing is saved.
        return _comments_page(
            request, kind, target, status=error.status, body=body[:2000], error=error.message
        )
    if request.htmx:
        return _comments_page(request, kind, target)
    messages.success(request, _("Your comment is added."))
    return redirect(comment)


@member_required(keep=("body",))
@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    """GET: the comment in a small form. POST `body`: its new text (its author, for a few
    minutes after posting it)."""
    comment = get_object_or_404(Comment.objects.select_related("question", "target"), pk=pk)
    reason = comment_edit_refusal(user=request.user, comment=comment)
    if reason:
        raise ActionRefused(reason)
    error = ""
    body = (kept_form_data(request) or {}).get("body", comment.body)
    if request.method == "POST":
        body = request.POST.get("body", "")
        try:
            comment_edit(user=request.user, comment=comment, body=body)
        except InvalidAction as problem:
            error = problem.message
        else:
            messages.success(request, _("Your edit is saved."))
            return redirect(comment)
    return render(
        request,
        "comments/edit.html",
        {"comment": comment, "body": body[:2000], "error": error},
        status=400 if error else 200,
    )


@require_POST
def vote(request, pk: int):
    """POST `value`: 1 upvotes the comment, 0 takes the upvote back."""
    comment = get_object_or_404(Comment.objects.select_related(*post_kind("comment").select), pk=pk)
    if not request.user.is_authenticated:
        return login_prompt(request, comment.get_absolute_url())
    value = request.POST.get("value", "")
    if value not in ("0", "1"):
        raise InvalidAction(_("A comment vote is 1 (upvote) or 0 (take it back)."))
    rate_limit_check(request, "vote")
    comment_vote(user=request.user, comment=comment, value=int(value))
    if not request.htmx:
        return redirect(comment)
    comment.refresh_from_db(fields=["score"])
    target = comment.target.row
    return render(
        request,
        "comments/_comment.html",
        {"comment": comment, "reader": _reader_side(request.user, target, [comment])},
    )
