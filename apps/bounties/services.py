"""Offering, awarding and closing bounties: the one write path for them.

The reputation moves through the ledger (apps.reputation.services.reputation_apply) in the
same transaction as the bounty's row. Each function locks what its decision reads: offering
locks the question (no two bounties, no offer on a question being closed) and the offerer's
row (the balance is read under the lock, so two offers at once cannot spend it twice);
awarding and closing lock the bounty's row and move it out of OPEN with a conditional
UPDATE, so a double submit, a second cron runner or an award racing the cron job changes
nothing the second time. Refusals are raised (apps.core.errors) with a message for the person.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.answers.models import Answer
from apps.badges.services import badge_award_bounty_offered, badge_award_bounty_won
from apps.bounties.models import AMOUNT_MAX, AMOUNT_MIN, Bounty, State, question_bounty_refusal
from apps.caching.events import Event, retire
from apps.core.errors import ActionRefused, InvalidAction
from apps.notifications.services import notify_bounty_won
from apps.questions.models import Question
from apps.reputation.models import Reason, ReputationEvent
from apps.reputation.services import reputation_apply
from apps.trust.privileges import BOUNTY, is_moderator, refusal

# After the grace period, this share goes to the best new answer (score at least
# AUTO_MIN_SCORE), or nothing at all.
AUTO_MIN_SCORE = 2


def bounty_amount_parse(raw) -> int:
    """The amount as posted (any text), or InvalidAction with what is wrong with it."""
    try:
        amount = int(str(raw).strip())
    except (TypeError, ValueError):
        raise InvalidAction(_("The bounty must be a whole number of reputation points.")) from None
    if not AMOUNT_MIN <= amount <= AMOUNT_MAX:
        raise InvalidAction(
            _("A bounty is between %(min)d and %(max)d reputation.")
            % {"min": AMOUNT_MIN, "max": AMOUNT_MAX}
        )
    return amount


def bounty_offer(*, user, question: Question, amount: int) -> Bounty:
    """`user` sets `amount` of their reputation on `question` for BOUNTY_DAYS.

    The reputation leaves them at once. Refused for a question that is too young, closed,
    deleted or answered for good (accepted), that already has an open bounty, or for
    someone without the privilege or the reputation to spend.
    """
    if not AMOUNT_MIN <= amount <= AMOUNT_MAX:
        bounty_amount_parse(amount)  # raises with the message
    if not user.is_authenticated:
        raise ActionRefused(refusal(user, BOUNTY))
    with transaction.atomic():
        locked = (
            Question.all_objects.select_for_update(no_key=True)
            .only("id", "post_id", "created_at", "closed_at", "deleted_at", "accepted_answer_id")
            .filter(pk=question.pk)
            .first()
        )
        if locked is None:
            raise InvalidAction(_("This question no longer exists."), status=404)
        reason = question_bounty_refusal(locked)
        if reason:
            raise ActionRefused(reason)
        if Bounty.objects.open().filter(question_id=locked.pk).exists():
            raise ActionRefused(_("This question already has an open bounty."))
        reputation = (
            get_user_model()
            .objects.select_for_update(no_key=True)
            .filter(pk=user.pk)
            .values_list("reputation", flat=True)
            .first()
        )
        if reputation is None:
            raise ActionRefused(refusal(user, BOUNTY))
        if reputation < BOUNTY.threshold and not is_moderator(user):
            user.reputation = reputation
            raise ActionRefused(refusal(user, BOUNTY))
        if reputation < amount:
            raise ActionRefused(
                _("You have %(reputation)d reputation, so you cannot offer %(amount)d.")
                % {"reputation": reputation, "amount": amount}
            )
        now = timezone.now()
        try:
            with transaction.atomic():  # a concurrent offer that got in first wins
                bounty = Bounty.objects.create(
                    question_id=locked.pk,
                    offerer=user,
                    amount=amount,
                    created_at=now,
                    ends_at=now + timedelta(days=settings.BOUNTY_DAYS),
                )
        except IntegrityError:
            raise ActionRefused(_("This question already has an open bounty.")) from None
        reputation_apply(
            award=[
                ReputationEvent(
                    user_id=user.pk,
                    reason=Reason.BOUNTY_OFFERED,
                    amount=-amount,
                    post_id=locked.post_id,
                )
            ]
        )
        user.reputation = reputation - amount
        badge_award_bounty_offered(user=user)
        retire(Event.BOUNTY_OFFERED, question_id=locked.pk)
    return bounty


def bounty_award(*, user, answer: Answer) -> Bounty:
    """The asker or the offerer gives the question's open bounty to `answer` (not their own),
    during the bounty and its grace period. The answer's author gains its whole amount."""
    with transaction.atomic():
        question = (
            Question.objects.select_for_update(no_key=True)
            .only("id", "author_id")
            .filter(pk=answer.question_id)
            .first()
        )
        if question is None:
            raise InvalidAction(_("This question no longer exists."), status=404)
        bounty = Bounty.objects.select_for_update().filter(question_id=question.pk).first()
        if bounty is None:
            raise ActionRefused(_("This question has no bounty to award."))
        if bounty.state != State.OPEN:
            raise ActionRefused(_("This bounty has already been awarded or has ended."))
        if user.pk not in (question.author_id, bounty.offerer_id):
            raise ActionRefused(
                _("Only the person who asked or who offered the bounty can award it.")
            )
        now = timezone.now()
        if now > bounty.award_until:
            raise ActionRefused(_("The time to award this bounty has passed."))
        winner = (
            Answer.objects.filter(pk=answer.pk, question_id=question.pk)
            .only("id", "author_id", "post_id", "question_id")
            .first()
        )
        if winner is None:
            raise InvalidAction(_("This answer no longer exists."))
        if winner.author_id == user.pk:
            raise ActionRefused(_("You cannot award a bounty to your own answer."))
        _settle(bounty, winner=winner, amount=bounty.amount, now=now, by=user)
        retire(Event.BOUNTY_AWARDED, question_id=question.pk)
    return bounty


