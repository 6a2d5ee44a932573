"""Voting: the one write path for votes, post scores and the reputation they carry."""

from django.db import IntegrityError, transaction
from django.db.models import F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.badges.services import badges_check_for_vote
from apps.caching.events import Event, retire
from apps.core.counters import counter_repair
from apps.core.errors import ActionRefused, InvalidAction
from apps.notifications.services import notify_score_changed
from apps.posts.kinds import post_kind, post_kinds, thread_of
from apps.posts.models import PostBase
from apps.reputation.models import Reason, ReputationEvent
from apps.reputation.services import reputation_apply
from apps.trust.privileges import DOWNVOTE, UPVOTE, has_privilege, refusal
from apps.votes.models import Vote

Post = PostBase  # a question, an answer: any kind of post (apps.posts)

# What a vote earns, by kind of post; a kind not named here carries no reputation.
UPVOTE_REASONS = {"question": Reason.QUESTION_UPVOTED, "answer": Reason.ANSWER_UPVOTED}
# Downvoting answers costs the voter a little, so it is used with care.
DOWNVOTE_COSTS_VOTER = {"answer"}
# Kinds that take upvotes only (a comment is agreed with, not voted down).
UPVOTES_ONLY = {"comment"}
# What a vote on each kind retires; a kind not named here shows on its thread alone.
VOTED_EVENTS = {"question": Event.QUESTION_VOTED, "answer": Event.ANSWER_VOTED}


def vote_events(vote: Vote, post: Post) -> list[ReputationEvent]:
    kind = post_kind(post).name
    if kind not in UPVOTE_REASONS:
        return []
    if vote.value == Vote.UP:
        return [ReputationEvent(user_id=post.author_id, reason=UPVOTE_REASONS[kind], vote=vote)]
    events = [ReputationEvent(user_id=post.author_id, reason=Reason.POST_DOWNVOTED, vote=vote)]
    if kind in DOWNVOTE_COSTS_VOTER:
        events.append(
            ReputationEvent(user_id=vote.user_id, reason=Reason.DOWNVOTED_ANSWER, vote=vote)
        )
    return events


def vote_cast(*, user, post: Post, value: int) -> Vote | None:
    """Cast, switch or retract `user`'s vote on a question or answer.

    `value` is 1 (up), -1 (down) or 0 (retract). Voting the same way again retracts; voting
    the other way switches. Voting up needs the UPVOTE privilege and down the DOWNVOTE one
    (apps.trust.privileges); retracting needs none. Returns the vote as it stands
    afterwards (None when there is none) and refreshes `post.score`.

    The post's row is locked first, so concurrent votes on one post (a double click, two app
    servers) are applied one after the other and each sees the previous one's result.
    """
    if value not in (Vote.UP, Vote.DOWN, 0):
        raise InvalidAction(_("A vote is 1 (up), -1 (down) or 0 (retract)."))
    model, kind = type(post), post_kind(post)
    if value == Vote.DOWN and kind.name in UPVOTES_ONLY:
        raise InvalidAction(_("Comments take upvotes only."))
    fields = {"id", "post_id", "author_id", "score", kind.thread}
    with transaction.atomic():
        try:
            # of=self: an answer is read joined to its question (live rows only); lock the
            # answer alone, or a vote would also hold the question an accept is waiting on.
            locked = (
                model.objects.select_for_update(no_key=True, of=("self",))
                .only(*fields)
                .get(pk=post.pk)
            )
        except model.DoesNotExist as exc:
            raise InvalidAction(_("This post no longer exists.")) from exc
        if locked.author_id == user.pk:
            raise ActionRefused(_("You can't vote on your own post."))

        existing = Vote.objects.filter(user=user, post_id=locked.post_id).first()
        old_value = existing.value if existing else 0
        new_value = 0 if value == old_value else value
        if new_value == old_value:
            post.score = locked.score
            return existing
        if new_value != 0:  # retracting is always allowed; casting needs the privilege
            privilege = UPVOTE if new_value == Vote.UP else DOWNVOTE
            if not has_privilege(user, privilege):
                raise ActionRefused(refusal(user, privilege))

        # Each branch moves reputation in one reputation_apply call: it updates the people's
        # rows in id order, and two calls could lock them out of order (a deadlock).
        if new_value == 0:
            reputation_apply(revoke=Q(vote=existing))  # before the events cascade away
            existing.delete()
            vote = None
        elif existing is not None:
            existing.value = new_value
            existing.created_at = timezone.now()
            existing.save(update_fields=["value", "created_at"])
            vote = existing
            reputation_apply(revoke=Q(vote=existing), award=vote_events(vote, locked))
        else:
            try:
                with transaction.atomic():
                    vote = Vote.objects.create(user=user, value=new_value, post_id=locked.post_id)
            except IntegrityError as exc:
                # Unreachable while the row lock holds; the constraint stays the last word.
                raise ActionRefused(_("Your vote was already recorded.")) from exc
            reputation_apply(award=vote_events(vote, locked))
        model.objects.filter(pk=locked.pk).update(score=F("score") + (new_value - old_value))
        post.score = locked.score + new_value - old_value
        if kind.name in UPVOTE_REASONS:  # milestones are for posts that earn reputation
            notify_score_changed(post=locked, old=locked.score, new=post.score)
        badges_check_for_vote(
            voter=user,
            author_id=locked.author_id,
            kind=kind.name,
            value=new_value,
            old=locked.score,
            new=post.score,
        )
        retire(VOTED_EVENTS.get(kind.name, Event.COMMENT_VOTED), question_id=thread_of(locked))
    return vote


def scores_recount() -> int:
    """Set every post's score to the sum of its votes. Returns rows fixed."""
    fixed = 0
    for kind in post_kinds():
        total = (
            Vote.objects.filter(post=OuterRef("post_id"))
            .values("post")
            .annotate(total=Sum("value"))
            .values("total")
        )
        fixed += counter_repair(
            kind.model._base_manager.all(), field="score", expected=Coalesce(Subquery(total), 0)
        )
    return fixed
