"""A member's achievements: their reputation changes and the badges they earned, newest first.

What came after `User.achievements_seen_at` is unseen: the header counts it (loaded with the
member, apps.accounts.backends) and visiting the list marks it all seen, as Stack Exchange's
achievements menu does. Any reputation reason shows (`get_reason_display`), including those
other apps add later (bounties).
"""

from dataclasses import dataclass
from itertools import groupby

from django.contrib.auth import get_user_model
from django.db.models import CharField, Q, Value
from django.utils import timezone

from apps.badges.models import BadgeAward
from apps.reputation.models import ReputationEvent

# Kept on the request's user (apps.accounts.backends counts it with the user).
UNSEEN_ACHIEVEMENTS = "_unseen_achievements"

EVENT, AWARD = "event", "award"


def _after(user) -> Q:
    seen = user.achievements_seen_at
    return Q(user=user) & (Q(created_at__gt=seen) if seen is not None else Q())


def unseen_count(user) -> int:
    """How many achievements `user` has not seen: counted with the member when loaded by
    MemberBackend, else here (two queries, once per request)."""
    if getattr(user, UNSEEN_ACHIEVEMENTS, None) is None:
        count = (
            ReputationEvent.objects.filter(_after(user)).count()
            + BadgeAward.objects.filter(_after(user)).count()
        )
        setattr(user, UNSEEN_ACHIEVEMENTS, count)
    return getattr(user, UNSEEN_ACHIEVEMENTS)


def achievements_of(user):
    """(kind, id, created_at) of each achievement of `user`, newest first: one query a page,
    whatever the mix; `achievements_load` turns a page of them into rows."""
    kind = CharField()
    events = (
        ReputationEvent.objects.filter(user=user)
        .annotate(kind=Value(EVENT, output_field=kind))
        .values_list("kind", "id", "created_at")
        .order_by()
    )
    awards = (
        BadgeAward.objects.filter(user=user)
        .annotate(kind=Value(AWARD, output_field=kind))
        .values_list("kind", "id", "created_at")
        .order_by()
    )
    return events.union(awards, all=True).order_by("-created_at", "-id")


@dataclass(frozen=True)
class Achievement:
    created_at: object
    unseen: bool
    event: ReputationEvent | None = None
    award: BadgeAward | None = None


def achievements_load(keys, *, seen_at) -> list[Achievement]:
    """The rows of a page of `achievements_of`: two queries (events with their posts, awards
    with their concepts)."""
    keys = list(keys)
    event_ids = [pk for kind, pk, _at in keys if kind == EVENT]
    award_ids = [pk for kind, pk, _at in keys if kind == AWARD]
    events = ReputationEvent.objects.for_profile().in_bulk(event_ids) if event_ids else {}
    awards = BadgeAward.objects.select_related("concept").in_bulk(award_ids) if award_ids else {}
    rows = []
    for kind, pk, _at in keys:
        row = events.get(pk) if kind == EVENT else awards.get(pk)
        if row is None:  # gone between the two reads
            continue
        # The row's own time: a union's column comes back naive on SQLite.
        created_at = row.created_at
        unseen = seen_at is None or created_at > seen_at
        if kind == EVENT:
            rows.append(Achievement(created_at, unseen, event=row))
        elif row.definition is not None:
            rows.append(Achievement(created_at, unseen, award=row))
    return rows


def achievements_by_day(rows: list[Achievement]) -> list[tuple[object, list[Achievement]]]:
    """Rows grouped by the day they happened on (the site's time zone), newest day first."""
    return [
        (day, list(group))
        for day, group in groupby(rows, key=lambda row: timezone.localdate(row.created_at))
    ]


def achievements_seen(*, user) -> None:
    """Mark all of `user`'s achievements seen (visiting the list does this)."""
    now = timezone.now()
    get_user_model().objects.filter(pk=user.pk).update(achievements_seen_at=now)
    user.achievements_seen_at = now
    setattr(user, UNSEEN_ACHIEVEMENTS, 0)


@dataclass(frozen=True)
class ProfileBadges:
    gold: int
    silver: int
    bronze: int
    awards: list[BadgeAward]  # newest first, each with its `definition`


def profile_badges(user) -> ProfileBadges:
    """What a profile shows of someone's badges: counts by tier and the list. One query."""
    awards = [
        award
        for award in BadgeAward.objects.filter(user=user).select_related("concept")
        if award.definition is not None
    ]
    tiers = [award.definition.tier for award in awards]
    return ProfileBadges(
        gold=tiers.count("gold"),
        silver=tiers.count("silver"),
        bronze=tiers.count("bronze"),
        awards=awards,
    )
