"""Moderation: deleting and restoring posts, flags, closing and reopening, the audit log.

Every function here is the one write path for its action: in one transaction, with the post's
question row locked first (so concurrent flags, votes and deletions on one thread queue up), and
every stored counter (answer counts, tag counts, reputation) moved in step, so that each still
equals its recount after delete and restore.
"""

from collections import Counter

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.answers.models import Answer
from apps.answers.services import ACCEPT_REASONS, accept_events, answer_count_moved
from apps.badges.services import badges_check_for_review
from apps.caching.events import Event, retire
from apps.comments.models import Comment
from apps.comments.services import comment_bring_back, comment_can_delete, comment_remove
from apps.core.errors import ActionRefused, InvalidAction
from apps.moderation.models import CloseVote, Flag, FlagReason, FlagStatus, LogAction, ModerationLog
from apps.notifications.models import Notification
from apps.posts.kinds import post_ids_of, post_kind, thread_of
from apps.posts.models import Deletion
from apps.questions.models import CloseReason, Question
from apps.reputation.models import Reason, ReputationEvent
from apps.reputation.services import reputation_apply
from apps.search.services import search_index_question, search_unindex_question
from apps.tags.services import tag_counts_refresh
from apps.trust.privileges import CLOSE, FLAG, has_privilege, is_moderator, refusal
from apps.votes.models import Vote
from apps.votes.services import vote_events

Post = Question | Answer | Comment
HIDING_REASONS = (FlagReason.SPAM, FlagReason.RUDE)


def _log(actor, action: str, post: Post, note: str = "") -> None:
    ModerationLog.objects.create(
        actor=actor,
        action=action,
        question_id=thread_of(post),
        post_id=post.post_id,
        note=note[:500],
    )


def _lock(post: Post) -> Post:
    """Lock the thread's question row, then return a fresh copy of the post (deleted or not)."""
    list(
        Question.all_objects.select_for_update(no_key=True)
        .filter(pk=thread_of(post))
        .values_list("pk")
    )
    return type(post).all_objects.get(pk=post.pk)


# --- Reputation that a post's votes and accept carry ---------------------------------------------


def _earned(post: Post) -> Q:
    """The ledger events a post (and all that belongs to it) brings its people while live."""
    ids = post_ids_of(post)
    return Q(vote__post__in=ids) | Q(post__in=ids, reason__in=ACCEPT_REASONS)


def _earned_events(post: Post) -> list[ReputationEvent]:
    """The events `_earned` selects, built again from the votes and the accept that stand."""
    if isinstance(post, Comment):
        return []  # comments carry no reputation
    if isinstance(post, Answer):
        answers = [post]
        question = post.question
    else:
        question = post
        answers = list(Answer.all_objects.filter(question=post, deleted_at__isnull=True))
    targets = {row.post_id: row for row in [post, *answers]}
    events = []
    for vote in Vote.objects.filter(post_id__in=targets):
        events += vote_events(vote, targets[vote.post_id])
    accepted = next((a for a in answers if a.pk == question.accepted_answer_id), None)
    if accepted is not None:
        events += accept_events(accepted, question.author_id)
    return events


# --- Deleting and restoring ----------------------------------------------------------------------


def _remove(post: Post, *, by, deletion: str, penalty: list | None = None) -> None:
    """Soft-delete a locked live post: out of lists, counts, search, feeds and reputation
    (and, for a post hidden by flags, its author's penalty, in the same ledger update)."""
    now = timezone.now()
    reputation_apply(revoke=_earned(post), award=penalty)
    if isinstance(post, Comment):
        comment_remove(comment=post, by=by, deletion=deletion)
    elif isinstance(post, Answer):
        retire(Event.ANSWER_REMOVED, question_id=post.question_id)
        question = Question.all_objects.get(pk=post.question_id)
        if question.accepted_answer_id == post.pk:
            post.was_accepted = True
            Question.all_objects.filter(pk=question.pk).update(accepted_answer=None)
        Answer.all_objects.filter(pk=post.pk).update(
            deleted_at=now, deleted_by=by, deletion=deletion, was_accepted=post.was_accepted
        )
        Question.all_objects.filter(pk=question.pk).update(answer_count=F("answer_count") - 1)
        answer_count_moved(question.pk, added=False)
        Notification.objects.filter(post_id=post.post_id).delete()
        if question.deleted_at is None:
            search_index_question(question)
    else:
        retire(Event.QUESTION_REMOVED, question_id=post.pk)
        Question.all_objects.filter(pk=post.pk).update(
            deleted_at=now, deleted_by=by, deletion=deletion
        )
        post.deleted_at = now
        tag_counts_refresh(question=post)
        Notification.objects.filter(question=post).delete()
        search_unindex_question(post.pk)


