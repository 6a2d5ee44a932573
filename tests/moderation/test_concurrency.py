"""Real concurrency on PostgreSQL: flags and deletion racing on one post."""

import pytest
from django.db import connection

from apps.answers.models import Answer
from apps.core.errors import InvalidAction
from apps.moderation.models import ModerationLog
from apps.moderation.services import flag_create, post_delete
from apps.questions.services import answer_counts_recount
from apps.reputation.models import Reason, ReputationEvent
from tests.conftest import in_parallel

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks are exercised on PostgreSQL"
    ),
]


def test_six_flags_at_once_hide_the_post_once(make_user, make_answer):
    answer = make_answer()
    flaggers = [make_user(reputation=15) for _ in range(6)]
    refused = []

    def flag(flagger):
        try:
            flag_create(user=flagger, post=answer, reason="spam")
        except InvalidAction as error:  # after the third, the post is already hidden
            refused.append(error)

    in_parallel([(lambda f=flagger: flag(f)) for flagger in flaggers])
    assert len(refused) == 3
    assert not Answer.objects.filter(pk=answer.pk).exists()
    penalties = ReputationEvent.objects.filter(reason=Reason.POST_HIDDEN, post=answer.post)
    assert penalties.count() == 1
    assert ModerationLog.objects.filter(action="hide").count() == 1
    answer.author.refresh_from_db()
    assert answer.author.reputation == 1 - 100
    assert answer_counts_recount() == 0


def test_two_moderators_deleting_at_once_delete_once(make_user, make_answer):
    answer = make_answer()
    moderators = [make_user(is_staff=True) for _ in range(2)]
    refused = []

    def delete(moderator):
        try:
            post_delete(user=moderator, post=answer)
        except Exception as error:  # the second one is told it is already deleted
            refused.append(error)

    in_parallel([(lambda m=moderator: delete(m)) for moderator in moderators])
    assert len(refused) == 1
    assert answer_counts_recount() == 0
    assert ModerationLog.objects.filter(action="delete").count() == 1
