"""Following concepts and questions: the one write path for follows."""

from django.db import transaction

from apps.badges.services import badges_check_for_follow
from apps.following.models import ConceptFollow, QuestionFollow


def question_follow(*, user, question) -> None:
    """Follow a question (asking or answering it does this); following twice changes nothing.

    Runs inside the caller's transaction (asking, answering): the asker's badge for a
    much-followed question is checked there."""
    QuestionFollow.objects.bulk_create(
        [QuestionFollow(user=user, question=question)], ignore_conflicts=True
    )
    if user.pk != question.author_id:
        badges_check_for_follow(question_author_id=question.author_id)


def _toggle(model, **key) -> bool:
    with transaction.atomic():
        deleted, _by_model = model.objects.filter(**key).delete()
        if deleted:
            return False
        # A concurrent double click may have inserted it meanwhile: the constraint decides.
        model.objects.bulk_create([model(**key)], ignore_conflicts=True)
    return True


def _set(model, following: bool, **key) -> None:
    if following:  # a concurrent request may have inserted it meanwhile: the constraint decides
        model.objects.bulk_create([model(**key)], ignore_conflicts=True)
    else:
        model.objects.filter(**key).delete()


def question_follow_set(*, user, question, following: bool) -> None:
    """Follow (or stop following) a question, whatever the state was: safe to repeat."""
    with transaction.atomic():
        _set(QuestionFollow, following, user=user, question=question)
        if following and user.pk != question.author_id:
            badges_check_for_follow(question_author_id=question.author_id)


def concept_follow_set(*, user, tag, following: bool) -> None:
    """Follow (or stop following) a concept, whatever the state was: safe to repeat."""
    _set(ConceptFollow, following, user=user, tag=tag)


def question_follow_toggle(*, user, question) -> bool:
    """Follow or unfollow a question. Returns whether `user` follows it afterwards."""
    with transaction.atomic():
        following = _toggle(QuestionFollow, user=user, question=question)
        if following and user.pk != question.author_id:
            badges_check_for_follow(question_author_id=question.author_id)
    return following


def concept_follow_toggle(*, user, tag) -> bool:
    """Follow or unfollow a concept. Returns whether `user` follows it afterwards."""
    return _toggle(ConceptFollow, user=user, tag=tag)
