"""Every badge, defined in code: its slug, tier, name, description and rule.

A rule reads rows and answers who holds the badge: `rule(user_ids)` returns the pairs
(user id, concept id) that qualify, the concept being None except for per-concept badges;
`user_ids=None` asks about everyone. The same rule serves the services (asked about the few
people an action concerns, see apps.badges.services) and the recount (asked about everyone).

Badges sit below the apps whose rows they read (questions, answers, votes, comments,
following, bounties), so those models are named by string (`apps.get_model`), never imported.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldError
from django.db import models
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

Holders = set[tuple[int, int | None]]
Rule = Callable[[Iterable[int] | None], Holders]


class Tier(models.TextChoices):
    GOLD = "gold", _("gold")
    SILVER = "silver", _("silver")
    BRONZE = "bronze", _("bronze")


TIER_ORDER = {Tier.GOLD: 0, Tier.SILVER: 1, Tier.BRONZE: 2}


@dataclass(frozen=True)
class Badge:
    slug: str
    tier: Tier
    name: Promise
    description: Promise
    rule: Rule
    per_concept: bool = False

    def get_tier_display(self) -> str:
        return self.tier.label

    def get_absolute_url(self) -> str:
        return reverse("badges:detail", kwargs={"slug": self.slug})


def _model(label: str):
    return apps.get_model(label)


def _users(queryset, field: str, user_ids) -> Holders:
    if user_ids is not None:
        queryset = queryset.filter(**{f"{field}__in": list(user_ids)})
    return {(user_id, None) for user_id in queryset.values_list(field, flat=True).distinct()}


def _counted(queryset, field: str, user_ids, *, at_least: int) -> Holders:
    """People with at least `at_least` rows of `queryset` (by `field`, their id)."""
    if user_ids is not None:
        queryset = queryset.filter(**{f"{field}__in": list(user_ids)})
    rows = (
        queryset.order_by()
        .values(field)
        .annotate(n=Count("pk"))
        .filter(n__gte=at_least)
        .values_list(field, flat=True)
    )
    return {(user_id, None) for user_id in rows}


# Rules -----------------------------------------------------------------------------------


def asked(user_ids) -> Holders:
    return _users(_model("questions.Question").objects.all(), "author_id", user_ids)


def question_scored(score: int) -> Rule:
    def rule(user_ids) -> Holders:
        questions = _model("questions.Question").objects.filter(score__gte=score)
        return _users(questions, "author_id", user_ids)

    return rule


def answer_scored(score: int) -> Rule:
    def rule(user_ids) -> Holders:
        answers = _model("answers.Answer").objects.filter(score__gte=score)
        return _users(answers, "author_id", user_ids)

    return rule


def answers_scored(score: int, *, count: int) -> Rule:
    def rule(user_ids) -> Holders:
        answers = _model("answers.Answer").objects.filter(score__gte=score)
        return _counted(answers, "author_id", user_ids, at_least=count)

    return rule


def _accepted_answers():
    """Accepted answers of other people's questions (accepting your own earns nothing)."""
    return (
        _model("answers.Answer")
        .objects.filter(question__accepted_answer=F("pk"))
        .exclude(author=F("question__author"))
    )


def accepted(user_ids) -> Holders:
    return _users(_accepted_answers(), "author_id", user_ids)


def accepted_many(count: int) -> Rule:
    def rule(user_ids) -> Holders:
        return _counted(_accepted_answers(), "author_id", user_ids, at_least=count)

    return rule


def accepted_scored(user_ids) -> Holders:
    return _users(_accepted_answers().filter(score__gte=10), "author_id", user_ids)


def accepted_one(user_ids) -> Holders:
    questions = (
        _model("questions.Question")
        .objects.filter(accepted_answer__isnull=False)
        .exclude(accepted_answer__author=F("author"))
    )
    return _users(questions, "author_id", user_ids)


def self_learner(user_ids) -> Holders:
    answers = _model("answers.Answer").objects.filter(author=F("question__author"), score__gte=3)
    return _users(answers, "author_id", user_ids)


def upvoted(count: int) -> Rule:
    def rule(user_ids) -> Holders:
        votes = _model("votes.Vote").objects.filter(value=1)
        if count == 1:
            return _users(votes, "user_id", user_ids)
        return _counted(votes, "user_id", user_ids, at_least=count)

    return rule


def edited(user_ids) -> Holders:
    """Made an edit: a revision after a post's first (the first is the post as written)."""
    found: Holders = set()
    for label in ("questions.QuestionRevision", "answers.AnswerRevision"):
        found |= _users(_model(label).objects.filter(number__gt=1), "author_id", user_ids)
    return found


