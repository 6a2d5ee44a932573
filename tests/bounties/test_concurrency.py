"""Real concurrency on PostgreSQL: offers, awards and cron runners racing on one bounty."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from apps.bounties.models import Bounty, State
from apps.bounties.services import bounty_award, bounty_close_expired, bounty_offer
from apps.core.errors import ActionRefused
from apps.reputation.models import Reason, ReputationEvent
from apps.reputation.services import reputation_recount
from apps.votes.services import vote_cast
from tests.conftest import in_parallel, reload

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks are exercised on PostgreSQL"
    ),
]


def _refusing(fn, refused: list):
    def run():
        try:
            fn()
        except ActionRefused as error:
            refused.append(error)

    return run


def test_five_offers_at_once_open_one_bounty_and_charge_once(make_rich, make_old_question):
    question = make_old_question()
    members = [make_rich(300) for _ in range(5)]
    refused = []
    in_parallel(
        [
            _refusing(lambda m=m: bounty_offer(user=m, question=question, amount=100), refused)
            for m in members
        ]
    )
    assert Bounty.objects.filter(question=question, state=State.OPEN).count() == 1
    assert len(refused) == 4
    assert ReputationEvent.objects.filter(reason=Reason.BOUNTY_OFFERED).count() == 1
    assert reputation_recount() == 0


def test_one_balance_cannot_pay_two_bounties_at_once(make_rich, make_old_question):
    member = make_rich(150)
    questions = [make_old_question() for _ in range(4)]
    refused = []
    in_parallel(
        [
            _refusing(lambda q=q: bounty_offer(user=member, question=q, amount=100), refused)
            for q in questions
        ]
    )
    assert Bounty.objects.count() == 1
    reload(member)
    assert member.reputation == 50
    assert reputation_recount() == 0


def test_awards_and_cron_runners_at_once_settle_the_bounty_once(
    make_rich, make_old_question, make_answer, make_user
):
    offerer = make_rich(400)
    question = make_old_question(days=30)
    bounty = bounty_offer(user=offerer, question=question, amount=300)
    # Its week is over but the grace period is not: awards are still allowed, and cron
    # runners told it is a day later would settle it.
    Bounty.objects.filter(pk=bounty.pk).update(
        created_at=timezone.now() - timedelta(days=7, hours=12),
        ends_at=timezone.now() - timedelta(hours=12),
    )
    answers = [make_answer(question=question) for _ in range(3)]
    for answer in answers:
        for _ in range(2):
            vote_cast(user=make_user(), post=answer, value=1)
    later = timezone.now() + timedelta(days=1)
    refused = []
    work = [
        _refusing(lambda: bounty_award(user=question.author, answer=answers[0]), refused),
        _refusing(lambda: bounty_award(user=offerer, answer=answers[1]), refused),
        _refusing(lambda: bounty_award(user=question.author, answer=answers[2]), refused),
        *[(lambda: bounty_close_expired(now=later)) for _ in range(3)],
    ]
    in_parallel(work)
    bounty.refresh_from_db()
    assert bounty.state == State.AWARDED
    won = ReputationEvent.objects.filter(reason=Reason.BOUNTY_WON)
    assert won.count() == 1
    assert won.get().amount == bounty.awarded_amount in (300, 150)
    assert won.get().post_id == bounty.awarded_answer.post_id
    assert len(refused) == (3 if bounty.awarded_amount == 150 else 2)
    assert reputation_recount() == 0
    # and once more, afterwards: nothing changes
    assert bounty_close_expired(now=later) == []
    assert ReputationEvent.objects.filter(reason=Reason.BOUNTY_WON).count() == 1
