"""Asking, editing and viewing questions: the one write path for questions and their counters."""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.counters import counter_repair
from apps.core.errors import ActionRefused
from apps.markup.rendering import render_markdown
from apps.questions.models import Question
from apps.search.services import search_index_question
from apps.tags.services import question_tags_set, tags_for_question


def question_create(*, author, title: str, body: str, tags: list[str]) -> Question:
    """Ask a question under 1 to 5 concept tags (names, slugs or aliases).

    The body's HTML is rendered once, here. New tag names are created when the author has the
    privilege; otherwise the question is refused before anything is saved.
    """
    now = timezone.now()
    body_html = render_markdown(body)
    with transaction.atomic():
        concept_tags = tags_for_question(user=author, names=tags)
        question = Question.objects.create(
            author=author,
            title=title.strip(),
            body=body,
            body_html=body_html,
            created_at=now,
            last_activity_at=now,
        )
        question_tags_set(question=question, tags=concept_tags)
        search_index_question(question)
    return question


def question_can_edit(*, user, question: Question) -> bool:
    return user.is_authenticated and (user.pk == question.author_id or user.is_staff)


def question_edit(*, user, question: Question, title: str, body: str, tags: list[str]) -> Question:
    """Edit a question's title, body and concept tags (its author, or staff)."""
    if not question_can_edit(user=user, question=question):
        raise ActionRefused(_("Only the author can edit this question."))
    now = timezone.now()
    question.title = title.strip()
    question.body = body
    question.body_html = render_markdown(body)
    question.updated_at = now
    question.last_activity_at = now
    with transaction.atomic():
        concept_tags = tags_for_question(user=user, names=tags)
        # Only the edited fields: a concurrent vote's F() update of the score must not be undone.
        question.save(
            update_fields=["title", "body", "body_html", "updated_at", "last_activity_at"]
        )
        question_tags_set(question=question, tags=concept_tags)
        search_index_question(question)
    return question


def _viewer_key(request) -> str:
    if request.user.is_authenticated:
        who = f"u{request.user.pk}"
    else:
        raw = f"{request.META.get('REMOTE_ADDR', '')}|{request.META.get('HTTP_USER_AGENT', '')}"
        who = "a" + hashlib.blake2b(raw.encode(), digest_size=12).hexdigest()
    return who


def question_register_view(*, question: Question, request) -> bool:
    """Count a view unless the same person viewed this question within the window.

    The window lives in the cache (shared across app servers when Redis is configured), so
    anonymous readers do not get a session row each. Returns whether the view was counted.
    """
    key = f"qview:{question.pk}:{_viewer_key(request)}"
    if not cache.add(key, 1, timeout=settings.QUESTION_VIEW_WINDOW_SECONDS):
        return False
    Question.objects.filter(pk=question.pk).update(view_count=F("view_count") + 1)
    question.view_count += 1
    return True


def answer_counts_recount() -> int:
    """Set every question's answer count to the number of its answers. Returns rows fixed."""
    from apps.answers.models import Answer

    counted = (
        Answer.objects.filter(question=OuterRef("pk"))
        .values("question")
        .annotate(n=Count("id"))
        .values("n")
    )
    return counter_repair(
        Question.objects.all(), field="answer_count", expected=Coalesce(Subquery(counted), 0)
    )
