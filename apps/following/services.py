"""Following concepts and questions: the one write path for follows."""

from django.db import transaction

from apps.badges.services import badges_check_for_follow
from apps.core.rows import row_set, row_toggle
from apps.following.models import ConceptFollow, QuestionFollow


def question_follow(*, user, question) -> None:
    """Follow a question (asking or answering it does this); following twice changes nothing.

    Runs inside the caller's transaction (asking, answering): the asker's badge for a
    much-followed question is checked there."""
    row_set(QuestionFollow, True, user=user, question=question)
    if user.pk != question.author_id:
        badges_check_for_follow(question_author_id=question.author_id)


def question_follow_set(*, user, question, following: bool) -> None:
    """Follow (or stop following) a question, whatever the state was: safe to repeat."""
    with transaction.atomic():
        row_set(QuestionFollow, following, user=user, question=question)
        if following and user.pk != question.author_id:
            badges_check_for_follow(question_author_id=question.author_id)


def concept_follow_set(*, user, tag, following: bool) -> None:
    """Follow (or stop following) a concept, whatever the state was: safe to repeat."""
    row_set(ConceptFollow, following, user=user, tag=tag)


def question_follow_toggle(*, user, question) -> bool:
    """Follow or unfollow a question. Returns whether `user` follows it afterwards."""
    with transaction.atomic():
        following = row_toggle(QuestionFollow, user=user, question=question)
        if following and user.pk != question.author_id:
            badges_check_for_follow(question_author_id=question.author_id)
    return following


def concept_follow_toggle(*, user, tag) -> bool:
    """Follow or unfollow a concept. Returns whether `user` follows it afterwards."""
    return row_toggle(ConceptFollow, user=user, tag=tag)
