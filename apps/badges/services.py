"""Awarding badges: called by the services whose actions earn them, inside their transactions.

Each caller names the people its action concerns and the badges it may have earned them
(`badges_check`); the badges' own rules (apps.badges.registry) decide from the rows. Only the
badges someone does not hold yet are looked at, so an action costs one read of their awards,
plus one query per badge still missing whose threshold the action may have crossed.

A unique constraint makes each award once per person (and concept); a concurrent double
award loses to it quietly (`bulk_create(ignore_conflicts=True)`, ON CONFLICT DO NOTHING on
PostgreSQL, INSERT OR IGNORE on SQLite), never check-then-insert alone.

Badges are never taken back when their cause is undone (an unvote, a withdrawn accept, a
deleted post), as on Stack Exchange: a badge says the person did it once. So the recount
(`badges_recount`) only adds what the rules say is held now and the rows lack.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db import IntegrityError, transaction

from apps.badges.models import BadgeAward
from apps.badges.registry import BADGES, SCORE_BADGES, VISIT_BADGES, Badge
from apps.caching.events import Event, retire


def badges_check(*, wanted: dict[int, Iterable[str]]) -> list[BadgeAward]:
    """Award each person in `wanted` (user id -> badge slugs) the badges whose rules they
    now satisfy and which they lack. Returns the new awards."""
    wanted = {user_id: set(slugs) for user_id, slugs in wanted.items() if user_id and slugs}
    if not wanted:
        return []
    all_slugs = set().union(*wanted.values())
    held: set[tuple[int, str, int | None]] = set(
        BadgeAward.objects.filter(user_id__in=list(wanted), badge__in=all_slugs).values_list(
            "user_id", "badge", "concept_id"
        )
    )
    held_plain = {(user_id, slug) for user_id, slug, concept in held if concept is None}
    asked_for: dict[str, list[int]] = defaultdict(list)
    for user_id, slugs in wanted.items():
        for slug in slugs:
            badge = BADGES[slug]
            if badge.per_concept or (user_id, slug) not in held_plain:
                asked_for[slug].append(user_id)
    new = []
    for slug, user_ids in asked_for.items():
        for user_id, concept_id in BADGES[slug].rule(user_ids):
            if (user_id, slug, concept_id) not in held:
                new.append(BadgeAward(user_id=user_id, badge=slug, concept_id=concept_id))
    return _insert(new)


def _insert(awards: list[BadgeAward]) -> list[BadgeAward]:
    if awards:
        # A concurrent award of the same badge is skipped by the constraints.
        BadgeAward.objects.bulk_create(awards, ignore_conflicts=True)
        retire(Event.BADGE_AWARDED)
    return awards


def badge_award(
    *, slug: str, user=None, user_id: int | None = None, concept=None
) -> BadgeAward | None:
    """Award `slug` to `user` (or the person `user_id`) straight away, the caller having seen
    it earned (a bounty offered). Returns the award, or None when they already held it."""
    badge: Badge = BADGES[slug]
    if badge.per_concept != (concept is not None):
        raise ValueError(f"{slug}: a concept is {'needed' if badge.per_concept else 'not taken'}")
    user_id = user.pk if user is not None else user_id
    try:
        with transaction.atomic():  # a savepoint: the caller's transaction goes on
            award = BadgeAward.objects.create(user_id=user_id, badge=slug, concept=concept)
    except IntegrityError:
        return None
    retire(Event.BADGE_AWARDED)
    return award


# What each kind of action may earn, for the services that cause them ------------------------


def badges_check_for_vote(*, voter, author_id: int, kind: str, value: int, old: int, new: int):
    """After a vote moved a post of `kind` from score `old` to `new`: the voter's voting
    badges (for an upvote), the author's score badges whose thresholds it crossed upward."""
    wanted: dict[int, set[str]] = defaultdict(set)
    if value == 1:
        wanted[voter.pk] |= {"cheerleader", "supporter"}
    for threshold, slugs in SCORE_BADGES.get(kind, {}).items():
        if old < threshold <= new:
            wanted[author_id] |= set(slugs)
    return badges_check(wanted=wanted)


def badges_check_for_question(*, author_id: int):
    """A question was asked."""
    return badges_check(wanted={author_id: {"first-question"}})


def badges_check_for_answer(*, author_id: int):
    """An answer was posted (concepts answered under)."""
    return badges_check(wanted={author_id: {"explorer"}})


def badges_check_for_accept(*, answer_author_id: int, asker_id: int):
    """An answer was accepted."""
    return badges_check(
        wanted={
            answer_author_id: {"solved-together", "enlightened", "mentor"},
            asker_id: {"thankful"},
        }
    )


def badges_check_for_edit(*, editor_id: int):
    """A question or answer was edited (a revision after its first)."""
    return badges_check(wanted={editor_id: {"polisher"}})


def badges_check_for_comment(*, author_id: int):
    return badges_check(wanted={author_id: {"first-remark"}})


def badges_check_for_follow(*, question_author_id: int):
    """Someone followed a question: its asker's following badge."""
    return badges_check(wanted={question_author_id: {"study-group"}})


def badges_check_for_review(*, moderator_id: int, approved_flagger_ids: Iterable[int]):
    """A moderator settled a post's flags; the flags of `approved_flagger_ids` were right."""
    wanted: dict[int, set[str]] = defaultdict(set)
    wanted[moderator_id].add("caretaker")
    for user_id in approved_flagger_ids:
        wanted[user_id].add("watchful")
    return badges_check(wanted=wanted)


def badges_check_for_profile(*, user_id: int):
    return badges_check(wanted={user_id: {"introduction"}})


def badge_award_bounty_offered(*, user=None, user_id: int | None = None) -> BadgeAward | None:
    """For the bounties app: `user` (or `user_id`) offered a bounty (inside its transaction)."""
    return badge_award(user=user, user_id=user_id, slug="sponsor")


def badge_award_bounty_won(*, user=None, user_id: int | None = None) -> BadgeAward | None:
    """For the bounties app: the answer of `user` (or `user_id`) won a bounty, awarded by a
    person or by `close_bounties` (inside its transaction)."""
    return badge_award(user=user, user_id=user_id, slug="bounty-hunter")


def badges_check_for_visit(*, user_id: int, streak: int):
    slugs = {slug for days, slug in VISIT_BADGES.items() if streak >= days}
    return badges_check(wanted={user_id: slugs}) if slugs else []


def badges_recount() -> int:
    """Add every award the rules say is held and the rows lack; returns how many.

    Awards are never removed: whether someone held a badge once cannot be read back from
    rows whose cause was undone (a retracted vote), and a badge stays when its cause goes.
    After actions that undo nothing, the stored awards equal what this computes."""
    held = set(BadgeAward.objects.values_list("user_id", "badge", "concept_id"))
    missing = [
        BadgeAward(user_id=user_id, badge=slug, concept_id=concept_id)
        for slug, badge in BADGES.items()
        for user_id, concept_id in badge.rule(None)
        if (user_id, slug, concept_id) not in held
    ]
    return len(_insert(missing))
