"""Asking, editing and viewing questions: the one write path for questions and their counters."""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache, caches
from django.db import transaction
from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.answers.models import Answer
from apps.badges.services import badges_check_for_edit, badges_check_for_question
from apps.caching.events import Event, retire
from apps.core.counters import counter_repair
from apps.core.errors import ActionRefused, InvalidAction
from apps.core.revisions import revision_check, revision_next_number
from apps.following.services import question_follow
from apps.markup.rendering import render_markdown
from apps.notifications.services import notify_question_asked
from apps.papers.models import PaperImplementation
from apps.papers.services import PaperClaim, paper_claim_of, paper_implementation_set
from apps.questions.models import Question, QuestionRevision
from apps.reading.sections import section_get
from apps.search.services import search_index_question
from apps.tags.services import question_tags_set, tags_for_question
from apps.trust.newcomers import post_content_check
from apps.trust.privileges import EDIT_OTHERS, has_privilege, refusal

# question_edit's default for what the edit does not touch (the admin's, the seed's).
KEEP = object()


def question_create(
    *,
    author,
    title: str,
    body: str,
    tags: list[str],
    section: str = "",
    paper: PaperClaim | None = None,
) -> Question:
    """Ask a question under 1 to 5 concept tags (names, slugs or aliases), while reading the
    D2L `section` ("22.7", checked by the form: apps.reading) and implementing `paper`.

    The body's HTML is rendered once, here. New tag names are created when the author has the
    privilege; otherwise the question is refused before anything is saved. So is a new member's
    question with too many links or any image (apps.trust.newcomers).
    """
    now = timezone.now()
    _section_check(section)
    body_html = render_markdown(body)
    post_content_check(user=author, html=body_html)
    with transaction.atomic():
        concept_tags = tags_for_question(user=author, names=tags)
        question = Question.objects.create(
            author=author,
            title=title.strip(),
            body=body,
            body_html=body_html,
            created_at=now,
            last_activity_at=now,
            d2l_section=section,
        )
        question_tags_set(question=question, tags=concept_tags)
        if paper is not None:
            paper_implementation_set(question=question, claim=paper)
        question_revision_add(question=question, author=author, tags=concept_tags, created_at=now)
        search_index_question(question)
        question_follow(user=author, question=question)  # the asker hears of every answer
        notify_question_asked(question=question, tags=concept_tags)
        badges_check_for_question(author_id=author.pk)
        retire(Event.QUESTION_ASKED)
    return question


def _section_check(section: str) -> None:
    if section and section_get(section) is None:
        raise InvalidAction(_("There is no D2L section %(number)s.") % {"number": section})


def question_can_edit(*, user, question: Question) -> bool:
    """The author, or someone with the EDIT_OTHERS privilege (moderators have it)."""
    return user.is_authenticated and (
        user.pk == question.author_id or has_privilege(user, EDIT_OTHERS)
    )


def question_revision_add(
    *, question: Question, author, tags: list, summary: str = "", created_at=None
) -> QuestionRevision:
    """Keep the question's title, body and `tags` (as saved just now) as its next revision.

    Runs inside the caller's transaction. The question's row is locked first, so concurrent
    edits take their numbers one after the other.
    """
    with transaction.atomic():
        list(
            Question.objects.select_for_update(no_key=True).filter(pk=question.pk).values_list("pk")
        )
        return QuestionRevision.objects.create(
            question=question,
            number=revision_next_number(question.revisions),
            author=author,
            created_at=created_at or timezone.now(),
            summary=summary.strip(),
            title=question.title,
            body=question.body,
            tags=",".join(sorted(tag.slug for tag in tags)),
        )