def _bring_back(post: Post) -> None:
    """Undo `_remove` on a locked deleted post: everything it took away comes back."""
    if isinstance(post, Comment):
        if Question.all_objects.filter(pk=post.question_id, deleted_at__isnull=False).exists():
            raise ActionRefused(_("Restore the question first: this comment belongs to it."))
        comment_bring_back(comment=post)
    elif isinstance(post, Answer):
        retire(Event.ANSWER_RESTORED, question_id=post.question_id)
        question = Question.all_objects.get(pk=post.question_id)
        if question.deleted_at is not None:
            raise ActionRefused(_("Restore the question first: this answer belongs to it."))
        updates = {}
        if post.was_accepted and question.accepted_answer_id is None:
            updates["accepted_answer"] = post
        Answer.all_objects.filter(pk=post.pk).update(
            deleted_at=None, deleted_by=None, deletion="", was_accepted=False
        )
        Question.all_objects.filter(pk=question.pk).update(
            answer_count=F("answer_count") + 1, **updates
        )
        answer_count_moved(question.pk, added=True)
        post = Answer.objects.select_related("question").get(pk=post.pk)
        reputation_apply(revoke=_earned(post), award=_earned_events(post))
        search_index_question(post.question)
    else:
        retire(Event.QUESTION_RESTORED, question_id=post.pk)
        Question.all_objects.filter(pk=post.pk).update(
            deleted_at=None, deleted_by=None, deletion=""
        )
        post = Question.objects.get(pk=post.pk)
        reputation_apply(revoke=_earned(post), award=_earned_events(post))
        tag_counts_refresh(question=post)
        search_index_question(post)


def post_can_delete(*, user, post: Post, answers=None) -> bool:
    """Moderators delete anything; authors delete their own post while no one relies on it:
    a question without upvoted or accepted answers, an answer that is not accepted.

    `answers`: a question's answers when they are loaded already (deleted ones may be among
    them), so as not to ask the database again."""
    if isinstance(post, Comment):
        return comment_can_delete(user=user, comment=post)
    if is_moderator(user):
        return True
    if not user.is_authenticated or user.pk != post.author_id:
        return False
    if isinstance(post, Answer):
        return post.question.accepted_answer_id != post.pk
    if post.accepted_answer_id is not None:
        return False
    if answers is not None:
        return not any(answer.score > 0 and answer.deleted_at is None for answer in answers)
    return not post.answers.filter(score__gt=0).exists()


def post_delete(*, user, post: Post, note: str = "") -> None:
    with transaction.atomic():
        post = _lock(post)
        if post.deleted_at is not None:
            raise InvalidAction(_("This post is already deleted."))
        if not post_can_delete(user=user, post=post):
            if user.pk == post.author_id:
                raise ActionRefused(
                    _(
                        "Others have upvoted or accepted answers here, so only a moderator "
                        "can delete it."
                    )
                    if isinstance(post, Question)
                    else _("An accepted answer can only be deleted by a moderator.")
                )
            raise ActionRefused(_("Only the author or a moderator can delete this post."))
        moderator = user.pk != post.author_id
        _remove(post, by=user, deletion=Deletion.MODERATOR if moderator else Deletion.AUTHOR)
        _log(user, LogAction.DELETE, post, note)


def post_restore(*, user, post: Post, note: str = "") -> None:
    if not is_moderator(user):
        raise ActionRefused(_("Only moderators can restore deleted posts."))
    with transaction.atomic():
        post = _lock(post)
        if post.deleted_at is None:
            raise InvalidAction(_("This post is not deleted."))
        hidden = post.deletion == Deletion.FLAGS
        _bring_back(post)
        if hidden:  # restoring a hidden post rejects its flags
            _settle_flags(post, moderator=user, status=FlagStatus.REJECTED)
        _log(user, LogAction.RESTORE, post, note)


