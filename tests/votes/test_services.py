import pytest

from apps.core.errors import ActionRefused, InvalidAction
from apps.reputation.models import Reason, ReputationEvent
from apps.votes.models import Vote
from apps.votes.services import vote_cast
from tests.conftest import reload

pytestmark = pytest.mark.django_db


def test_upvoting_a_question_raises_score_and_gives_ten_points(make_user, make_question):
    voter = make_user()
    question = make_question()
    vote = vote_cast(user=voter, post=question, value=1)
    reload(question, question.author, voter)
    assert vote.value == 1
    assert question.score == 1
    assert question.author.reputation == 1 + 10
    assert voter.reputation == 1
    assert ReputationEvent.objects.get(vote=vote).reason == Reason.QUESTION_UPVOTED


@pytest.mark.usefixtures("anyone_downvotes")
def test_downvoting_an_answer_costs_author_two_and_voter_one(make_user, make_answer):
    voter = make_user()
    answer = make_answer()
    vote_cast(user=voter, post=answer, value=-1)
    reload(answer, answer.author, voter)
    assert answer.score == -1
    assert answer.author.reputation == 1 - 2
    assert voter.reputation == 1 - 1


@pytest.mark.usefixtures("anyone_downvotes")
def test_downvoting_a_question_costs_the_voter_nothing(make_user, make_question):
    voter = make_user()
    question = make_question()
    vote_cast(user=voter, post=question, value=-1)
    reload(question.author, voter)
    assert question.author.reputation == 1 - 2
    assert voter.reputation == 1


def test_voting_the_same_way_again_retracts_and_removes_its_events(make_user, make_answer):
    voter = make_user()
    answer = make_answer()
    vote_cast(user=voter, post=answer, value=1)
    assert vote_cast(user=voter, post=answer, value=1) is None
    reload(answer, answer.author)
    assert answer.score == 0
    assert answer.author.reputation == 1
    assert not Vote.objects.exists()
    assert not ReputationEvent.objects.exists()


@pytest.mark.usefixtures("anyone_downvotes")
def test_voting_the_other_way_switches(make_user, make_answer):
    voter = make_user()
    answer = make_answer()
    vote_cast(user=voter, post=answer, value=1)
    vote = vote_cast(user=voter, post=answer, value=-1)
    reload(answer, answer.author, voter)
    assert vote.value == -1
    assert Vote.objects.count() == 1
    assert answer.score == -1
    assert answer.author.reputation == 1 - 2
    assert voter.reputation == 1 - 1
    assert sorted(ReputationEvent.objects.values_list("reason", flat=True)) == sorted(
        [Reason.POST_DOWNVOTED, Reason.DOWNVOTED_ANSWER]
    )


@pytest.mark.usefixtures("anyone_downvotes")
def test_zero_retracts_and_zero_without_a_vote_changes_nothing(make_user, make_question):
    voter = make_user()
    question = make_question()
    assert vote_cast(user=voter, post=question, value=0) is None
    vote_cast(user=voter, post=question, value=-1)
    assert vote_cast(user=voter, post=question, value=0) is None
    reload(question, question.author)
    assert question.score == 0
    assert question.author.reputation == 1
    assert not Vote.objects.exists()


def test_voting_on_your_own_post_is_refused(make_user, make_question):
    author = make_user()
    question = make_question(author=author)
    with pytest.raises(ActionRefused):
        vote_cast(user=author, post=question, value=1)
    reload(question, author)
    assert question.score == 0
    assert author.reputation == 1
    assert not Vote.objects.exists()


@pytest.mark.parametrize("value", [2, -2, 10])
def test_a_vote_value_other_than_up_down_or_zero_is_invalid(make_user, make_question, value):
    question = make_question()
    with pytest.raises(InvalidAction):
        vote_cast(user=make_user(), post=question, value=value)
    assert not Vote.objects.exists()


@pytest.mark.usefixtures("anyone_downvotes")
def test_many_voters_add_up(make_user, make_answer):
    answer = make_answer()
    for _ in range(4):
        vote_cast(user=make_user(), post=answer, value=1)
    vote_cast(user=make_user(), post=answer, value=-1)
    reload(answer, answer.author)
    assert answer.score == 3
    assert answer.author.reputation == 1 + 40 - 2


def test_the_database_refuses_a_second_vote_row_for_the_same_post(make_user, make_question):
    from django.db import IntegrityError, transaction

    voter = make_user()
    question = make_question()
    vote_cast(user=voter, post=question, value=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(user=voter, post=question.post, value=1)
