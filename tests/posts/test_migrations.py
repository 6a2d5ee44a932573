"""The migrations that brought in posts keep every row: run on a populated database (the
schema as it was before, filled through the models of then), every vote, ledger event, flag,
log entry and notification still points at the same question or answer afterwards, and every
counter still equals its recount."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from apps.votes.services import vote_cast

BEFORE = [
    ("questions", "0006_live_list_indexes"),
    ("answers", "0005_answer_deleted_at_answer_deleted_by_answer_deletion_and_more"),
    ("votes", "0001_initial"),
    ("reputation", "0002_remove_reputationevent_reputation_event_has_cause_and_more"),
    ("moderation", "0001_initial"),
    ("notifications", "0001_initial"),
    ("comments", None),
    ("posts", None),
]


def _migrate(targets):
    """Migrate to `targets` (apps that depend on what is undone go back with it) and return
    the models as the database now holds them: the state of every applied migration."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    executor.loader.build_graph()
    graph = executor.loader.graph
    applied = {key for key in executor.loader.applied_migrations if key in graph.node_map}
    leaves = [
        key
        for key in applied
        if not any(child.key in applied for child in graph.node_map[key].children)
    ]
    return executor.loader.project_state(leaves).apps


def _latest():
    """Every app's last migration: where the test leaves the database, whatever went back."""
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _populate(apps) -> dict:
    """A small board through the models as they were: what each row pointed at, by title."""
    User = apps.get_model("accounts", "User")
    Question = apps.get_model("questions", "Question")
    Answer = apps.get_model("answers", "Answer")
    Vote = apps.get_model("votes", "Vote")
    Event = apps.get_model("reputation", "ReputationEvent")
    Flag = apps.get_model("moderation", "Flag")
    Log = apps.get_model("moderation", "ModerationLog")
    Notification = apps.get_model("notifications", "Notification")
    blank = {"display_name": "", "bio": "", "bio_html": "", "language": "", "password": "!"}
    blank["email"] = ""
    people = [User.objects.create(username=f"m{i}", reputation=1, **blank) for i in range(4)]
    asker, answerer, voter, flagger = people
    # Rows other tests left behind may hold numbers (their sequences are not reset): the
    # questions take numbers that no question or answer has.
    taken = set(Answer.objects.values_list("pk", flat=True))
    first = max(taken | set(Question.objects.values_list("pk", flat=True)) | {0}) + 1
    questions = [
        Question.objects.create(
            id=first + i, author=asker, title=f"질문 {i}", body="b", body_html="<p>b</p>"
        )
        for i in range(3)
    ]
    # Answers numbered like the questions on purpose: posts must tell them apart.

    def free(wanted: int) -> int:
        while wanted in taken:
            wanted += 10_000
        taken.add(wanted)
        return wanted

    answers = [
        Answer.objects.create(
            id=free(question.pk + 10_000 * i),
            question=question,
            author=answerer,
            body=f"a{i}",
            body_html="a",
        )
        for question in questions
        for i in range(2)
    ]
    assert {q.pk for q in questions} & {a.pk for a in answers}
    for question in questions:
        Vote.objects.create(user=voter, question=question, value=1)
        Event.objects.create(
            user=asker, amount=10, reason="question_upvoted", vote=Vote.objects.last()
        )
    for answer in answers[:4]:
        Vote.objects.create(user=voter, answer=answer, value=-1)
        Event.objects.create(
            user=answerer, amount=-2, reason="post_downvoted", vote=Vote.objects.last()
        )
    accepted = answers[0]
    Question.objects.filter(pk=accepted.question_id).update(accepted_answer=accepted)
    Event.objects.create(user=answerer, amount=15, reason="answer_accepted", answer=accepted)
    Event.objects.create(user=asker, amount=-100, reason="post_hidden", question=questions[2])
    Flag.objects.create(user=flagger, question=questions[1], reason="spam")
    Flag.objects.create(
        user=flagger, question=answers[3].question, answer=answers[3], reason="rude"
    )
    Log.objects.create(action="hide", question=questions[2])
    Log.objects.create(action="delete", question=answers[5].question, answer=answers[5])
    Notification.objects.create(
        recipient=asker, kind="answer", question=answers[1].question, answer=answers[1]
    )
    Notification.objects.create(recipient=asker, kind="milestone", question=questions[0])
    for question in questions:
        Question.objects.filter(pk=question.pk).update(score=1, answer_count=2)
    for answer in answers[:4]:
        Answer.objects.filter(pk=answer.pk).update(score=-1)
    for user in people:
        total = sum(Event.objects.filter(user=user).values_list("amount", flat=True))
        User.objects.filter(pk=user.pk).update(reputation=1 + total)

    def target(row, question_field="question", answer_field="answer"):
        answer = getattr(row, f"{answer_field}_id")
        return ("answer", answer) if answer else ("question", getattr(row, f"{question_field}_id"))

    return {
        "votes": sorted((v.user_id, v.value, *target(v)) for v in Vote.objects.all()),
        "events": sorted(
            (e.user_id, e.amount, e.reason, bool(e.vote_id), *target(e.vote if e.vote_id else e))
            for e in Event.objects.select_related("vote")
        ),
        "flags": sorted((f.user_id, f.question_id, *target(f)) for f in Flag.objects.all()),
        "log": sorted(
            (entry.action, entry.question_id, *target(entry)) for entry in Log.objects.all()
        ),
        "notifications": sorted(
            (n.recipient_id, n.kind, n.question_id, *target(n)) for n in Notification.objects.all()
        ),
    }


def _target_now(post) -> tuple[str, int]:
    return (post.kind, post.row.pk)


@pytest.mark.django_db(transaction=True)
def test_the_posts_migrations_keep_every_row_and_counter(make_user, make_question, make_answer):
    # Rows written through today's services first: going back undoes the posts with rows there.
    answer = make_answer(question=make_question())
    vote_cast(user=make_user(), post=answer, value=1)
    latest = _latest()
    try:
        before = _populate(_migrate(BEFORE))
        _migrate(latest)
        from apps.moderation.models import Flag, ModerationLog
        from apps.notifications.models import Notification
        from apps.posts.models import Post
        from apps.questions.services import answer_counts_recount
        from apps.reputation.models import ReputationEvent
        from apps.reputation.services import reputation_recount
        from apps.votes.models import Vote
        from apps.votes.services import scores_recount

        after = {
            "votes": sorted((v.user_id, v.value, *_target_now(v.post)) for v in Vote.objects.all()),
            "events": sorted(
                (
                    e.user_id,
                    e.amount,
                    e.reason,
                    bool(e.vote_id),
                    *_target_now(e.vote.post if e.vote_id else e.post),
                )
                for e in ReputationEvent.objects.select_related("vote__post", "post")
            ),
            "flags": sorted(
                (f.user_id, f.question_id, *_target_now(f.post)) for f in Flag.objects.all()
            ),
            "log": sorted(
                (entry.action, entry.question_id, *_target_now(entry.post))
                for entry in ModerationLog.objects.all()
            ),
            "notifications": sorted(
                (n.recipient_id, n.kind, n.question_id, *_target_now(n.post))
                for n in Notification.objects.all()
            ),
        }
        assert Post.objects.filter(kind="question").count() == 4
        assert Post.objects.filter(kind="answer").count() == 7
        for name in before:
            assert after[name] == before[name], name
        assert scores_recount() == 0
        assert answer_counts_recount() == 0
        assert reputation_recount() == 0
        # New posts number on after the migrated ones.
        top = Post.objects.order_by("-pk").first().pk
        assert Post.objects.create(kind="question").pk > top
    finally:
        _migrate(latest)