# --- Flags ---------------------------------------------------------------------------------------


def _flags_of(post: Post):
    return Flag.objects.filter(post_id=post.post_id)


def _penalty(post: Post) -> Q:
    return Q(post_id=post.post_id, reason=Reason.POST_HIDDEN)


def _settle_flags(post: Post, *, moderator, status: str) -> int:
    if status == FlagStatus.REJECTED:
        reputation_apply(revoke=_penalty(post))
    return (
        _flags_of(post)
        .filter(status=FlagStatus.PENDING)
        .update(status=status, reviewed_by=moderator, reviewed_at=timezone.now())
    )


def flag_check(*, user, post: Post) -> None:
    """Refuse unless `user` may flag `post` at all: the privilege, a post still there, not
    their own. The flag form asks before it is shown; `flag_create` asks again under the lock."""
    if not has_privilege(user, FLAG):
        raise ActionRefused(refusal(user, FLAG))
    gone = post.deleted_at is not None or (
        not post_kind(post).heads_thread
        and Question.all_objects.filter(pk=thread_of(post), deleted_at__isnull=False).exists()
    )
    if gone:
        raise InvalidAction(_("This post was deleted, so it cannot be flagged."))
    if post.author_id == user.pk:
        raise ActionRefused(_("You can't flag your own post."))


def flag_create(
    *, user, post: Post, reason: str, duplicate_of: Question | None = None, note: str = ""
) -> Flag:
    """Flag a post for the moderators. Enough spam or rude flags from different people hide
    it at once, pending review, and cost its author reputation (given back if rejected)."""
    flag_check(user=user, post=post)
    if reason not in FlagReason.values:
        raise InvalidAction(_("Choose why you flag this post."))
    note = note.strip()
    if reason == FlagReason.OTHER and not note:
        raise InvalidAction(_("Tell the moderators what is wrong in a few words."))
    if reason == FlagReason.DUPLICATE:
        if not post_kind(post).heads_thread:
            raise InvalidAction(_("Only questions can be duplicates."))
        _check_duplicate(post, duplicate_of)
    with transaction.atomic():
        post = _lock(post)
        flag_check(user=user, post=post)  # as it stands now: deleted meanwhile?
        try:
            with transaction.atomic():
                flag = Flag.objects.create(
                    user=user,
                    question_id=thread_of(post),
                    post_id=post.post_id,
                    reason=reason,
                    duplicate_of=duplicate_of if reason == FlagReason.DUPLICATE else None,
                    note=note[:500],
                )
        except IntegrityError as exc:
            raise ActionRefused(_("You have already flagged this post.")) from exc
        serious = (
            _flags_of(post)
            .filter(status=FlagStatus.PENDING, reason__in=HIDING_REASONS)
            .values("user")
            .distinct()
            .count()
        )
        if serious >= settings.FLAGS_TO_HIDE:
            penalty = ReputationEvent(
                user_id=post.author_id,
                reason=Reason.POST_HIDDEN,
                post_id=post.post_id,
            )
            _remove(post, by=None, deletion=Deletion.FLAGS, penalty=[penalty])
            _log(None, LogAction.HIDE, post)
    return flag


def flags_review(*, moderator, post: Post, decision: str, note: str = "") -> None:
    """A moderator settles a post's pending flags: approve (the flags were right; a hidden post
    stays hidden, a visible one stays visible), reject (a hidden post comes back and its
    author's reputation with it), or delete (the post goes)."""
    if not is_moderator(moderator):
        raise ActionRefused(_("Only moderators can review flags."))
    if decision not in {"approve", "reject", "delete"}:
        raise InvalidAction(_("Choose approve, reject or delete."))
    with transaction.atomic():
        post = _lock(post)
        if not _flags_of(post).filter(status=FlagStatus.PENDING).exists():
            raise InvalidAction(_("This post has no flags waiting for review."))
        hidden = post.deletion == Deletion.FLAGS
        if decision == "reject":
            if hidden:
                _bring_back(post)
            _settle_flags(post, moderator=moderator, status=FlagStatus.REJECTED)
            badges_check_for_review(moderator_id=moderator.pk, approved_flagger_ids=())
            _log(moderator, LogAction.REJECT, post, note)
            return
        flaggers = list(
            _flags_of(post).filter(status=FlagStatus.PENDING).values_list("user_id", flat=True)
        )
        _settle_flags(post, moderator=moderator, status=FlagStatus.APPROVED)
        badges_check_for_review(moderator_id=moderator.pk, approved_flagger_ids=flaggers)
        if decision == "delete":
            if post.deleted_at is None:
                _remove(post, by=moderator, deletion=Deletion.MODERATOR)
            else:
                type(post).all_objects.filter(pk=post.pk).update(
                    deleted_by=moderator, deletion=Deletion.MODERATOR
                )
            _log(moderator, LogAction.DELETE, post, note)
        else:
            _log(moderator, LogAction.APPROVE, post, note)


