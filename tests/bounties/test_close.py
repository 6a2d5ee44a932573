"""`manage.py close_bounties`: settling bounties nobody awarded, safely run again."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from apps.bounties.models import Bounty, State
from apps.bounties.services import bounty_award, bounty_close_expired, bounty_offer
from apps.notifications.models import Kind, Notification
from apps.reputation.models import Reason, ReputationEvent
from apps.reputation.services import reputation_recount
from apps.votes.services import vote_cast
from tests.conftest import reload

pytestmark = pytest.mark.django_db


def _upvote(answer, make_user, times: int) -> None:
    for _ in range(times):
        vote_cast(user=make_user(), post=answer, value=1)


def _past_grace(bounty) -> None:
    """Move the bounty back so its week and grace period are over."""
    start = timezone.now() - timedelta(days=8, hours=1)
    Bounty.objects.filter(pk=bounty.pk).update(created_at=start, ends_at=start + timedelta(days=7))


@pytest.fixture
def expired(make_rich, make_old_question, make_answer):
    offerer = make_rich(300)
    question = make_old_question(days=20)
    before = make_answer(question=question)  # posted before the bounty: not eligible
    type(before).objects.filter(pk=before.pk).update(created_at=timezone.now() - timedelta(10))
    bounty = bounty_offer(user=offerer, question=question, amount=101)
    return bounty, question, before


def _answer_after(question, bounty, make_answer, **kwargs):
    answer = make_answer(question=question, **kwargs)
    answer.created_at = Bounty.objects.get(pk=bounty.pk).created_at + timedelta(hours=1)
    type(answer).objects.filter(pk=answer.pk).update(created_at=answer.created_at)
    return answer


def test_half_goes_to_the_highest_new_answer_with_score_two(expired, make_answer, make_user):
    bounty, question, before = expired
    _past_grace(bounty)
    low = _answer_after(question, bounty, make_answer)
    high = _answer_after(question, bounty, make_answer)
    _upvote(before, make_user, 5)  # higher, but older than the bounty
    _upvote(low, make_user, 2)
    _upvote(high, make_user, 3)
    out = StringIO()
    call_command("close_bounties", stdout=out)
    assert "closed 1 bounties (1 awarded" in out.getvalue()
    bounty.refresh_from_db()
    assert (bounty.state, bounty.awarded_answer_id, bounty.awarded_amount) == (
        State.AWARDED,
        high.pk,
        50,  # half of 101, rounded down
    )
    won = ReputationEvent.objects.get(reason=Reason.BOUNTY_WON)
    assert (won.user_id, won.amount) == (high.author_id, 50)
    assert Notification.objects.filter(kind=Kind.BOUNTY_WON, recipient=high.author).count() == 1
    assert reputation_recount() == 0


def test_equal_scores_go_to_the_earliest(expired, make_answer, make_user):
    bounty, question, _before = expired
    _past_grace(bounty)
    first = _answer_after(question, bounty, make_answer)
    second = _answer_after(question, bounty, make_answer)
    type(second).objects.filter(pk=second.pk).update(created_at=first.created_at + timedelta(1))
    _upvote(second, make_user, 2)
    _upvote(first, make_user, 2)
    bounty_close_expired()
    bounty.refresh_from_db()
    assert bounty.awarded_answer_id == first.pk


def test_the_offerers_own_answer_gets_nothing(expired, make_answer, make_user):
    bounty, question, _before = expired
    _past_grace(bounty)
    own = _answer_after(question, bounty, make_answer, author=bounty.offerer)
    _upvote(own, make_user, 4)
    bounty_close_expired()
    bounty.refresh_from_db()
    assert bounty.state == State.EXPIRED


def test_it_is_lost_when_no_answer_qualifies(expired, make_answer, make_user):
    bounty, question, before = expired
    _past_grace(bounty)
    one_vote = _answer_after(question, bounty, make_answer)
    _upvote(one_vote, make_user, 1)
    _upvote(before, make_user, 3)
    offerer_before = bounty.offerer.reputation
    bounty_close_expired()
    bounty.refresh_from_db()
    assert (bounty.state, bounty.awarded_answer_id, bounty.awarded_amount) == (
        State.EXPIRED,
        None,
        0,
    )
    assert not ReputationEvent.objects.filter(reason=Reason.BOUNTY_WON).exists()
    reload(bounty.offerer)
    assert bounty.offerer.reputation == offerer_before  # not given back
    assert reputation_recount() == 0


def test_a_bounty_in_its_grace_period_stays_open(expired):
    bounty, _question, _before = expired
    Bounty.objects.filter(pk=bounty.pk).update(ends_at=timezone.now() - timedelta(hours=23))
    assert bounty_close_expired() == []
    assert Bounty.objects.get(pk=bounty.pk).state == State.OPEN


def test_running_twice_gives_the_same_result(expired, make_answer, make_user):
    bounty, question, _before = expired
    _past_grace(bounty)
    winner = _answer_after(question, bounty, make_answer)
    _upvote(winner, make_user, 2)
    assert len(bounty_close_expired()) == 1
    first = (
        list(Bounty.objects.values_list("state", "awarded_answer_id", "awarded_amount")),
        list(ReputationEvent.objects.values_list("id", "amount")),
    )
    out = StringIO()
    call_command("close_bounties", stdout=out)
    assert "closed 0 bounties" in out.getvalue()
    assert first == (
        list(Bounty.objects.values_list("state", "awarded_answer_id", "awarded_amount")),
        list(ReputationEvent.objects.values_list("id", "amount")),
    )


def test_an_awarded_bounty_is_left_alone(expired, make_answer):
    bounty, question, _before = expired
    answer = make_answer(question=question)
    bounty_award(user=question.author, answer=answer)
    _past_grace(bounty)
    assert bounty_close_expired() == []
    assert ReputationEvent.objects.filter(reason=Reason.BOUNTY_WON).count() == 1


def test_recount_stays_exact_after_offer_award_and_expiry(
    make_rich, make_old_question, make_answer, make_user
):
    """The ledger holds the bounty events, so the repair command changes nothing."""
    offerer = make_rich(600)
    awarded_q, expired_q, lost_q = (make_old_question() for _ in range(3))
    answer = make_answer(question=awarded_q)
    bounty_offer(user=offerer, question=awarded_q, amount=200)
    bounty_award(user=awarded_q.author, answer=answer)
    expiring = bounty_offer(user=offerer, question=expired_q, amount=100)
    lost = bounty_offer(user=offerer, question=lost_q, amount=50)
    _past_grace(expiring)
    _past_grace(lost)
    late = _answer_after(expired_q, expiring, make_answer)
    _upvote(late, make_user, 2)
    bounty_close_expired()
    out = StringIO()
    call_command("recount", stdout=out)
    assert "0 reputations" in out.getvalue()
    reload(offerer, answer.author, late.author)
    assert offerer.reputation == 600 - 200 - 100 - 50
    assert answer.author.reputation == 1 + 200
    assert late.author.reputation == 1 + 2 * 10 + 50


def test_a_bounty_on_a_deleted_question_is_given_back(expired, make_answer, make_user):
    """Nobody could award it once the question was deleted, so the offerer loses nothing."""
    from apps.moderation.services import post_delete

    bounty, question, _before = expired
    _past_grace(bounty)
    winner = _answer_after(question, bounty, make_answer)
    _upvote(winner, make_user, 3)
    reload(bounty.offerer)
    spent = bounty.offerer.reputation
    post_delete(user=make_user(is_staff=True), post=question)
    bounty_close_expired()
    bounty.refresh_from_db()
    assert (bounty.state, bounty.awarded_answer_id, bounty.awarded_amount) == (
        State.EXPIRED,
        None,
        0,
    )
    reload(bounty.offerer)
    assert bounty.offerer.reputation == spent + 101
    assert not ReputationEvent.objects.filter(reason=Reason.BOUNTY_WON).exists()
    assert ReputationEvent.objects.get(reason=Reason.BOUNTY_REFUNDED).amount == 101
    assert reputation_recount() == 0
    assert bounty_close_expired() == []  # and only once
    assert ReputationEvent.objects.filter(reason=Reason.BOUNTY_REFUNDED).count() == 1
