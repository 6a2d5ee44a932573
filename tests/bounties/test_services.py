"""Offering and awarding: what each does to the ledger, and every refusal changing nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from apps.accounts.models import User
from apps.answers.services import answer_accept
from apps.bounties.models import Bounty, State, bounties_of_thread
from apps.bounties.services import bounty_amount_parse, bounty_award, bounty_offer
from apps.core.errors import ActionRefused, InvalidAction
from apps.moderation.services import post_delete
from apps.notifications.models import Kind, Notification
from apps.questions.models import Question
from apps.reputation.models import Reason, ReputationEvent
from apps.reputation.services import reputation_recount
from tests.conftest import reload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    """The messages are checked in English (the Korean ones are the catalog's)."""
    with translation.override("en"):
        yield


def _state():
    """Everything a refused action must leave as it was."""
    return (
        list(Bounty.objects.values_list("id", "state", "awarded_answer_id", "awarded_amount")),
        list(ReputationEvent.objects.order_by("id").values_list("id", "user_id", "amount")),
        sorted(User.objects.values_list("id", "reputation")),
        Notification.objects.filter(kind=Kind.BOUNTY_WON).count(),
    )


def _refused(fn, message: str, error=ActionRefused):
    before = _state()
    with pytest.raises(error) as raised:
        fn()
    assert message in raised.value.message
    assert _state() == before
    return raised.value


def test_offering_takes_the_reputation_at_once_through_the_ledger(make_rich, make_old_question):
    offerer = make_rich(300)
    question = make_old_question()
    bounty = bounty_offer(user=offerer, question=question, amount=100)
    reload(offerer)
    assert offerer.reputation == 200
    assert bounty.state == State.OPEN
    assert bounty.ends_at - bounty.created_at == timedelta(days=7)
    event = ReputationEvent.objects.get(reason=Reason.BOUNTY_OFFERED)
    assert (event.user_id, event.amount, event.post_id) == (offerer.pk, -100, question.post_id)
    assert reputation_recount() == 0


def test_awarding_pays_the_whole_amount_and_notifies_the_winner(
    make_rich, make_old_question, make_answer
):
    offerer = make_rich(300)
    question = make_old_question()
    answer = make_answer(question=question)
    bounty_offer(user=offerer, question=question, amount=150)
    bounty = bounty_award(user=question.author, answer=answer)
    assert (bounty.state, bounty.awarded_amount) == (State.AWARDED, 150)
    reload(answer.author, offerer)
    assert answer.author.reputation == 1 + 150
    assert offerer.reputation == 150
    won = ReputationEvent.objects.get(reason=Reason.BOUNTY_WON, user=answer.author)
    assert won.post_id == answer.post_id
    note = Notification.objects.get(kind=Kind.BOUNTY_WON)
    assert (note.recipient_id, note.post_id) == (answer.author_id, answer.post_id)
    assert bounties_of_thread(question.pk).won == {answer.pk: 150}
    assert reputation_recount() == 0


def test_the_offerer_may_award_too(make_rich, make_old_question, make_answer):
    offerer = make_rich(300)
    question = make_old_question()
    answer = make_answer(question=question)
    bounty_offer(user=offerer, question=question, amount=50)
    assert bounty_award(user=offerer, answer=answer).state == State.AWARDED


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "whole number"),
        ("abc", "whole number"),
        ("12.5", "whole number"),
        ("49", "between 50 and 500"),
        ("501", "between 50 and 500"),
        ("-100", "between 50 and 500"),
    ],
)
def test_an_amount_out_of_range_or_not_a_number_is_refused(raw, message):
    with pytest.raises(InvalidAction) as raised:
        bounty_amount_parse(raw)
    assert message in raised.value.message


def test_any_whole_amount_in_range_is_taken(make_rich, make_old_question):
    offerer = make_rich(300)
    assert bounty_amount_parse(" 77 ") == 77
    assert bounty_offer(user=offerer, question=make_old_question(), amount=77).amount == 77


def test_the_service_refuses_an_amount_out_of_range_too(make_rich, make_old_question):
    offerer = make_rich(900)
    question = make_old_question()
    _refused(
        lambda: bounty_offer(user=offerer, question=question, amount=600),
        "between 50 and 500",
        InvalidAction,
    )


def test_too_little_reputation_for_the_privilege_is_refused(make_rich, make_old_question):
    poor = make_rich(74)
    question = make_old_question()
    _refused(lambda: bounty_offer(user=poor, question=question, amount=50), "75")


def test_reputation_cannot_go_below_nothing(make_rich, make_old_question):
    member = make_rich(120)
    question = make_old_question()
    _refused(lambda: bounty_offer(user=member, question=question, amount=200), "120")