def commented(user_ids) -> Holders:
    return _users(_model("comments.Comment").objects.all(), "author_id", user_ids)


def answered_concepts(count: int) -> Rule:
    def rule(user_ids) -> Holders:
        answers = _model("answers.Answer").objects.filter(question__tags__isnull=False)
        if user_ids is not None:
            answers = answers.filter(author_id__in=list(user_ids))
        rows = (
            answers.order_by()
            .values("author_id")
            .annotate(n=Count("question__tags", distinct=True))
            .filter(n__gte=count)
            .values_list("author_id", flat=True)
        )
        return {(user_id, None) for user_id in rows}

    return rule


def concept_helper(user_ids) -> Holders:
    """Ten answers scored 2 or more under one concept: held once per such concept."""
    answers = _model("answers.Answer").objects.filter(score__gte=2, question__tags__isnull=False)
    if user_ids is not None:
        answers = answers.filter(author_id__in=list(user_ids))
    rows = (
        answers.order_by()
        .values("author_id", "question__tags")
        .annotate(n=Count("pk"))
        .filter(n__gte=10)
        .values_list("author_id", "question__tags")
    )
    return set(rows)


def followed_by(count: int) -> Rule:
    """A question of theirs followed by `count` people besides its asker."""

    def rule(user_ids) -> Holders:
        questions = _model("questions.Question").objects.all()
        if user_ids is not None:
            questions = questions.filter(author_id__in=list(user_ids))
        rows = (
            questions.order_by()
            .annotate(n=Count("follows", filter=~Q(follows__user=F("author"))))
            .filter(n__gte=count)
            .values_list("author_id", flat=True)
        )
        return {(user_id, None) for user_id in rows}

    return rule


def flagged_rightly(user_ids) -> Holders:
    """A flag of theirs that a moderator approved."""
    flags = _model("moderation.Flag").objects.filter(status="approved")
    return _users(flags, "user_id", user_ids)


def reviewed(user_ids) -> Holders:
    """Settled flags as a moderator (the review queue)."""
    flags = _model("moderation.Flag").objects.filter(reviewed_by__isnull=False)
    return _users(flags, "reviewed_by_id", user_ids)


def visited_in_a_row(days: int) -> Rule:
    def rule(user_ids) -> Holders:
        people = get_user_model().objects.filter(visit_streak__gte=days)
        return _users(people, "pk", user_ids)

    return rule


def profile_completed(user_ids) -> Holders:
    people = get_user_model().objects.exclude(bio="").exclude(display_name="")
    return _users(people, "pk", user_ids)


# The bounties app (above badges) owns `bounties.Bounty`: who offered it is BOUNTY_OFFERER,
# who won it is the author of its awarded answer (null while open, or when it ran out
# unawarded). Until that app is installed these rules find nobody (LookupError), and only
# the direct awards its services make count.
BOUNTY_MODEL = "bounties.Bounty"
BOUNTY_OFFERER = "offerer_id"
BOUNTY_WINNER = "awarded_answer__author_id"


def _bounty_rule(field: str) -> Rule:
    def rule(user_ids) -> Holders:
        try:
            bounties = _model(BOUNTY_MODEL).objects.filter(**{f"{field}__isnull": False})
            return _users(bounties, field, user_ids)
        except (LookupError, FieldError):
            return set()

    return rule


# The badges --------------------------------------------------------------------------------

