"""Who hears about what: called by the services that do the actions, in their transactions.

Every function writes with a fixed number of queries, however many people follow a concept or a
question (one read of the followers, one bulk insert), and never notifies people of their own
actions.
"""

from django.utils import timezone

from apps.following.models import ConceptFollow, QuestionFollow
from apps.notifications.models import Kind, Notification
from apps.posts.kinds import thread_of

SCORE_MILESTONES = (5, 25)


def notify_answer_posted(*, answer) -> None:
    """The asker, and everyone else who follows the question, hear of a new answer."""
    question = answer.question
    rows = []
    if question.author_id != answer.author_id:
        rows.append(Notification(recipient_id=question.author_id, kind=Kind.ANSWER))
    followers = QuestionFollow.objects.filter(question=question).exclude(
        user_id__in=[question.author_id, answer.author_id]
    )
    rows += [
        Notification(recipient_id=user_id, kind=Kind.FOLLOWED_ANSWER)
        for user_id in followers.values_list("user_id", flat=True)
    ]
    for row in rows:
        row.actor_id, row.question, row.post_id = answer.author_id, question, answer.post_id
    Notification.objects.bulk_create(rows, ignore_conflicts=True)


def notify_question_asked(*, question, tags) -> None:
    """Everyone who follows one of the question's concepts hears of it (once, however many)."""
    follows = (
        ConceptFollow.objects.filter(tag__in=tags)
        .exclude(user_id=question.author_id)
        .order_by("user_id", "tag_id")
        .values_list("user_id", "tag_id")
    )
    first_tag: dict[int, int] = {}
    for user_id, tag_id in follows:
        first_tag.setdefault(user_id, tag_id)
    Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=user_id,
                kind=Kind.CONCEPT_QUESTION,
                actor_id=question.author_id,
                question=question,
                post_id=question.post_id,
                tag_id=tag_id,
                created_at=question.created_at,
            )
            for user_id, tag_id in first_tag.items()
        ],
        ignore_conflicts=True,
    )


def notify_answer_accepted(*, answer, by, accepted: bool) -> None:
    """The answerer hears that their answer was accepted; a withdrawn accept takes it back."""
    if not accepted:
        Notification.objects.filter(kind=Kind.ACCEPTED, post__answer=answer.pk).delete()
        return
    if answer.author_id == by.pk:
        return
    Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=answer.author_id,
                kind=Kind.ACCEPTED,
                actor=by,
                question_id=answer.question_id,
                post_id=answer.post_id,
            )
        ],
        ignore_conflicts=True,
    )


def notify_bounty_won(*, answer, by=None) -> None:
    """The answer's author hears that it won a bounty (`by`: who awarded it; None when it was
    awarded automatically at the bounty's end)."""
    Notification.objects.create(
        recipient_id=answer.author_id,
        kind=Kind.BOUNTY_WON,
        actor=by,
        question_id=answer.question_id,
        post_id=answer.post_id,
    )


def notify_answer_requested(*, question, asker_id: int, person_id: int) -> None:
    """`person` hears that the asker would like them to answer `question` (once: asking the
    same person again is refused before this, and the constraint keeps one anyway)."""
    Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=person_id,
                kind=Kind.ANSWER_REQUEST,
                actor_id=asker_id,
                question_id=question.pk,
                post_id=question.post_id,
            )
        ],
        ignore_conflicts=True,
    )


def notify_answer_request_declined(*, question_id: int, person_id: int) -> None:
    """Declining reads the request's notification: nothing more to do about it."""
    Notification.objects.filter(
        kind=Kind.ANSWER_REQUEST,
        recipient_id=person_id,
        question_id=question_id,
        read_at__isnull=True,
    ).update(read_at=timezone.now())


def notify_score_changed(*, post, old: int, new: int) -> None:
    """The author hears when their post first reaches a milestone score; falling back below it
    (a retracted vote) takes the notification back, so none is left stale."""
    reached = [m for m in SCORE_MILESTONES if old < m <= new]
    lost = [m for m in SCORE_MILESTONES if new < m <= old]
    if lost:
        Notification.objects.filter(
            kind=Kind.MILESTONE, post_id=post.post_id, milestone__in=lost
        ).delete()
    if reached:
        Notification.objects.bulk_create(
            [
                Notification(
                    recipient_id=post.author_id,
                    kind=Kind.MILESTONE,
                    question_id=thread_of(post),
                    post_id=post.post_id,
                    milestone=milestone,
                )
                for milestone in reached
            ],
            ignore_conflicts=True,
        )


def notify_comment_posted(*, comment, post_author_id: int, mentioned: list[int]) -> None:
    """The author of the post under which `comment` was written hears of it, and so does
    everyone it mentions (`mentioned`: people who took part in the thread); never its own
    author, and each person once."""
    rows = []
    if post_author_id != comment.author_id:
        rows.append(Notification(recipient_id=post_author_id, kind=Kind.COMMENT))
    rows += [
        Notification(recipient_id=user_id, kind=Kind.MENTION)
        for user_id in dict.fromkeys(mentioned)
        if user_id not in (comment.author_id, post_author_id)
    ]
    for row in rows:
        row.actor_id, row.question_id, row.post_id = (
            comment.author_id,
            comment.question_id,
            comment.post_id,
        )
    Notification.objects.bulk_create(rows, ignore_conflicts=True)


def notifications_withdraw(*, post_id: int) -> None:
    """Take back what was said about a post that went away (a deleted comment)."""
    Notification.objects.filter(post_id=post_id).delete()


def notifications_read(
    *, user, question=None, pk: int | None = None, pks: list[int] | None = None
) -> int:
    """Mark `user`'s unread notifications read: all, those about a question, one or some."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if question is not None:
        unread = unread.filter(question=question)
    if pk is not None:
        unread = unread.filter(pk=pk)
    if pks is not None:
        unread = unread.filter(pk__in=pks)
    return unread.update(read_at=timezone.now())


# Kept on the request's user once counted (apps.accounts.backends loads it with the user).
UNREAD_COUNT = "_unread_notifications"


def unread_count(request) -> int:
    """The signed-in person's unread notifications (the header shows them): counted once per
    request (apps.accounts.backends counts it with the user), kept up to date by
    `notifications_read_here`."""
    user = request.user
    if getattr(user, UNREAD_COUNT, None) is None:
        setattr(
            user,
            UNREAD_COUNT,
            Notification.objects.filter(recipient=user, read_at__isnull=True).count(),
        )
    return getattr(user, UNREAD_COUNT)


def notifications_read_here(request, *, question) -> None:
    """Being on a question's page reads what was said about it (the page calls this only when
    some of it is unread), and the header's count shows what is left."""
    read = notifications_read(user=request.user, question=question)
    setattr(request.user, UNREAD_COUNT, max(0, unread_count(request) - read))


def notify_usage_example(*, answer, concept, by, marked: bool) -> None:
    """The answer's author hears that it was marked as an example of `concept` in use; an
    unmark takes it back (the mark is refused on one's own answer, so `by` is someone else)."""
    if not marked:
        Notification.objects.filter(
            kind=Kind.USAGE_EXAMPLE, post_id=answer.post_id, tag=concept
        ).delete()
        return
    Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=answer.author_id,
                kind=Kind.USAGE_EXAMPLE,
                actor=by,
                question_id=answer.question_id,
                post_id=answer.post_id,
                tag=concept,
            )
        ],
        ignore_conflicts=True,
    )