# --- Closing and reopening -----------------------------------------------------------------------


def _check_duplicate(question: Question, original: Question | None) -> None:
    if original is None:
        raise InvalidAction(_("Give the question this one repeats."))
    if original.pk == question.pk:
        raise InvalidAction(_("A question cannot be a duplicate of itself."))
    if original.deleted_at is not None or not Question.objects.filter(pk=original.pk).exists():
        raise InvalidAction(_("That question was deleted; choose another."))


def question_close_vote(
    *, user, question: Question, reason: str, duplicate_of: Question | None = None
) -> bool:
    """Vote to close a question (a moderator's vote closes it at once). Returns whether the
    question is closed afterwards."""
    if not has_privilege(user, CLOSE):
        raise ActionRefused(refusal(user, CLOSE))
    if reason not in CloseReason.values:
        raise InvalidAction(_("Choose why the question should be closed."))
    if reason == CloseReason.DUPLICATE:
        _check_duplicate(question, duplicate_of)
    with transaction.atomic():
        question = _lock(question)
        if question.deleted_at is not None:
            raise InvalidAction(_("This question was deleted."))
        if question.closed_at is not None:
            raise InvalidAction(_("This question is already closed."))
        votes = _cast(question, user, CloseVote.Action.CLOSE, reason, duplicate_of)
        if not is_moderator(user) and len(votes) < settings.CLOSE_VOTES_NEEDED:
            return False
        reasons = Counter(vote.reason for vote in votes)
        final = reason if is_moderator(user) else reasons.most_common(1)[0][0]
        original_id = None
        if final == CloseReason.DUPLICATE:
            if is_moderator(user):
                original_id = duplicate_of.pk
            else:  # the original most of the voters named
                targets = Counter(v.duplicate_of_id for v in votes if v.reason == final)
                original_id = targets.most_common(1)[0][0]
        Question.all_objects.filter(pk=question.pk).update(
            closed_at=timezone.now(), closed_reason=final, duplicate_of_id=original_id
        )
        CloseVote.objects.filter(question=question).delete()  # the round is over
        _log(user, LogAction.CLOSE, question, final)  # the reason's code, shown translated
        retire(Event.QUESTION_CLOSED, question_id=question.pk)
    return True


def question_reopen_vote(*, user, question: Question) -> bool:
    """Vote to reopen a closed question (a moderator's vote reopens it at once)."""
    if not has_privilege(user, CLOSE):
        raise ActionRefused(refusal(user, CLOSE))
    with transaction.atomic():
        question = _lock(question)
        if question.deleted_at is not None:
            raise InvalidAction(_("This question was deleted."))
        if question.closed_at is None:
            raise InvalidAction(_("This question is open."))
        votes = _cast(question, user, CloseVote.Action.REOPEN, "", None)
        if not is_moderator(user) and len(votes) < settings.CLOSE_VOTES_NEEDED:
            return False
        Question.all_objects.filter(pk=question.pk).update(
            closed_at=None, closed_reason="", duplicate_of=None
        )
        CloseVote.objects.filter(question=question).delete()
        _log(user, LogAction.REOPEN, question)
        retire(Event.QUESTION_CLOSED, question_id=question.pk)
    return True


def _cast(question, user, action, reason, duplicate_of) -> list[CloseVote]:
    try:
        with transaction.atomic():
            CloseVote.objects.create(
                question=question,
                user=user,
                action=action,
                reason=reason,
                duplicate_of=duplicate_of if reason == CloseReason.DUPLICATE else None,
            )
    except IntegrityError as exc:
        raise ActionRefused(_("You have already voted on this.")) from exc
    return list(CloseVote.objects.filter(question=question, action=action))
