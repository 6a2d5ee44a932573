"""The achievements list, the header's count, the badge pages and profiles."""

import datetime as dt

import pytest
from django.utils import timezone

from apps.answers.services import answer_accept
from apps.badges.models import BadgeAward
from apps.badges.services import badge_award
from apps.reputation.models import ReputationEvent
from apps.votes.services import vote_cast
from tests.conftest import log_in, reload

pytestmark = pytest.mark.django_db


@pytest.fixture
def helper(make_user, make_question, make_answer):
    """A member whose answer was upvoted and accepted (two reputation events, badges)."""
    helper = make_user(username="helper")
    question = make_question(title="우도와 확률은 뭐가 다른가요?")
    answer = make_answer(question=question, author=helper)
    vote_cast(user=make_user(), post=answer, value=1)
    answer_accept(user=question.author, answer=answer)
    return helper


def test_achievements_need_a_member(client):
    response = client.get("/achievements/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_achievements_list_reputation_and_badges_with_their_posts(client, helper):
    log_in(client, helper)
    response = client.get("/achievements/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "+10" in text and "+15" in text
    assert "우도와 확률은 뭐가 다른가요?" in text
    assert "배지를 받았어요" in text  # "Badge earned"
    assert "함께 풀었어요" in text  # Solved together


def test_a_downvote_shows_minus_two(client, make_user, make_answer, anyone_downvotes):
    answer = make_answer()
    vote_cast(user=make_user(), post=answer, value=-1)
    log_in(client, answer.author)
    assert "\u22122" in client.get("/achievements/").content.decode()


def test_achievements_are_grouped_per_day_newest_first(client, helper):
    yesterday = timezone.now() - dt.timedelta(days=1)
    ReputationEvent.objects.filter(user=helper, reason="answer_upvoted").update(
        created_at=yesterday
    )
    log_in(client, helper)
    response = client.get("/achievements/")
    days = response.context["days"]
    assert [day for day, _rows in days] == [
        timezone.localdate(),
        timezone.localdate(yesterday),
    ]
    assert [row.event.reason for row in days[1][1] if row.event] == ["answer_upvoted"]


def test_the_header_counts_unseen_achievements_and_visiting_marks_them_seen(client, helper):
    unseen = ReputationEvent.objects.filter(user=helper).count() + helper.badge_awards.count()
    assert unseen >= 4
    log_in(client, helper)
    response = client.get("/")
    assert response.context["unseen_achievements"] == unseen
    assert f'achievements-count" aria-hidden="true">{unseen}<' in response.content.decode()
    response = client.get("/achievements/")
    assert all(row.unseen for _day, rows in response.context["days"] for row in rows)
    reload(helper)
    assert helper.achievements_seen_at is not None
    response = client.get("/")
    assert response.context["unseen_achievements"] == 0
    assert "achievements-count" not in response.content.decode()
    badge_award(user=helper, slug="sponsor")  # a new one, after the visit
    response = client.get("/")
    assert response.context["unseen_achievements"] == 1
    # The header kept for the member is keyed by the count, so it shows the new one.
    assert 'achievements-count" aria-hidden="true">1<' in response.content.decode()
    response = client.get("/achievements/")
    rows = [row for _day, rows in response.context["days"] for row in rows]
    assert [row.unseen for row in rows].count(True) == 1


def test_the_unseen_count_costs_no_query_of_its_own(client, helper, django_assert_num_queries):
    log_in(client, helper)
    client.get("/users/")  # the day's visit is written on the first request
    # The member (with their counts), the people's total, the page, their concepts: as before.
    with django_assert_num_queries(4) as counted:
        response = client.get("/users/")
    assert "badges_badgeaward" in counted.captured_queries[0]["sql"]
    assert not any("badges_badgeaward" in q["sql"] for q in counted.captured_queries[1:])
    assert response.context["unseen_achievements"] > 0


def test_achievements_page_has_a_fixed_number_of_queries(
    client, helper, make_user, make_question, make_answer, django_assert_max_num_queries
):
    for _ in range(6):
        answer = make_answer(author=helper)
        vote_cast(user=make_user(), post=answer, value=1)
    log_in(client, helper)
    client.get("/users/")
    # member, count, page of keys, events with posts, awards, marking seen (+ savepoints)
    with django_assert_max_num_queries(8):
        response = client.get("/achievements/")
    assert len([r for _d, rows in response.context["days"] for r in rows]) >= 10


def test_achievements_are_paginated(client, helper, make_user, make_answer, settings):
    from apps.badges import views

    views.ACHIEVEMENTS_PAGE_SIZE, before = 2, views.ACHIEVEMENTS_PAGE_SIZE
    try:
        log_in(client, helper)
        response = client.get("/achievements/?page=2")
        assert response.context["page"].number == 2
        assert 'rel="prev"' in response.content.decode()
        assert client.get("/achievements/?page=oops").status_code == 200
    finally:
        views.ACHIEVEMENTS_PAGE_SIZE = before


def test_badge_index_lists_every_badge_with_its_holders_in_one_query(
    client, helper, make_user, django_assert_max_num_queries
):
    for _ in range(3):
        badge_award(user=make_user(), slug="cheerleader")
    with django_assert_max_num_queries(1):
        response = client.get("/badges/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "금" in text and "은" in text and "동" in text
    tiers = dict(response.context["tiers"])
    counts = {badge.slug: n for badges in tiers.values() for badge, n in badges}
    assert counts["cheerleader"] == 4  # the helper's upvoter and three more
    assert counts["solved-together"] == 1


def test_badge_pages_in_english(client):
    client.cookies["django_language"] = "en"
    text = client.get("/badges/").content.decode()
    assert "Solved together" in text and "Had an answer accepted." in text
    text = client.get("/badges/solved-together/").content.decode()
    assert "Nobody has earned this badge yet." in text


def test_badge_page_shows_who_earned_it_newest_first(
    client, make_user, make_tag, django_assert_max_num_queries
):
    concept = make_tag("likelihood", name_ko="우도", name_en="Likelihood")
    people = [make_user(display_name=f"학습자{n}") for n in range(5)]
    for person in people:
        badge_award(user=person, slug="concept-helper", concept=concept)
    with django_assert_max_num_queries(2):  # count, page with people and concepts
        response = client.get("/badges/concept-helper/")
    text = response.content.decode()
    assert text.index("학습자4") < text.index("학습자0")
    assert "우도" in text


def test_an_unknown_badge_is_not_found(client):
    assert client.get("/badges/no-such-badge/").status_code == 404
    assert client.get("/badges/%ED%95%9C/").status_code == 404


def test_a_profile_shows_badge_counts_by_tier_and_the_list(
    client, helper, django_assert_max_num_queries
):
    badge_award(user=helper, slug="great-answer")
    response = client.get(helper.get_absolute_url())
    text = response.content.decode()
    badges = response.context["badges"]
    assert badges.gold == 1 and badges.bronze >= 2
    assert "함께 풀었어요" in text and "명답변" in text
    before = len(client.get(helper.get_absolute_url()).context["badges"].awards)
    for slug in ("mentor", "supporter", "nice-answer"):
        badge_award(user=helper, slug=slug)
    with django_assert_max_num_queries(8):
        response = client.get(helper.get_absolute_url())
    assert len(response.context["badges"].awards) == before + 3


def test_badge_awards_are_in_the_admin(staff_client, helper):
    response = staff_client.get("/admin/badges/badgeaward/")
    assert response.status_code == 200
    assert BadgeAward.objects.filter(user=helper).exists()


def test_visitors_badge_pages_are_kept_until_a_badge_is_awarded(client, make_user):
    assert client.get("/badges/")["X-Kept-Page"] == "miss"
    assert client.get("/badges/")["X-Kept-Page"] == "hit"
    assert client.get("/badges/cheerleader/")["X-Kept-Page"] == "miss"
    person = make_user(display_name="새 응원단")
    badge_award(user=person, slug="cheerleader")
    response = client.get("/badges/")
    assert response["X-Kept-Page"] == "miss"
    assert (
        dict((b.slug, n) for _t, bs in response.context["tiers"] for b, n in bs)["cheerleader"] == 1
    )
    assert "새 응원단" in client.get("/badges/cheerleader/").content.decode()