def test_a_stale_user_object_cannot_spend_twice(make_rich, make_old_question):
    """The balance is read under the row lock, not from the object the view holds."""
    member = make_rich(150)
    bounty_offer(user=member, question=make_old_question(), amount=100)
    member.reputation = 150  # what a stale object would still say
    another = make_old_question()
    _refused(lambda: bounty_offer(user=member, question=another, amount=100), "50")


def test_a_young_question_is_refused(make_rich, make_old_question):
    member = make_rich()
    question = make_old_question(days=1)
    _refused(lambda: bounty_offer(user=member, question=question, amount=50), "two days old")


def test_a_question_with_an_accepted_answer_is_refused(make_rich, make_old_question, make_answer):
    member = make_rich()
    question = make_old_question()
    answer_accept(user=question.author, answer=make_answer(question=question))
    _refused(lambda: bounty_offer(user=member, question=question, amount=50), "accepted answer")


def test_a_closed_question_is_refused(make_rich, make_old_question):
    member = make_rich()
    question = make_old_question()
    Question.objects.filter(pk=question.pk).update(closed_at=timezone.now())
    _refused(lambda: bounty_offer(user=member, question=question, amount=50), "closed")


def test_a_deleted_question_is_refused(make_rich, make_old_question, make_user):
    member = make_rich()
    question = make_old_question()
    post_delete(user=make_user(is_staff=True), post=question)
    _refused(lambda: bounty_offer(user=member, question=question, amount=50), "deleted")


def test_a_second_bounty_while_one_is_open_is_refused(make_rich, make_old_question):
    first, second = make_rich(), make_rich()
    question = make_old_question()
    bounty_offer(user=first, question=question, amount=50)
    _refused(lambda: bounty_offer(user=second, question=question, amount=50), "already has")
    # the double submit: the same person, the same form
    _refused(lambda: bounty_offer(user=first, question=question, amount=50), "already has")


@pytest.fixture
def open_bounty(make_rich, make_old_question, make_answer):
    offerer = make_rich(300)
    question = make_old_question()
    answer = make_answer(question=question)
    bounty = bounty_offer(user=offerer, question=question, amount=100)
    return bounty, question, answer


def test_someone_else_awarding_is_refused(open_bounty, make_rich):
    _bounty, _question, answer = open_bounty
    stranger = make_rich()
    _refused(lambda: bounty_award(user=stranger, answer=answer), "Only the person")


def test_awarding_ones_own_answer_is_refused(open_bounty, make_answer):
    bounty, question, _answer = open_bounty
    own = make_answer(question=question, author=bounty.offerer)
    _refused(lambda: bounty_award(user=bounty.offerer, answer=own), "your own answer")


def test_awarding_after_the_grace_period_is_refused(open_bounty):
    bounty, question, answer = open_bounty
    Bounty.objects.filter(pk=bounty.pk).update(
        ends_at=timezone.now() - timedelta(hours=25), created_at=timezone.now() - timedelta(days=8)
    )
    _refused(lambda: bounty_award(user=question.author, answer=answer), "time to award")


def test_awarding_within_the_grace_period_works(open_bounty):
    bounty, question, answer = open_bounty
    Bounty.objects.filter(pk=bounty.pk).update(ends_at=timezone.now() - timedelta(hours=23))
    assert bounty_award(user=question.author, answer=answer).awarded_amount == 100


def test_awarding_twice_is_refused_and_pays_once(open_bounty, make_answer):
    _bounty, question, answer = open_bounty
    bounty_award(user=question.author, answer=answer)
    other = make_answer(question=question)
    _refused(lambda: bounty_award(user=question.author, answer=answer), "already been awarded")
    _refused(lambda: bounty_award(user=question.author, answer=other), "already been awarded")
    assert ReputationEvent.objects.filter(reason=Reason.BOUNTY_WON, post=answer.post).count() == 1


def test_awarding_without_a_bounty_is_refused(make_old_question, make_answer):
    question = make_old_question()
    answer = make_answer(question=question)
    _refused(lambda: bounty_award(user=question.author, answer=answer), "no bounty")


def test_awarding_a_deleted_answer_is_refused(open_bounty, make_user):
    _bounty, question, answer = open_bounty
    post_delete(user=make_user(is_staff=True), post=answer)
    _refused(
        lambda: bounty_award(user=question.author, answer=answer), "no longer exists", InvalidAction
    )


def test_a_new_bounty_may_follow_one_awarded(open_bounty, make_rich):
    _bounty, question, answer = open_bounty
    bounty_award(user=question.author, answer=answer)
    again = bounty_offer(user=make_rich(), question=question, amount=50)
    assert again.state == State.OPEN
    assert Bounty.objects.filter(question=question).count() == 2
