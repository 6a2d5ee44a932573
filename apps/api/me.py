"""The token holder's own data: their notifications, and marking them read (a personal access
token in `Authorization: Bearer`, as for writes)."""

from datetime import datetime

from django.http import HttpRequest
from ninja import Field, Schema

from apps.api import schemas
from apps.api.api import ID_MAX, Page, PageSize, author_row, next_link, tag_row, user_detail, v1
from apps.api.writes import WRITE_ERRORS, token_auth, writing
from apps.notifications.models import Notification
from apps.notifications.services import notifications_read


class NotificationOut(Schema):
    id: int
    kind: str
    kind_label: str
    actor: schemas.Author | None
    question_id: int
    question_title: str
    concept: schemas.TagRef | None
    milestone: int | None
    url: str
    created_at: datetime
    read: bool


class NotificationPage(Schema):
    unread: int
    page: int
    page_size: int
    next: str | None
    results: list[NotificationOut]


class ReadIn(Schema):
    ids: list[int] | None = Field(
        None,
        max_length=100,
        description="The notifications to mark read; leave it out to mark all of them.",
    )


class ReadOut(Schema):
    read: int
    unread: int


@v1.get("/me/", response={200: schemas.Profile, **WRITE_ERRORS}, auth=token_auth, tags=["me"])
def me(request: HttpRequest):
    """The token's member, as their public profile shows them."""
    return user_detail(request, request.user.pk)


def _notification(request: HttpRequest, note: Notification) -> dict:
    return {
        "id": note.pk,
        "kind": note.kind,
        "kind_label": str(note.get_kind_display()),
        "actor": author_row(note.actor) if note.actor else None,
        "question_id": note.question_id,
        "question_title": note.question.title,
        "concept": tag_row(note.tag) if note.tag else None,
        "milestone": note.milestone,
        "url": request.build_absolute_uri(note.get_absolute_url()),
        "created_at": note.created_at,
        "read": note.read_at is not None,
    }


def _unread(user) -> int:
    return Notification.objects.filter(recipient=user).unread().count()


@v1.get(
    "/me/notifications/",
    response={200: NotificationPage, **WRITE_ERRORS},
    auth=token_auth,
    tags=["me"],
)
def notifications(
    request: HttpRequest, unread: bool = False, page: int = Page, page_size: int = PageSize
):
    """My notifications, newest first (`unread=true`: only those not read yet), with how
    many are unread. Reading them here does not mark them read."""
    rows = Notification.objects.filter(recipient=request.user)
    if unread:
        rows = rows.unread()
    start = (page - 1) * page_size
    found = list(rows.for_inbox()[start : start + page_size + 1])
    return {
        "unread": _unread(request.user),
        "page": page,
        "page_size": page_size,
        "next": next_link(request, page, len(found) > page_size),
        "results": [_notification(request, note) for note in found[:page_size]],
    }


@v1.post(
    "/me/notifications/read/",
    response={200: ReadOut, **WRITE_ERRORS},
    auth=token_auth,
    tags=["me"],
)
def notifications_mark_read(request: HttpRequest, data: ReadIn):
    """Mark my notifications read: those in `ids` (others' and unknown ids are skipped), or
    all of them."""
    writing(request)
    if data.ids is None:
        read = notifications_read(user=request.user)
    else:
        ids = [pk for pk in set(data.ids) if 1 <= pk <= ID_MAX]
        read = notifications_read(user=request.user, pks=ids) if ids else 0
    return {"read": read, "unread": _unread(request.user)}