def _settle(
    bounty: Bounty, *, winner: Answer | None, amount: int, now, by=None, refund: bool = False
) -> None:
    """Move `bounty` (locked) out of OPEN and pay `winner` (or, with `refund`, give the offerer
    their reputation back); refused if someone else did first."""
    moved = Bounty.objects.filter(pk=bounty.pk, state=State.OPEN).update(
        state=State.AWARDED if winner else State.EXPIRED,
        awarded_answer=winner,
        awarded_amount=amount if winner else 0,
        closed_at=now,
    )
    if not moved:
        raise ActionRefused(_("This bounty has already been awarded or has ended."))
    bounty.state = State.AWARDED if winner else State.EXPIRED
    bounty.awarded_answer, bounty.awarded_amount, bounty.closed_at = winner, amount, now
    if refund:
        reputation_apply(
            award=[
                ReputationEvent(
                    user_id=bounty.offerer_id,
                    reason=Reason.BOUNTY_REFUNDED,
                    amount=bounty.amount,
                    post_id=bounty.question.post_id,
                )
            ]
        )
    if winner is None:
        return
    reputation_apply(
        award=[
            ReputationEvent(
                user_id=winner.author_id,
                reason=Reason.BOUNTY_WON,
                amount=amount,
                post_id=winner.post_id,
            )
        ]
    )
    notify_bounty_won(answer=winner, by=by)
    badge_award_bounty_won(user_id=winner.author_id)


def bounty_auto_winner(bounty: Bounty) -> Answer | None:
    """The answer that gets half of an unawarded bounty: the highest score of at least
    AUTO_MIN_SCORE among the live answers posted after it started (not the offerer's), the
    earliest of equals."""
    return (
        Answer.objects.filter(
            question_id=bounty.question_id,
            created_at__gte=bounty.created_at,
            score__gte=AUTO_MIN_SCORE,
        )
        .exclude(author_id=bounty.offerer_id)
        .only("id", "author_id", "post_id", "question_id")
        .order_by("-score", "created_at", "id")
        .first()
    )


def bounty_close_expired(*, now=None) -> list[Bounty]:
    """Settle every open bounty past its end and grace period: half to `bounty_auto_winner`,
    or lost; on a question deleted meanwhile (where nobody could award it), given back to
    the offerer. Each in its own transaction; a bounty another runner (or an award) holds is
    skipped, and one already settled changes nothing. Returns the bounties it closed."""
    now = now or timezone.now()
    grace = timedelta(hours=settings.BOUNTY_GRACE_HOURS)
    skip_locked = connection.features.has_select_for_update_skip_locked
    closed = []
    due = list(Bounty.objects.open().filter(ends_at__lte=now - grace).values_list("pk", flat=True))
    for pk in due:
        with transaction.atomic():
            bounty = (
                Bounty.objects.select_for_update(skip_locked=skip_locked, of=("self",))
                .select_related("question")
                .filter(pk=pk, state=State.OPEN, ends_at__lte=now - grace)
                .first()
            )
            if bounty is None:  # settled meanwhile, or another runner is on it
                continue
            deleted = bounty.question.deleted_at is not None
            winner = None if deleted else bounty_auto_winner(bounty)
            half = bounty.amount // 2 if winner else 0
            try:
                _settle(bounty, winner=winner, amount=half, now=now, refund=deleted)
            except ActionRefused:
                continue
            retire(Event.BOUNTY_EXPIRED, question_id=bounty.question_id)
            closed.append(bounty)
    return closed
