"""Moderation pages and actions: flags, deleting and restoring, closing and reopening, the
moderators' queue and audit log.

The views stay thin: they find the post, read the form and let `apps.moderation.services`
decide. A refused or malformed action raises, and comes back as a message (403 or 400) with
nothing changed (apps.core.refusals).
"""

import re

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Min
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.core.errors import ActionRefused, InvalidAction
from apps.core.views import login_prompt
from apps.moderation import services
from apps.moderation.models import Flag, FlagReason, FlagStatus, ModerationLog
from apps.posts.kinds import PostKind, post_kind, rows_related, thread_row
from apps.posts.models import Post, PostBase
from apps.questions.models import CloseReason, Question
from apps.trust.privileges import CLOSE, has_privilege, is_moderator, refusal
from apps.trust.ratelimits import rate_limit_check

QUEUE_PER_PAGE = 20
LOG_PER_PAGE = 50
NOTE_MAX_LENGTH = 500
_ID = re.compile(r"[0-9]{1,18}")
_QUESTION_NUMBER = re.compile(r"#?([0-9]{1,18})")
_QUESTION_LINK = re.compile(r"/questions/([0-9]{1,18})(?:[/?#]|$)")


# --- Helpers -------------------------------------------------------------------------------------


def _rows(kind: PostKind):
    """Every row of a kind, deleted or not, with what shows it (an answer's question)."""
    return kind.model.all_objects.select_related(*kind.select)


def _post(kind: str, pk: int) -> PostBase:
    """The question or answer, deleted or not: the services explain what cannot be done."""
    return get_object_or_404(_rows(post_kind(kind)), pk=pk)


def _note(request) -> str:
    return request.POST.get("note", "").strip()[:NOTE_MAX_LENGTH]


def _question_ref(raw: str) -> Question | None:
    """The question a number ("12", "#12") or a link (".../questions/12/slug/") names.

    None when blank: the services then ask for one. Deleted questions are returned too, so the
    services can say that one was deleted.
    """
    raw = raw.strip()[:NOTE_MAX_LENGTH]
    if not raw:
        return None
    match = _QUESTION_NUMBER.fullmatch(raw) or _QUESTION_LINK.search(raw)
    if match is None:
        raise InvalidAction(_("Give the original question as its number or its link."))
    original = Question.all_objects.filter(pk=int(match[1])).first()
    if original is None:
        raise InvalidAction(_("There is no question number %(number)s.") % {"number": match[1]})
    return original


def _sees(user, post: PostBase) -> bool:
    """Whether `user` can see `post` on its question page (live, or theirs, or a moderator)."""
    return post.deleted_at is None or user.pk == post.author_id or is_moderator(user)


def _back(request, post: PostBase):
    """After an action: the post on its question page, as far as the person can still see it."""
    fresh = _rows(post_kind(post)).filter(pk=post.pk).first()
    question = thread_row(fresh) if fresh else None
    if question is None or not _sees(request.user, question):
        return redirect("questions:list")
    if not _sees(request.user, fresh):
        return redirect(question)
    return redirect(fresh)


def _moderators_only(request, next_url: str | None = None):
    """The login page for anonymous people (None for moderators); refuses anyone else."""
    if not request.user.is_authenticated:
        return login_prompt(request, next_url or request.get_full_path())
    if not is_moderator(request.user):
        raise ActionRefused(_("Only moderators can open this page."))
    return None


# --- Flags ---------------------------------------------------------------------------------------


def _flag_form(request, post, kind: str, *, error: str = "", status: int = 200):
    reasons = [
        (value, label)
        for value, label in FlagReason.choices
        if kind == "question" or value != FlagReason.DUPLICATE
    ]
    question = post if kind == "question" else post.question
    context = {
        "post": post,
        "kind": kind,
        "question": question,
        "reasons": reasons,
        "error": error,
        "chosen": request.POST.get("reason", ""),
        "duplicate_of": request.POST.get("duplicate_of", "")[:NOTE_MAX_LENGTH],
        "note": request.POST.get("note", "")[:NOTE_MAX_LENGTH],
        "note_max_length": NOTE_MAX_LENGTH,
    }
    return render(request, "moderation/flag.html", context, status=status)


@require_http_methods(["GET", "POST"])
def flag(request, pk: int, kind: str):
    """GET: a small form (why, which original for a duplicate, a note). POST `reason`,
    `duplicate_of` (a question's number or link) and `note` flags the post."""
    post = _post(kind, pk)
    user = request.user
    if not user.is_authenticated:
        return login_prompt(request, request.path)
    # Before the form, and before a submit counts against the rate limit.
    services.flag_check(user=user, post=post)
    if request.method == "GET":
        return _flag_form(request, post, kind)
    rate_limit_check(request, "flag")
    reason = request.POST.get("reason", "")
    try:
        original = None
        if reason == FlagReason.DUPLICATE and kind == "question":
            original = _question_ref(request.POST.get("duplicate_of", ""))
        services.flag_create(
            user=user, post=post, reason=reason, duplicate_of=original, note=_note(request)
        )
    except InvalidAction as error:
        if request.htmx:
            raise
        # Bad input is the form's to show, with the reason and note as they were typed.
        return _flag_form(request, post, kind, error=error.message, status=error.status)
    messages.success(request, _("Thank you. The moderators will look at it."))
    return _back(request, post)


# --- Deleting and restoring ----------------------------------------------------------------------


