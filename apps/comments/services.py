"""Commenting: the one write path for comments, their edits, deletions and upvotes.

Who may comment: members with the COMMENT privilege anywhere; everyone signed in under their
own posts and under the answers to their questions. A comment notifies the author of the
post it is under, and each `@name` it mentions who took part in the thread (asked, answered
or commented there). Comments carry no reputation, are not searched (they are asides to a
post, and would rank their thread for words its question and answers do not hold), and are
shown on their question's page only.
"""

import re
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from apps.badges.services import badges_check_for_comment
from apps.caching.events import Event, retire
from apps.comments.models import BODY_MAX_LENGTH, BODY_MIN_LENGTH, Comment
from apps.core.errors import ActionRefused, InvalidAction
from apps.markup.rendering import render_inline_markdown
from apps.notifications.services import notifications_withdraw, notify_comment_posted
from apps.posts.kinds import post_kind, thread_of, thread_row
from apps.posts.models import PostBase
from apps.trust.newcomers import post_content_check
from apps.trust.privileges import COMMENT, has_privilege, is_moderator, refusal
from apps.votes.models import Vote
from apps.votes.services import vote_cast

# `@name`: a username as Django allows it (letters of any script, digits, . + - _), not
# preceded by a word character (so an e-mail address mentions no one).
MENTION = re.compile(r"(?<![\w@])@([\w.+-]{1,150})")
MAX_MENTIONS = 5


def comment_body_check(body: str) -> str:
    """The body as it will be stored, or an `InvalidAction` saying what is wrong with it."""
    body = " ".join((body or "").split())  # one line: the inline subset has no blocks
    if "\x00" in body:  # (no text holds one, and PostgreSQL cannot store it)
        raise InvalidAction(_("The comment contains a character that is not allowed."))
    if len(body) < BODY_MIN_LENGTH:
        raise InvalidAction(
            ngettext(
                "A comment needs at least %(count)d character; this one has %(length)d.",
                "A comment needs at least %(count)d characters; this one has %(length)d.",
                BODY_MIN_LENGTH,
            )
            % {"count": BODY_MIN_LENGTH, "length": len(body)}
        )
    if len(body) > BODY_MAX_LENGTH:
        raise InvalidAction(
            _("A comment can have at most %(count)d characters; this one has %(length)d.")
            % {"count": BODY_MAX_LENGTH, "length": len(body)}
        )
    return body


def comment_refusal(*, user, target: PostBase) -> str:
    """Why `user` may not comment under `target` (a question or an answer), or "" if they
    may: signed in, the post and its question still there, and the privilege unless it is
    their own post or an answer to their question."""
    if not user.is_authenticated:
        return _("Log in to comment.")
    question = thread_row(target)
    if target.deleted_at is not None or question.deleted_at is not None:
        return _("This post was deleted, so it takes no comments.")
    if user.pk in (target.author_id, question.author_id) or has_privilege(user, COMMENT):
        return ""
    return refusal(user, COMMENT)


# The rendered comment's tags, and the elements inside which `@name` is left as written.
_TAG = re.compile(r"(<[^>]*>)")
_VERBATIM = {"code", "math", "a"}


def _link_mentions(html: str, people: dict[str, int]) -> str:
    """Make each `@name` of someone mentioned (`people`: casefolded username to id) a link to
    their profile, in the text of the sanitized HTML only (not in code, math or links)."""
    if not people:
        return html
    parts, inside = [], []

    def link(match: re.Match[str]) -> str:
        name = match[1].rstrip(".")
        pk = people.get(name.casefold())
        if pk is None:
            return match[0]
        url = reverse("accounts:profile_short", kwargs={"pk": pk})
        return f'<a class="mention" href="{url}">@{name}</a>{match[1][len(name) :]}'

    for part in _TAG.split(html):
        if part.startswith("<"):
            tag = part.strip("</>").split()[0].lower() if part.strip("</>") else ""
            if tag in _VERBATIM:
                if part.startswith("</"):
                    inside = inside[:-1]
                elif not part.endswith("/>"):
                    inside.append(tag)
            parts.append(part)
        else:
            parts.append(part if inside else MENTION.sub(link, part))
    return "".join(parts)


def _mentioned(body: str, question_id: int) -> dict[str, int]:
    """Who of those who took part in the thread `body` mentions (`@username`, any case), as
    casefolded username to id."""
    names = {name.rstrip(".").casefold() for name in MENTION.findall(body)}
    names.discard("")
    if not names:
        return {}
    names = set(list(names)[:MAX_MENTIONS])
    took_part = Q(questions__pk=question_id) | Q(answers__question_id=question_id)
    took_part |= Q(comments__question_id=question_id, comments__deleted_at__isnull=True)
    people = (
        get_user_model()
        .objects.filter(took_part, is_active=True)
        .distinct()
        .values_list("pk", "username")
    )
    return {username.casefold(): pk for pk, username in people if username.casefold() in names}


