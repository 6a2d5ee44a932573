import datetime as dt

import pytest
from django.conf import settings
from django.utils import timezone

from apps.answers.services import answer_accept
from apps.reputation.history import HistoryPoint, reputation_chart, reputation_history
from apps.reputation.models import ReputationEvent
from apps.votes.services import vote_cast
from tests.conftest import reload

pytestmark = pytest.mark.django_db

BASE = settings.REPUTATION_BASE


def _days_ago(days: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days)


def _move_events(user, days_ago: int) -> None:
    """Date `user`'s events of the last hour `days_ago` days back, as if they happened then."""
    recent = ReputationEvent.objects.filter(
        user=user, created_at__gte=timezone.now() - dt.timedelta(hours=1)
    )
    recent.update(created_at=_days_ago(days_ago))


def test_a_member_without_events_has_one_point_at_the_base(make_user):
    person = make_user()
    assert [(p.day, p.reputation) for p in reputation_history(person)] == [
        (timezone.localdate(person.date_joined), BASE)
    ]


@pytest.mark.usefixtures("anyone_downvotes")
def test_history_is_the_running_total_of_the_ledger_one_point_per_day(
    make_user, make_question, make_answer
):
    person = make_user(date_joined=_days_ago(30))
    question = make_question(author=person)
    vote_cast(user=make_user(), post=question, value=1)  # +10
    vote_cast(user=make_user(), post=question, value=1)  # +10, same day
    _move_events(person, 20)
    answer = make_answer(author=person)
    vote_cast(user=make_user(), post=answer, value=-1)  # −2
    _move_events(person, 10)
    answer_accept(user=answer.question.author, answer=answer)  # +15, today

    history = reputation_history(person)

    today = timezone.localdate()
    assert [(p.day, p.reputation) for p in history] == [
        (today - dt.timedelta(days=30), BASE),
        (today - dt.timedelta(days=20), BASE + 20),
        (today - dt.timedelta(days=10), BASE + 18),
        (today, BASE + 33),
    ]
    reload(person)
    assert history[-1].reputation == person.reputation


def test_events_on_the_day_someone_joined_move_the_first_point(make_user, make_question):
    person = make_user()
    vote_cast(user=make_user(), post=make_question(author=person), value=1)
    assert [p.reputation for p in reputation_history(person)] == [BASE + 10]


def test_a_flat_history_is_one_horizontal_line_across_the_chart(make_user):
    chart = reputation_chart(reputation_history(make_user()))
    assert len(chart.points) == 2
    first, last = chart.points
    assert first.y == last.y
    assert (first.x, last.x) == (chart.left, chart.right)
    assert chart.low == chart.high == BASE


def _point(day: dt.date, reputation: int) -> HistoryPoint:
    return HistoryPoint(day=day, reputation=reputation)


def test_the_chart_steps_at_each_change_and_runs_flat_to_today():
    start = dt.date(2026, 1, 1)
    history = [
        _point(start, 1),
        _point(start + dt.timedelta(days=5), 21),
        _point(start + dt.timedelta(days=8), 11),
    ]
    chart = reputation_chart(history, today=start + dt.timedelta(days=10), width=110, height=60)

    assert (chart.low, chart.high) == (1, 21)
    assert [(p.day, p.reputation) for p in chart.points] == [
        (start, 1),
        (start + dt.timedelta(days=5), 1),
        (start + dt.timedelta(days=5), 21),
        (start + dt.timedelta(days=8), 21),
        (start + dt.timedelta(days=8), 11),
        (start + dt.timedelta(days=10), 11),
    ]
    xs = [p.x for p in chart.points]
    assert xs == sorted(xs)
    assert xs[0] == chart.left
    assert xs[-1] == chart.right
    highest = [p for p in chart.points if p.reputation == 21]
    lowest = [p for p in chart.points if p.reputation == 1]
    assert {p.y for p in highest} == {chart.top}
    assert {p.y for p in lowest} == {chart.bottom}
    assert chart.top < chart.bottom  # SVG's y grows downwards
    assert chart.polyline.split() == [f"{p.x:g},{p.y:g}" for p in chart.points]


def test_days_are_the_sites_days_not_utcs(make_user, make_question):
    person = make_user(date_joined=_days_ago(10))
    vote_cast(user=make_user(), post=make_question(author=person), value=1)
    day = timezone.localdate() - dt.timedelta(days=5)
    # Half past midnight here is still the day before in UTC.
    just_after_midnight = timezone.make_aware(dt.datetime.combine(day, dt.time(0, 30)))
    ReputationEvent.objects.filter(user=person).update(created_at=just_after_midnight)
    assert [(p.day, p.reputation) for p in reputation_history(person)][-1] == (day, BASE + 10)


def test_the_history_costs_one_query_however_many_events(
    make_user, make_question, django_assert_num_queries
):
    person = make_user(date_joined=_days_ago(40))
    question = make_question(author=person)
    for days_ago in (30, 20, 10, 0):
        vote_cast(user=make_user(), post=question, value=1)
        _move_events(person, days_ago)
    with django_assert_num_queries(1):
        history = reputation_history(person)
    assert [p.reputation for p in history] == [BASE, BASE + 10, BASE + 20, BASE + 30, BASE + 40]


def test_a_change_today_ends_the_line_on_the_right_edge_without_repeated_corners():
    today = dt.date(2026, 3, 10)
    chart = reputation_chart(
        [_point(today - dt.timedelta(days=4), 1), _point(today, 31)], today=today
    )
    corners = [(p.x, p.y) for p in chart.points]
    assert len(corners) == len(set(corners)) == 3  # flat, then one step up at the edge
    assert (chart.last.x, chart.last.reputation) == (chart.right, 31)
    assert chart.points[-2].x == chart.right and chart.points[-2].reputation == 1


def test_a_history_reaching_past_today_ends_on_its_own_last_day():
    start = dt.date(2026, 3, 1)
    chart = reputation_chart(
        [_point(start, 1), _point(start + dt.timedelta(days=3), 11)], today=start
    )
    assert chart.end == start + dt.timedelta(days=3)
    assert chart.last.x == chart.right


def test_losses_below_the_start_draw_under_it():
    start = dt.date(2026, 1, 1)
    chart = reputation_chart(
        [_point(start, 1), _point(start + dt.timedelta(days=2), -99)],
        today=start + dt.timedelta(days=4),
    )
    assert (chart.low, chart.high) == (-99, 1)
    assert chart.first.y == chart.top and chart.last.y == chart.bottom
