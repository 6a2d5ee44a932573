"""Who may vote: up needs UPVOTE (1 reputation), down needs DOWNVOTE (50); retracting needs
nothing. Refusals say what is needed and where the person stands, and change nothing."""

import pytest

from apps.core.errors import ActionRefused
from apps.trust.privileges import DOWNVOTE, UPVOTE, refusal
from apps.votes.models import Vote
from apps.votes.services import vote_cast
from tests.conftest import log_in, reload

pytestmark = pytest.mark.django_db


def test_downvoting_at_49_is_refused_with_the_standing(make_user, make_answer):
    answer = make_answer()
    voter = make_user(reputation=49)
    with pytest.raises(ActionRefused) as refused:
        vote_cast(user=voter, post=answer, value=-1)
    assert refused.value.message == refusal(voter, DOWNVOTE)
    assert "50" in refused.value.message and "49" in refused.value.message
    reload(answer, voter)
    assert (answer.score, voter.reputation) == (0, 49)
    assert not Vote.objects.exists()


def test_downvoting_at_50_is_allowed(make_user, make_answer):
    answer = make_answer()
    voter = make_user(reputation=50)
    vote = vote_cast(user=voter, post=answer, value=-1)
    assert vote.value == -1
    reload(answer)
    assert answer.score == -1


def test_upvoting_needs_one_reputation(make_user, make_question):
    question = make_question()
    assert vote_cast(user=make_user(reputation=1), post=question, value=1).value == 1
    broke = make_user(reputation=0)
    with pytest.raises(ActionRefused) as refused:
        vote_cast(user=broke, post=question, value=1)
    assert refused.value.message == refusal(broke, UPVOTE)
    reload(question)
    assert question.score == 1


def test_switching_to_down_needs_the_privilege_but_retracting_never_does(make_user, make_question):
    from apps.accounts.models import User

    question = make_question()
    voter = make_user(reputation=50)
    vote_cast(user=voter, post=question, value=-1)
    User.objects.filter(pk=voter.pk).update(reputation=10)  # lost reputation since
    reload(voter)
    assert vote_cast(user=voter, post=question, value=-1) is None  # the same way: retract
    vote_cast(user=voter, post=question, value=1)
    with pytest.raises(ActionRefused):  # switching up to down
        vote_cast(user=voter, post=question, value=-1)
    assert Vote.objects.get().value == 1
    assert vote_cast(user=voter, post=question, value=0) is None
    assert not Vote.objects.exists()


def test_a_moderator_downvotes_whatever_their_reputation(make_user, make_answer):
    from django.contrib.auth.models import Group

    moderator = make_user()
    moderator.groups.add(Group.objects.get_or_create(name="moderator")[0])
    assert vote_cast(user=moderator, post=make_answer(), value=-1).value == -1


def test_the_view_refuses_with_the_message_as_text_for_htmx(client, make_user, make_answer):
    answer = make_answer()
    voter = make_user(reputation=49)
    log_in(client, voter)
    response = client.post(f"/answers/{answer.pk}/vote/", {"value": "-1"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 403
    assert response.content.decode() == refusal(voter, DOWNVOTE)
    page = client.post(f"/answers/{answer.pk}/vote/", {"value": "-1"})
    assert page.status_code == 403
    assert page.context["message"] == refusal(voter, DOWNVOTE)
    assert not Vote.objects.exists()


def test_the_down_button_shows_disabled_with_the_reason(client, make_user, make_answer):
    answer = make_answer()
    voter = make_user(reputation=49)
    log_in(client, voter)
    html = client.get(answer.question.get_absolute_url()).content.decode()
    reason = refusal(voter, DOWNVOTE).replace("'", "&#x27;")
    assert (
        f'class="vote-button vote-down has-reason" type="button" aria-disabled="true" '
        f'data-reason="{reason}"'
    ) in html
    assert f'<span class="visually-hidden">{reason}</span>' in html
    assert 'name="value" value="-1"' not in html
    assert 'name="value" value="1"' in html  # voting up is open
    log_in(client, make_user(reputation=50))
    html = client.get(answer.question.get_absolute_url()).content.decode()
    assert 'name="value" value="-1"' in html
    assert "disabled title" not in html
