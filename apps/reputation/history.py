"""Reading the ledger back: a member's reputation over time, and its chart.

The chart is an inline SVG drawn from numbers computed here, so the page needs no JavaScript
and no chart library; the template only writes out what `reputation_chart` prepares.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from apps.reputation.models import ReputationEvent


@dataclass(frozen=True)
class HistoryPoint:
    day: dt.date
    reputation: int  # the total at the end of `day`


def reputation_history(user) -> list[HistoryPoint]:
    """Cumulative reputation per day: base on the day they joined, then one point per day that
    has events (the total at its end). One query, whatever the number of events.

    The last point equals `user.reputation` whenever the cached total agrees with the ledger.
    """
    joined = timezone.localdate(user.date_joined)
    per_day = (
        ReputationEvent.objects.filter(user=user)
        .annotate(day=TruncDate("created_at", tzinfo=timezone.get_current_timezone()))
        .values("day")
        .annotate(change=Sum("amount"))
        .order_by("day")
        .values_list("day", "change")
    )
    total = settings.REPUTATION_BASE
    points = [HistoryPoint(day=joined, reputation=total)]
    for day, change in per_day:
        total += change
        if day == points[-1].day:  # events on the day they joined
            points[-1] = HistoryPoint(day=day, reputation=total)
        else:
            points.append(HistoryPoint(day=day, reputation=total))
    return points


@dataclass(frozen=True)
class ChartPoint:
    x: float
    y: float
    day: dt.date
    reputation: int


@dataclass(frozen=True)
class ReputationChart:
    width: int
    height: int
    points: list[ChartPoint]  # the history, scaled into the drawing area
    low: int
    high: int
    start: dt.date
    end: dt.date
    top: float  # y of `high`'s grid line
    bottom: float  # y of `low`'s grid line (the same as `top` for a flat history)
    left: float
    right: float

    @property
    def polyline(self) -> str:
        """The `points` attribute of the SVG polyline."""
        return " ".join(f"{p.x:g},{p.y:g}" for p in self.points)

    @property
    def axis_label_x(self) -> float:
        return self.left - 6

    @property
    def date_label_y(self) -> float:
        return self.height - 6

    @property
    def first(self) -> ChartPoint:
        return self.points[0]

    @property
    def last(self) -> ChartPoint:
        return self.points[-1]


def reputation_chart(
    history: list[HistoryPoint],
    *,
    today: dt.date | None = None,
    width: int = 600,
    height: int = 160,
) -> ReputationChart:
    """Lay the history out as a step line from the day they joined to today.

    Reputation holds between events, so each change is drawn as a vertical step on its day
    and the line runs flat to today. A member with no events gets one flat line.
    """
    today = max(today or timezone.localdate(), history[-1].day)
    steps: list[HistoryPoint] = []
    for point in history:
        if steps:  # hold the previous total until this day, then step
            steps.append(HistoryPoint(day=point.day, reputation=steps[-1].reputation))
        steps.append(point)
    steps.append(HistoryPoint(day=today, reputation=steps[-1].reputation))

    # Room on the left for the totals (five digits) and below for the dates.
    left, right, top, bottom = 60.0, width - 8.0, 16.0, height - 32.0
    start = history[0].day
    span_days = max((today - start).days, 1)
    low = min(p.reputation for p in steps)
    high = max(p.reputation for p in steps)
    span_value = high - low

    def x_of(day: dt.date) -> float:
        return round(left + (right - left) * (day - start).days / span_days, 1)

    def y_of(value: int) -> float:
        if not span_value:  # a flat history sits in the middle
            return round((top + bottom) / 2, 1)
        return round(bottom - (bottom - top) * (value - low) / span_value, 1)

    points = [ChartPoint(x_of(p.day), y_of(p.reputation), p.day, p.reputation) for p in steps]
    # The line always reaches the right edge, even for someone who joined today.
    points[-1] = ChartPoint(right, points[-1].y, today, steps[-1].reputation)
    # Drop repeated corners (several steps on one day) so the line has no zero-length segments.
    deduplicated = [points[0]]
    for point in points[1:]:
        if (point.x, point.y) != (deduplicated[-1].x, deduplicated[-1].y):
            deduplicated.append(point)
    return ReputationChart(
        width=width,
        height=height,
        points=deduplicated,
        low=low,
        high=high,
        start=start,
        end=today,
        top=y_of(high),
        bottom=y_of(low),
        left=left,
        right=right,
    )
