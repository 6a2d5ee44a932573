"""Each badge is awarded by the service whose action earns it: real rows, real services."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.accounts.services import profile_update
from apps.answers.services import answer_accept, answer_edit
from apps.badges.models import BadgeAward
from apps.badges.registry import BADGES, Tier
from apps.badges.services import (
    badge_award,
    badge_award_bounty_offered,
    badge_award_bounty_won,
    badges_check,
)
from apps.badges.visits import visit_record
from apps.following.services import question_follow_toggle
from apps.moderation.services import flag_create, flags_review
from apps.questions.services import question_edit
from apps.votes.services import vote_cast
from tests.conftest import log_in, reload

pytestmark = pytest.mark.django_db


def held(user) -> set[str]:
    return set(BadgeAward.objects.filter(user=user).values_list("badge", flat=True))


def upvote(post, times: int, make_user) -> None:
    for _ in range(times):
        vote_cast(user=make_user(), post=post, value=1)


def test_there_are_about_two_dozen_badges_in_three_tiers():
    assert len(BADGES) >= 24
    assert {badge.tier for badge in BADGES.values()} == set(Tier)
    assert len({str(badge.name) for badge in BADGES.values()}) == len(BADGES)


def test_asking_earns_first_question_and_an_upvote_earns_curious(make_user, make_question):
    question = make_question()
    assert held(question.author) == {"first-question"}
    voter = make_user()
    vote_cast(user=voter, post=question, value=1)
    assert held(question.author) == {"first-question", "curious"}
    assert held(voter) == {"cheerleader"}


def test_an_upvoted_answer_earns_first_help(make_user, make_answer):
    answer = make_answer()
    assert "first-help" not in held(answer.author)
    vote_cast(user=make_user(), post=answer, value=1)
    assert "first-help" in held(answer.author)


def test_a_downvote_earns_the_voter_nothing(make_user, make_answer, anyone_downvotes):
    voter = make_user()
    vote_cast(user=voter, post=make_answer(), value=-1)
    assert held(voter) == set()


def test_an_accepted_answer_earns_solved_together_and_the_asker_thankful(
    make_question, make_answer
):
    question = make_question()
    answer = make_answer(question=question)
    answer_accept(user=question.author, answer=answer)
    assert "solved-together" in held(answer.author)
    assert "thankful" in held(question.author)


def test_accepting_your_own_answer_earns_nothing(make_question, make_answer):
    question = make_question()
    answer = make_answer(question=question, author=question.author)
    answer_accept(user=question.author, answer=answer)
    assert held(question.author) == {"first-question"}


def test_a_badge_stays_when_its_cause_is_undone(make_user, make_question, make_answer):
    question = make_question()
    answer = make_answer(question=question)
    voter = make_user()
    vote_cast(user=voter, post=answer, value=1)
    answer_accept(user=question.author, answer=answer)
    vote_cast(user=voter, post=answer, value=0)  # retracted
    answer_accept(user=question.author, answer=answer)  # withdrawn
    assert {"first-help", "solved-together"} <= held(answer.author)
    assert "cheerleader" in held(voter)


def test_editing_an_answer_or_a_question_earns_polisher(make_user, make_question, make_answer):
    answer = make_answer()
    answer_edit(user=answer.author, answer=answer, body="더 나은 답변입니다")
    assert "polisher" in held(answer.author)
    question = make_question()
    question_edit(
        user=question.author,
        question=question,
        title=question.title + "?",
        body=question.body,
        tags=list(question.tags.values_list("slug", flat=True)),
    )
    assert "polisher" in held(question.author)


def test_an_edit_that_changes_nothing_earns_nothing(make_answer):
    answer = make_answer()
    answer_edit(user=answer.author, answer=answer, body=answer.body)
    assert "polisher" not in held(answer.author)


def test_a_first_comment_earns_first_remark(make_comment):
    comment = make_comment()
    assert "first-remark" in held(comment.author)


def test_answers_under_five_concepts_earn_explorer(make_user, make_tag, make_question, make_answer):
    helper = make_user()
    for n in range(5):
        question = make_question(tags=[make_tag(f"area-{n}").slug])
        make_answer(question=question, author=helper)
        assert ("explorer" in held(helper)) == (n == 4)


def test_answering_your_own_question_scored_three_earns_self_learner(
    make_user, make_question, make_answer
):
    question = make_question()
    answer = make_answer(question=question, author=question.author)
    upvote(answer, 2, make_user)
    assert "self-learner" not in held(question.author)
    upvote(answer, 1, make_user)
    assert "self-learner" in held(question.author)


def test_ten_good_answers_under_one_concept_earn_that_concepts_helper(
    make_user, make_tag, make_question, make_answer
):
    likelihood = make_tag("likelihood", name_ko="우도", name_en="Likelihood")
    helper = make_user()
    voters = [make_user(), make_user()]
    for n in range(10):
        answer = make_answer(question=make_question(tags=["likelihood"]), author=helper)
        for voter in voters:
            vote_cast(user=voter, post=answer, value=1)
        assert BadgeAward.objects.filter(user=helper, badge="concept-helper").exists() == (n == 9)
    award = BadgeAward.objects.get(user=helper, badge="concept-helper")
    assert award.concept == likelihood


def test_a_question_followed_by_25_people_earns_study_group(make_user, make_question):
    question = make_question()
    for n in range(25):
        question_follow_toggle(user=make_user(), question=question)
        assert ("study-group" in held(question.author)) == (n == 24)


def test_a_completed_profile_earns_introduction(make_user):
    user = make_user()
    fields = {"language": "", "email_digest": False}
    profile_update(user=user, display_name="", bio="안녕하세요", **fields)
    assert "introduction" not in held(user)
    profile_update(user=user, display_name="배우는 사람", bio="안녕하세요", **fields)
    assert "introduction" in held(user)


def test_bounty_badges_are_awarded_by_the_calls_the_bounties_app_makes(make_user):
    user = make_user()
    assert badge_award_bounty_offered(user=user) is not None
    assert badge_award_bounty_offered(user=user) is None  # once
    assert badge_award_bounty_won(user=user) is not None
    assert held(user) == {"sponsor", "bounty-hunter"}


def test_awarding_twice_keeps_one_award(make_user):
    user = make_user()
    assert badge_award(user=user, slug="cheerleader") is not None
    assert badge_award(user=user, slug="cheerleader") is None
    badges_check(wanted={user.pk: {"cheerleader"}})
    assert BadgeAward.objects.filter(user=user, badge="cheerleader").count() == 1


def test_a_per_concept_badge_is_once_per_concept(make_user, make_tag):
    user = make_user()
    one, two = make_tag(), make_tag()
    assert badge_award(user=user, slug="concept-helper", concept=one)
    assert badge_award(user=user, slug="concept-helper", concept=one) is None
    assert badge_award(user=user, slug="concept-helper", concept=two)
    with pytest.raises(ValueError):
        badge_award(user=user, slug="concept-helper")


def test_thirty_days_in_a_row_earn_steady_learner(make_user):
    today = timezone.localdate()
    user = make_user(visit_day=today - dt.timedelta(days=1), visit_streak=29)
    visit_record(user=user)
    reload(user)
    assert (user.visit_day, user.visit_streak) == (today, 30)
    assert "steady-learner" in held(user)


def test_a_missed_day_starts_the_streak_again(make_user):
    user = make_user(visit_day=timezone.localdate() - dt.timedelta(days=2), visit_streak=29)
    visit_record(user=user)
    reload(user)
    assert user.visit_streak == 1
    assert held(user) == set()


def test_a_visit_writes_once_a_day(client, make_user):
    user = make_user()
    type(user).objects.filter(pk=user.pk).update(
        visit_day=timezone.localdate() - dt.timedelta(days=1)
    )
    log_in(client, user)
    with CaptureQueriesContext(connection) as first:
        client.get("/badges/")
    with CaptureQueriesContext(connection) as second:
        client.get("/badges/")
    reload(user)
    assert user.visit_streak == 2
    writes = [q["sql"] for q in first.captured_queries if q["sql"].startswith("UPDATE")]
    assert len(writes) == 1
    assert len(second.captured_queries) == 2  # the member (in one query), the counts
    assert not [q for q in second.captured_queries if q["sql"].startswith("UPDATE")]


def test_an_approved_flag_earns_watchful_and_reviewing_earns_caretaker(make_user, make_answer):
    moderator = make_user()
    moderator.groups.add(Group.objects.get_or_create(name="moderator")[0])
    flagger, wrong = make_user(reputation=15), make_user(reputation=15)
    spam, fine = make_answer(), make_answer()
    flag_create(user=flagger, post=spam, reason="spam")
    flag_create(user=wrong, post=fine, reason="spam")
    flags_review(moderator=moderator, post=fine, decision="reject")
    assert held(moderator) == {"caretaker"}
    assert "watchful" not in held(wrong)
    flags_review(moderator=moderator, post=spam, decision="approve")
    assert "watchful" in held(flagger)
