"""Edit history shared by questions and answers: revision numbers and what each revision changed."""

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max
from django.utils.translation import gettext as _

from apps.core.errors import Conflict

DIFF_CONTEXT_LINES = 3


def revision_next_number(revisions) -> int:
    """The number the next revision of a post takes (`revisions`: the post's related manager).

    Call it with the post's row locked (select_for_update), so concurrent edits queue for
    their numbers; the unique constraint on (post, number) refuses any that did not.
    """
    return (revisions.aggregate(last=Max("number"))["last"] or 0) + 1


def revision_check(revisions, base: int | None) -> None:
    """Refuse an edit based on revision `base` of a post that has a later one (`revisions`:
    the post's related manager; call it with the post's row locked). No `base`: no check."""
    if base is None:
        return
    last = revisions.aggregate(last=Max("number"))["last"] or 0
    if base != last:
        raise Conflict(
            _(
                "This post has changed since revision %(base)s (it is at revision %(last)s): "
                "read it again and make your edit on the new text."
            )
            % {"base": base, "last": last}
        )


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "same", "added", "removed", or "gap" for unchanged lines left out
    text: str = ""


def line_diff(old: str, new: str, *, context: int = DIFF_CONTEXT_LINES) -> list[DiffLine]:
    """The lines removed from `old` and added in `new`, with `context` unchanged lines around
    each change; every stretch of unchanged lines left out becomes one "gap" line.

    Empty when no line changed. The lines are plain text: templates escape them.
    """
    before, after = old.splitlines(), new.splitlines()
    if before == after:
        return []
    # autojunk would ignore lines that repeat often (blank lines, "$$"), misaligning the diff.
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    lines: list[DiffLine] = []
    shown_up_to = 0  # index in `before` after the last line shown
    for group in matcher.get_grouped_opcodes(context):
        if group[0][1] > shown_up_to:
            lines.append(DiffLine("gap"))
        for op, i1, i2, j1, j2 in group:
            if op == "equal":
                lines += [DiffLine("same", text) for text in before[i1:i2]]
            else:
                lines += [DiffLine("removed", text) for text in before[i1:i2]]
                lines += [DiffLine("added", text) for text in after[j1:j2]]
        shown_up_to = group[-1][2]
    if shown_up_to < len(before):
        lines.append(DiffLine("gap"))
    return lines


@dataclass(frozen=True)
class RevisionChange:
    """One revision and what it changed from the one before (nothing for the original)."""

    revision: Any
    is_original: bool
    body: list[DiffLine] = field(default_factory=list)
    title_before: str | None = None  # the previous title, when this revision changed it
    tags_added: list[str] = field(default_factory=list)
    tags_removed: list[str] = field(default_factory=list)
    # The body as readers saw it after this revision, and before it (empty for the original).
    rendered: str = ""
    rendered_before: str = ""

    @property
    def tags_changed(self) -> bool:
        return bool(self.tags_added or self.tags_removed)


def revision_changes(
    revisions: list,
    tag_label: Callable[[str], str] = str,
    render: Callable[[Any], str] | None = None,
) -> list[RevisionChange]:
    """What each revision changed, newest first; `revisions` are one post's, oldest first.

    Works for question revisions (title, body, tag slugs) and answer revisions (body only).
    Concepts are shown as `tag_label(slug)` (a concept's name in the reader's language); the
    original revision lists all of its concepts as added. `render(revision)` gives a
    revision's body as readers saw it, when the page shows the rendered difference too.
    """
    shown = {id(revision): render(revision) if render else "" for revision in revisions}
    changes: list[RevisionChange] = []
    previous = None
    for revision in revisions:
        if previous is None:
            original_tags = getattr(revision, "tag_slugs", [])
            changes.append(
                RevisionChange(
                    revision=revision,
                    is_original=True,
                    tags_added=[tag_label(slug) for slug in original_tags],
                    rendered=shown[id(revision)],
                )
            )
        else:
            title = getattr(revision, "title", None)
            title_changed = title is not None and title != previous.title
            old_tags = set(getattr(previous, "tag_slugs", []))
            new_tags = set(getattr(revision, "tag_slugs", []))
            changes.append(
                RevisionChange(
                    revision=revision,
                    is_original=False,
                    body=line_diff(previous.body, revision.body),
                    title_before=previous.title if title_changed else None,
                    tags_added=sorted(tag_label(slug) for slug in new_tags - old_tags),
                    tags_removed=sorted(tag_label(slug) for slug in old_tags - new_tags),
                    rendered=shown[id(revision)],
                    rendered_before=shown[id(previous)],
                )
            )
        previous = revision
    changes.reverse()
    return changes