def question_edit(
    *,
    user,
    question: Question,
    title: str,
    body: str,
    tags: list[str],
    summary: str = "",
    base_revision: int | None = None,
    section=KEEP,
    paper=KEEP,
) -> Question:
    """Edit a question's title, body and concept tags (see `question_can_edit`), and, when
    given, the D2L `section` it was asked while reading and the `paper` it implements (a
    PaperClaim or None); left as they are when not given (the admin's and the seed's edits).

    Each edit is kept as the question's next revision, with the optional `summary`. An edit
    that changes nothing saves nothing: no revision, no "edited" mark, no fresh activity.
    With `base_revision` (the revision the editor read), an edit made after someone else's
    is refused (`Conflict`) rather than silently undoing it.
    """
    if not question_can_edit(user=user, question=question):
        raise ActionRefused(refusal(user, EDIT_OTHERS))
    if section is not KEEP:
        _section_check(section)
    title = title.strip()
    body_html = render_markdown(body)  # before the lock, which concurrent edits wait on
    post_content_check(user=user, html=body_html)
    with transaction.atomic():
        concept_tags = tags_for_question(user=user, names=tags)
        # Compared with what is stored under the lock, not with a possibly stale `question`.
        current = (
            Question.objects.select_for_update(no_key=True)
            .only("id", "title", "body", "d2l_section")
            .filter(pk=question.pk)
            .first()
        )
        if current is None:  # deleted by someone else since the edit began
            raise InvalidAction(_("This question was deleted, so it cannot be edited."))
        revision_check(question.revisions, base_revision)
        current_tags = set(current.tags.values_list("pk", flat=True))
        current_paper = paper_claim_of(
            PaperImplementation.objects.filter(question_id=question.pk).first()
        )
        section = current.d2l_section if section is KEEP else section
        paper = current_paper if paper is KEEP else paper
        section_changed = section != current.d2l_section
        if (current.title, current.body, current_tags, current.d2l_section, current_paper) == (
            title,
            body,
            {tag.pk for tag in concept_tags},
            section,
            paper,
        ):
            return question
        now = timezone.now()
        question.title = title
        question.body = body
        question.body_html = body_html
        question.updated_at = now
        question.edited_by = user
        question.last_activity_at = now
        question.d2l_section = section
        # Only the edited fields: a concurrent vote's F() update of the score must not be undone.
        question.save(
            update_fields=[
                "title",
                "body",
                "body_html",
                "updated_at",
                "edited_by",
                "last_activity_at",
                "d2l_section",
            ]
        )
        question_tags_set(question=question, tags=concept_tags)
        if paper != current_paper:  # (read under the question's lock above)
            paper_implementation_set(question=question, claim=paper)
        question_revision_add(
            question=question, author=user, tags=concept_tags, summary=summary, created_at=now
        )
        search_index_question(question)
        badges_check_for_edit(editor_id=user.pk)
        retire(Event.QUESTION_EDITED, question_id=question.pk)
        if section_changed:  # the sections' question counts (apps.reading)
            retire(Event.SECTION_CHANGED, question_id=question.pk)
    return question


def _viewer_key(request) -> str:
    if request.user.is_authenticated:
        who = f"u{request.user.pk}"
    else:
        raw = f"{request.META.get('REMOTE_ADDR', '')}|{request.META.get('HTTP_USER_AGENT', '')}"
        who = "a" + hashlib.blake2b(raw.encode(), digest_size=12).hexdigest()
    return who


def question_register_view(*, question_id: int, request) -> bool:
    """Count a view unless the same person viewed this question within the window.

    The window lives in the cache (shared across app servers when Redis is configured), so
    anonymous readers do not get a session row each. Each process also remembers until when
    the shared window runs, so a reader who comes back costs it no round trip. Returns whether
    the view was counted.
    """
    key = f"qview:{question_id}:{_viewer_key(request)}"
    local = caches["local"]
    now = time.time()
    if (local.get(key) or 0) > now:  # counted within the window, here or elsewhere
        return False
    until = now + settings.QUESTION_VIEW_WINDOW_SECONDS
    try:
        counted = cache.add(key, until, timeout=settings.QUESTION_VIEW_WINDOW_SECONDS)
        if not counted:
            until = cache.get(key) or 0  # counted elsewhere: remember until when
    except Exception:  # the shared cache cannot be reached: a view is not worth an error
        return False
    local.set(key, until, timeout=max(1, int(until - now)))
    if counted:
        Question.objects.filter(pk=question_id).update(view_count=F("view_count") + 1)
    return counted


def answer_counts_recount() -> int:
    """Set every question's answer count to the number of its answers. Returns rows fixed."""
    # The question's own live answers, whether or not the question itself is deleted.
    counted = (
        Answer.all_objects.filter(question=OuterRef("pk"), deleted_at__isnull=True)
        .values("question")
        .annotate(n=Count("id"))
        .values("n")
    )
    return counter_repair(
        Question.all_objects.all(), field="answer_count", expected=Coalesce(Subquery(counted), 0)
    )