def comment_create(*, author, target: PostBase, body: str) -> Comment:
    """Comment under `target` (a question or an answer); notifies its author and the people
    mentioned. A new member's comment with too many links is refused (apps.trust.newcomers)."""
    body = comment_body_check(body)
    post_content_check(user=author, html=render_inline_markdown(body))
    question_id = thread_of(target)
    with transaction.atomic():
        # The question's row is locked, as by answering: a thread deleted at this moment
        # takes no comment, and the check below sees it as it is now.
        question = (
            post_kind("question")
            .model.all_objects.select_for_update(no_key=True)
            .filter(pk=question_id)
            .first()
        )
        current = type(target).all_objects.filter(pk=target.pk).first()
        if question is None or current is None:
            raise InvalidAction(_("This post no longer exists."))
        if post_kind(current).heads_thread:
            current = question
        else:
            current.question = question
        reason = comment_refusal(user=author, target=current)
        if reason:
            raise ActionRefused(reason)
        mentioned = _mentioned(body, question_id)
        comment = Comment.objects.create(
            target_id=current.post_id,
            question_id=question_id,
            author=author,
            body=body,
            body_html=_link_mentions(render_inline_markdown(body), mentioned),
        )
        notify_comment_posted(
            comment=comment,
            post_author_id=current.author_id,
            mentioned=list(mentioned.values()),
        )
        badges_check_for_comment(author_id=author.pk)
        retire(Event.COMMENTED, question_id=question_id)
    return comment


def comment_can_edit(*, user, comment: Comment, now=None) -> bool:
    """Its author, within COMMENT_EDIT_SECONDS of posting it."""
    if not user.is_authenticated or user.pk != comment.author_id:
        return False
    age = (now or timezone.now()) - comment.created_at
    return age <= timedelta(seconds=settings.COMMENT_EDIT_SECONDS)


def comment_edit_refusal(*, user, comment: Comment) -> str:
    """Why `user` may not edit `comment` now, or "" if they may."""
    if comment_can_edit(user=user, comment=comment):
        return ""
    if user.is_authenticated and user.pk == comment.author_id:
        minutes = settings.COMMENT_EDIT_SECONDS // 60
        return ngettext(
            "A comment can be edited for %(minutes)d minute after posting it; "
            "delete it and write a new one instead.",
            "A comment can be edited for %(minutes)d minutes after posting it; "
            "delete it and write a new one instead.",
            minutes,
        ) % {"minutes": minutes}
    return _("Only its author can edit a comment.")


def comment_edit(*, user, comment: Comment, body: str) -> Comment:
    """Replace a comment's text (no revision is kept: it may be edited for a few minutes
    only, see `comment_can_edit`). Those it newly mentions hear of it."""
    reason = comment_edit_refusal(user=user, comment=comment)
    if reason:
        raise ActionRefused(reason)
    body = comment_body_check(body)
    post_content_check(user=user, html=render_inline_markdown(body))
    with transaction.atomic():
        current = (
            Comment.all_objects.select_for_update(no_key=True, of=("self",))
            .select_related("target")
            .filter(pk=comment.pk)
            .first()
        )
        if current is None or current.deleted_at is not None:
            raise InvalidAction(_("This comment was deleted, so it cannot be edited."))
        reason = comment_edit_refusal(user=user, comment=current)
        if reason:
            raise ActionRefused(reason)
        if current.body == body:
            return current
        mentioned = _mentioned(body, current.question_id)
        current.body, current.updated_at = body, timezone.now()
        current.body_html = _link_mentions(render_inline_markdown(body), mentioned)
        current.save(update_fields=["body", "body_html", "updated_at"])
        notify_comment_posted(
            comment=current,
            post_author_id=current.target.row.author_id,
            mentioned=list(mentioned.values()),
        )
        retire(Event.COMMENTED, question_id=current.question_id)
    return current


def comment_can_delete(*, user, comment: Comment) -> bool:
    """Its author, and moderators."""
    return user.is_authenticated and (user.pk == comment.author_id or is_moderator(user))


def comment_remove(*, comment: Comment, by, deletion: str) -> None:
    """Soft-delete a live comment (its thread's row locked by the caller: apps.moderation):
    gone from the page, and what it notified taken back."""
    Comment.all_objects.filter(pk=comment.pk).update(
        deleted_at=timezone.now(), deleted_by=by, deletion=deletion
    )
    notifications_withdraw(post_id=comment.post_id)
    retire(Event.COMMENTED, question_id=comment.question_id)


def comment_bring_back(*, comment: Comment) -> None:
    """Undo `comment_remove` (its notifications stay taken back: old news by now)."""
    Comment.all_objects.filter(pk=comment.pk).update(deleted_at=None, deleted_by=None, deletion="")
    retire(Event.COMMENTED, question_id=comment.question_id)


def comment_vote(*, user, comment: Comment, value: int) -> bool:
    """Upvote a comment (`value` 1) or take the upvote back (0); no downvotes, no reputation.
    Upvoting twice keeps one upvote. Returns whether the person's upvote stands."""
    if value not in (0, 1):
        raise InvalidAction(_("A comment vote is 1 (upvote) or 0 (take it back)."))
    with transaction.atomic():
        # Locked before looking, so a double click upvotes once instead of toggling back.
        if not Comment.objects.select_for_update(no_key=True).filter(pk=comment.pk).exists():
            raise InvalidAction(_("This post no longer exists."))
        existing = Vote.objects.filter(user=user, post_id=comment.post_id).values_list(
            "value", flat=True
        )
        if bool(existing.first()) == bool(value):
            return bool(value)
        return vote_cast(user=user, post=comment, value=value) is not None
