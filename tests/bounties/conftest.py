"""Factories for bounties: old questions, members whose reputation is in the ledger."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.accounts.models import User
from apps.questions.models import Question
from apps.reputation.models import Reason, ReputationEvent


@pytest.fixture
def make_old_question(make_question):
    """A question asked `days` ago (3 by default): old enough for a bounty."""

    def make(days: int = 3, **kwargs):
        question = make_question(**kwargs)
        question.created_at = timezone.now() - timedelta(days=days)
        Question.objects.filter(pk=question.pk).update(created_at=question.created_at)
        return question

    return make


@pytest.fixture
def make_rich(make_user, make_answer):
    """A member with `reputation`, earned through the ledger (so a recount keeps it)."""

    def make(reputation: int = 300, **extra):
        user = make_user(**extra)
        earned = make_answer(author=user)
        # As if earned by upvotes (one event, so the ledger and the total agree).
        ReputationEvent.objects.create(
            user=user,
            reason=Reason.ANSWER_UPVOTED,
            amount=reputation - user.reputation,
            post_id=earned.post_id,
        )
        User.objects.filter(pk=user.pk).update(reputation=reputation)
        user.refresh_from_db()
        assert user.reputation == reputation
        return user

    return make
