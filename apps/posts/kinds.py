"""The registry of post kinds: what the shared machinery needs to know of each kind.

A kind registers once, from its app's `ready()`:

    post_kind_register(Answer, thread="question_id", parent="question", select=("question",))

and from then on votes, flags, notifications, the ledger and the moderation log handle it
through the `Post` it points at, asking this registry instead of branching on kinds.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models

PostBase = models.Model  # a row of a kind of post (apps.posts.models.PostBase)


@dataclass(frozen=True)
class PostKind:
    name: str  # the model's name; also the reverse accessor from Post ("question", "answer")
    model: type[PostBase]
    # The row's field holding the id of the question whose page shows it (its thread).
    thread: str
    # The field of a row that names the row it belongs to and goes with (an answer's
    # question; a foreign key to that kind's model or to Post), or None.
    parent: str | None
    # What to select_related from a row of this kind to show it (a title, a link).
    select: tuple[str, ...]
    # When `parent` is a `Post`: the kinds of post a row may belong to (a comment: questions
    # and answers), so finding what belongs to a row asks only where rows can be.
    under: tuple[str, ...] = ()

    @property
    def heads_thread(self) -> bool:
        """Whether a row of this kind is the question its page is about (lists show it)."""
        return self.thread == "pk"


_kinds: dict[str, PostKind] = {}


def post_kind_register(
    model: type[PostBase],
    *,
    thread: str,
    parent: str | None = None,
    select: Iterable[str] = (),
    under: Iterable[str] = (),
) -> PostKind:
    """Register `model` as a kind of post; `thread` names its field holding the id of the
    question it is shown on ("pk" for questions), `parent` the one naming what it belongs to,
    `select` what to select_related to show it, `under` the kinds a `Post` parent may be."""
    name = model._meta.model_name
    kind = PostKind(
        name=name,
        model=model,
        thread=thread,
        parent=parent,
        select=tuple(select),
        under=tuple(under),
    )
    _kinds[name] = kind
    return kind


def post_kind(name_or_row: str | PostBase) -> PostKind:
    name = name_or_row if isinstance(name_or_row, str) else name_or_row._meta.model_name
    return _kinds[name]


def post_kinds() -> list[PostKind]:
    return list(_kinds.values())


def thread_row(row: PostBase) -> PostBase:
    """The question on whose page `row` is shown (itself for a question)."""
    kind = post_kind(row)
    return row if kind.heads_thread else getattr(row, kind.thread.removesuffix("_id"))


def thread_of(row: PostBase) -> int:
    """The id of the question on whose page `row` is shown."""
    return getattr(row, post_kind(row).thread)


def post_ids_of(row: PostBase) -> list[int]:
    """`row`'s own post and those of everything that belongs to it, deleted or not, at any
    depth (a question's answers and comments, the answers' comments): at most one query per
    kind and depth, whatever the number of rows."""
    ids = [row.post_id]
    level: dict[type[PostBase], list[PostBase]] = {type(row): [row]}
    while level:
        below: dict[type[PostBase], list[PostBase]] = defaultdict(list)
        for kind in _kinds.values():
            if kind.parent is None:
                continue
            target = kind.model._meta.get_field(kind.parent).related_model
            if target._meta.model_name == "post":
                values = [
                    each.post_id
                    for model, rows in level.items()
                    if model._meta.model_name in kind.under
                    for each in rows
                ]
            else:
                values = [each.pk for each in level.get(target, [])]
            if values:
                children = kind.model._base_manager.filter(**{f"{kind.parent}__in": values})
                below[kind.model] += children.only("pk", "post_id")
        ids += [child.post_id for rows in below.values() for child in rows]
        level = {model: rows for model, rows in below.items() if rows}
    return ids


def rows_related(prefix: str = "") -> list[str]:
    """select_related paths that bring every kind's row (and what it shows) with a Post
    reached through `prefix` (e.g. "post__")."""
    paths = []
    for kind in _kinds.values():
        paths.append(f"{prefix}{kind.name}")
        paths += [f"{prefix}{kind.name}__{path}" for path in kind.select]
    return paths