BADGES: dict[str, Badge] = {
    badge.slug: badge
    for badge in [
        # Bronze: the first steps of learning together.
        Badge(
            "first-question",
            Tier.BRONZE,
            _("First question"),
            _("Asked a first question."),
            asked,
        ),
        Badge(
            "curious",
            Tier.BRONZE,
            _("Curious"),
            _("Asked a question with a score of 1 or more."),
            question_scored(1),
        ),
        Badge(
            "first-help",
            Tier.BRONZE,
            _("First help"),
            _("Answered a question with a score of 1 or more."),
            answer_scored(1),
        ),
        Badge(
            "solved-together",
            Tier.BRONZE,
            _("Solved together"),
            _("Had an answer accepted."),
            accepted,
        ),
        Badge(
            "thankful",
            Tier.BRONZE,
            _("Thankful"),
            _("Accepted an answer to their own question."),
            accepted_one,
        ),
        Badge(
            "cheerleader",
            Tier.BRONZE,
            _("Cheerleader"),
            _("Cast a first upvote."),
            upvoted(1),
        ),
        Badge(
            "polisher",
            Tier.BRONZE,
            _("Polisher"),
            _("Made a first edit to a question or an answer."),
            edited,
        ),
        Badge(
            "first-remark",
            Tier.BRONZE,
            _("First remark"),
            _("Wrote a first comment."),
            commented,
        ),
        Badge(
            "self-learner",
            Tier.BRONZE,
            _("Self-learner"),
            _("Answered their own question with a score of 3 or more."),
            self_learner,
        ),
        Badge(
            "explorer",
            Tier.BRONZE,
            _("Explorer"),
            _("Answered questions under 5 different concepts."),
            answered_concepts(5),
        ),
        Badge(
            "nice-question",
            Tier.BRONZE,
            _("Nice question"),
            _("Asked a question with a score of 10 or more."),
            question_scored(10),
        ),
        Badge(
            "nice-answer",
            Tier.BRONZE,
            _("Nice answer"),
            _("Wrote an answer with a score of 10 or more."),
            answer_scored(10),
        ),
        Badge(
            "introduction",
            Tier.BRONZE,
            _("Introduction"),
            _("Completed their profile with a display name and a few words about themselves."),
            profile_completed,
        ),
        Badge(
            "watchful",
            Tier.BRONZE,
            _("Watchful"),
            _("Raised a flag that a moderator found right."),
            flagged_rightly,
        ),
        Badge(
            "caretaker",
            Tier.BRONZE,
            _("Caretaker"),
            _("Reviewed flags as a moderator for the first time."),
            reviewed,
        ),
        Badge(
            "sponsor",
            Tier.BRONZE,
            _("Sponsor"),
            _("Offered a first bounty on a question."),
            _bounty_rule(BOUNTY_OFFERER),
        ),
        # Silver: helping steadily.
        Badge(
            "concept-helper",
            Tier.SILVER,
            _("Concept helper"),
            _("Wrote 10 answers with a score of 2 or more under one concept."),
            concept_helper,
            per_concept=True,
        ),
        Badge(
            "steady-helper",
            Tier.SILVER,
            _("Steady helper"),
            _("Wrote 10 answers with a score of 5 or more."),
            answers_scored(5, count=10),
        ),
        Badge(
            "good-question",
            Tier.SILVER,
            _("Good question"),
            _("Asked a question with a score of 25 or more."),
            question_scored(25),
        ),
        Badge(
            "enlightened",
            Tier.SILVER,
            _("Enlightened"),
            _("Had an answer accepted that scored 10 or more."),
            accepted_scored,
        ),
        Badge(
            "mentor",
            Tier.SILVER,
            _("Mentor"),
            _("Had 10 answers accepted."),
            accepted_many(10),
        ),
        Badge(
            "study-group",
            Tier.SILVER,
            _("Study group"),
            _("Asked a question that 25 people follow."),
            followed_by(25),
        ),
        Badge(
            "supporter",
            Tier.SILVER,
            _("Supporter"),
            _("Cast 100 upvotes."),
            upvoted(100),
        ),
        Badge(
            "bounty-hunter",
            Tier.SILVER,
            _("Bounty won"),
            _("Won a bounty with an answer."),
            _bounty_rule(BOUNTY_WINNER),
        ),
        Badge(
            "steady-learner",
            Tier.SILVER,
            _("Steady learner"),
            _("Visited Gachi 30 days in a row."),
            visited_in_a_row(30),
        ),
        # Gold: what the whole community learns from.
        Badge(
            "great-helper",
            Tier.GOLD,
            _("Great helper"),
            _("Wrote 50 answers with a score of 5 or more."),
            answers_scored(5, count=50),
        ),
        Badge(
            "great-question",
            Tier.GOLD,
            _("Great question"),
            _("Asked a question with a score of 50 or more."),
            question_scored(50),
        ),
        Badge(
            "great-answer",
            Tier.GOLD,
            _("Great answer"),
            _("Wrote an answer with a score of 50 or more."),
            answer_scored(50),
        ),
        Badge(
            "never-alone",
            Tier.GOLD,
            _("Never study alone"),
            _("Visited Gachi 100 days in a row."),
            visited_in_a_row(100),
        ),
    ]
}

# Which badges a post's new score may have earned its author, by kind and threshold.
SCORE_BADGES = {
    "question": {1: ["curious"], 10: ["nice-question"], 25: ["good-question"]}
    | {50: ["great-question"]},
    "answer": {
        1: ["first-help"],
        2: ["concept-helper"],
        3: ["self-learner"],
        5: ["steady-helper", "great-helper"],
        10: ["nice-answer", "enlightened"],
        50: ["great-answer"],
    },
}
VISIT_BADGES = {30: "steady-learner", 100: "never-alone"}


def badge_get(slug: str) -> Badge | None:
    return BADGES.get(slug)


def badges_by_tier() -> list[tuple[Tier, list[Badge]]]:
    return [(tier, [b for b in BADGES.values() if b.tier == tier]) for tier in TIER_ORDER]