@require_POST
def delete(request, pk: int, kind: str):
    """POST (optional `note`): the author or a moderator deletes the post."""
    post = _post(kind, pk)
    if not request.user.is_authenticated:
        return login_prompt(request, post.get_absolute_url())
    services.post_delete(user=request.user, post=post, note=_note(request))
    messages.success(request, _("The post is deleted."))
    return _back(request, post)


@require_POST
def restore(request, pk: int, kind: str):
    """POST (optional `note`): a moderator brings a deleted or hidden post back."""
    post = _post(kind, pk)
    if not request.user.is_authenticated:
        return login_prompt(request, post.get_absolute_url())
    services.post_restore(user=request.user, post=post, note=_note(request))
    messages.success(request, _("The post is restored."))
    return _back(request, post)


# --- Closing and reopening -----------------------------------------------------------------------


@require_POST
def close(request, pk: int):
    """POST `reason` (and `duplicate_of`, a question's number or link, for a duplicate)."""
    question = get_object_or_404(Question.all_objects, pk=pk)
    user = request.user
    if not user.is_authenticated:
        return login_prompt(request, question.get_absolute_url())
    if not has_privilege(user, CLOSE):  # before the duplicate's number is even read
        raise ActionRefused(refusal(user, CLOSE))
    reason = request.POST.get("reason", "")
    original = None
    if reason == CloseReason.DUPLICATE:
        original = _question_ref(request.POST.get("duplicate_of", ""))
    closed = services.question_close_vote(
        user=user, question=question, reason=reason, duplicate_of=original
    )
    messages.success(
        request, _("The question is closed.") if closed else _("Your vote to close is recorded.")
    )
    return _back(request, question)


@require_POST
def reopen(request, pk: int):
    question = get_object_or_404(Question.all_objects, pk=pk)
    user = request.user
    if not user.is_authenticated:
        return login_prompt(request, question.get_absolute_url())
    reopened = services.question_reopen_vote(user=user, question=question)
    messages.success(
        request,
        _("The question is open again.") if reopened else _("Your vote to reopen is recorded."),
    )
    return _back(request, question)


# --- The moderators' queue and log ---------------------------------------------------------------


def _queue_items(rows: list[dict]) -> list[dict]:
    """The page's flagged posts with their pending flags: two queries, whatever their number."""
    if not rows:
        return []
    post_ids = [row["post_id"] for row in rows]
    posts = Post.objects.select_related(*rows_related()).in_bulk(post_ids)
    flags = (
        Flag.objects.filter(status=FlagStatus.PENDING, post_id__in=post_ids)
        .select_related("user", "duplicate_of")
        .order_by("created_at", "id")
    )
    by_post: dict[int, list[Flag]] = {}
    for item in flags:
        by_post.setdefault(item.post_id, []).append(item)
    items = []
    for row in rows:
        post = posts[row["post_id"]]
        items.append(
            {
                "kind": post.kind,
                "post": post.row,
                "question": thread_row(post.row),
                "flags": by_post.get(post.pk, []),
                "first_flagged": row["first_flagged"],
            }
        )
    return items


@require_GET
def queue(request):
    """Posts with pending flags, the longest waiting first, each with its flags and buttons."""
    if (response := _moderators_only(request)) is not None:
        return response
    flagged = (
        Flag.objects.filter(status=FlagStatus.PENDING)
        .values("post_id")
        .annotate(first_flagged=Min("created_at"), flag_count=Count("id"))
        .order_by("first_flagged", "post_id")
    )
    page = Paginator(flagged, QUEUE_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "moderation/queue.html",
        {"page": page, "items": _queue_items(list(page.object_list))},
    )


REVIEWED_KINDS = ("question", "answer", "comment")


def _reviewed_post(data) -> PostBase | None:
    """The post named by `question`, `answer` or `comment` (None when no post has that
    number)."""
    named = [(kind, data.get(kind, "").strip()) for kind in REVIEWED_KINDS]
    named = [(kind, raw) for kind, raw in named if raw]
    if len(named) != 1:
        raise InvalidAction(_("Say which post you review: one question, answer or comment."))
    kind, raw = named[0]
    if not _ID.fullmatch(raw):
        raise InvalidAction(_("A post's number is made of digits."))
    return post_kind(kind).model.all_objects.filter(pk=int(raw)).first()


@require_POST
def review(request):
    """POST `question`, `answer` or `comment` (an id), `decision` (approve, reject, delete),
    `note`."""
    queue_url = reverse("moderation:queue")
    if (response := _moderators_only(request, queue_url)) is not None:
        return response
    decision = request.POST.get("decision", "")
    post = _reviewed_post(request.POST)
    if post is None:
        raise InvalidAction(_("There is no such post."), status=404)
    services.flags_review(moderator=request.user, post=post, decision=decision, note=_note(request))
    done = {
        "approve": _("The flags are approved."),
        "reject": _("The flags are rejected."),
        "delete": _("The post is deleted."),
    }
    messages.success(request, done[decision])
    page = request.POST.get("page", "")  # back to the page the moderator was on
    return redirect(
        f"{queue_url}?page={page}" if _ID.fullmatch(page) and int(page) > 1 else queue_url
    )


@require_GET
def log(request):
    """The audit trail: who did what to which post, when and why; newest first."""
    if (response := _moderators_only(request)) is not None:
        return response
    entries = ModerationLog.objects.select_related(
        "actor", "question", *rows_related("post__")
    ).order_by("-created_at", "-id")
    page = Paginator(entries, LOG_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "moderation/log.html", {"page": page})
