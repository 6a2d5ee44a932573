"""The reputation ledger: the only code that changes a member's reputation.

Callers run inside their own transaction (a vote, an accept) and call `reputation_apply`
once: it removes the events of an undone cause, records the new ones, and moves the cached
`User.reputation` totals with database expressions in one pass, locking people in id order so
two concurrent transactions never deadlock on each other.
"""

from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from apps.core.counters import counter_repair
from apps.reputation.models import Reason, ReputationEvent

# Stack Exchange's scale, which the master class's community knows.
POINTS = {
    Reason.QUESTION_UPVOTED: 10,
    Reason.ANSWER_UPVOTED: 10,
    Reason.POST_DOWNVOTED: -2,
    Reason.DOWNVOTED_ANSWER: -1,
    Reason.ANSWER_ACCEPTED: 15,
    Reason.ACCEPTED_ANSWER: 2,
    Reason.POST_HIDDEN: -100,
}


def reputation_apply(
    *, revoke: Q | None = None, award: list[ReputationEvent] | None = None
) -> None:
    """Delete exactly the events matching `revoke`, record `award`, and update the totals."""
    per_user: dict[int, int] = defaultdict(int)
    if revoke is not None:
        undone = list(ReputationEvent.objects.filter(revoke).values_list("id", "user_id", "amount"))
        if undone:
            ReputationEvent.objects.filter(id__in=[row[0] for row in undone]).delete()
        for _id, user_id, amount in undone:
            per_user[user_id] -= amount
    if award:
        for event in award:
            if event.reason in POINTS:
                event.amount = POINTS[event.reason]
            elif event.amount is None:  # a bounty's events carry their own amount
                raise ValueError(f"{event.reason} needs an amount")
            per_user[event.user_id] += event.amount
        ReputationEvent.objects.bulk_create(award)
    user_model = get_user_model()
    for user_id in sorted(per_user):
        if per_user[user_id]:
            user_model.objects.filter(pk=user_id).update(
                reputation=F("reputation") + per_user[user_id]
            )


def reputation_recount() -> int:
    """Set every cached total to base + the sum of the person's ledger. Returns rows fixed."""
    ledger_sum = (
        ReputationEvent.objects.filter(user=OuterRef("pk"))
        .values("user")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return counter_repair(
        get_user_model().objects.all(),
        field="reputation",
        expected=Value(settings.REPUTATION_BASE) + Coalesce(Subquery(ledger_sum), 0),
    )
