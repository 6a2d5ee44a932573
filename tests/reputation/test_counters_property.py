"""Property: after any sequence of actions, every stored counter equals its recount."""

import contextlib

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apps.accounts.models import User
from apps.answers.models import Answer
from apps.answers.services import ACCEPT_REASONS, answer_accept, answer_create
from apps.core.errors import ActionRefused
from apps.moderation.services import post_delete, post_restore
from apps.questions.models import Question
from apps.questions.services import answer_counts_recount, question_create
from apps.reputation.models import ReputationEvent
from apps.reputation.services import reputation_recount
from apps.tags.models import Area, ConceptTag
from apps.tags.services import tag_counts_recount
from apps.votes.models import Vote
from apps.votes.services import scores_recount, vote_cast

PEOPLE = 4

action = st.one_of(
    st.tuples(st.just("ask"), st.integers(0, PEOPLE - 1)),
    st.tuples(st.just("answer"), st.integers(0, PEOPLE - 1), st.integers(0, 5)),
    st.tuples(
        st.just("vote_question"),
        st.integers(0, PEOPLE - 1),
        st.integers(0, 5),
        st.sampled_from([1, -1, 0]),
    ),
    st.tuples(
        st.just("vote_answer"),
        st.integers(0, PEOPLE - 1),
        st.integers(0, 9),
        st.sampled_from([1, -1, 0]),
    ),
    st.tuples(st.just("accept"), st.integers(0, 9)),
    # A moderator deletes or restores a question or an answer (soft deletion).
    st.tuples(
        st.sampled_from(["delete", "restore"]), st.sampled_from(["q", "a"]), st.integers(0, 9)
    ),
)


def _run(step, people, moderator):
    kind = step[0]
    questions = list(Question.objects.order_by("id"))
    answers = list(Answer.objects.order_by("id"))
    if kind in ("delete", "restore"):
        model = Question if step[1] == "q" else Answer
        live = (
            model.objects.all() if kind == "delete" else model.all_objects.exclude(deleted_at=None)
        )
        posts = list(live.order_by("id"))
        if posts:
            action = post_delete if kind == "delete" else post_restore
            action(user=moderator, post=posts[step[2] % len(posts)])
        return
    if kind == "ask":
        question_create(
            author=people[step[1]], title="확률 질문입니다", body="본문 $p(x)$", tags=["likelihood"]
        )
    elif kind == "answer" and questions:
        question = questions[step[2] % len(questions)]
        answer_create(author=people[step[1]], question=question, body="답변 $q$")
    elif kind == "vote_question" and questions:
        vote_cast(user=people[step[1]], post=questions[step[2] % len(questions)], value=step[3])
    elif kind == "vote_answer" and answers:
        vote_cast(user=people[step[1]], post=answers[step[2] % len(answers)], value=step[3])
    elif kind == "accept" and answers:
        answer = answers[step[1] % len(answers)]
        answer_accept(user=answer.question.author, answer=answer)


def _assert_counters_match_rows():
    for question in Question.all_objects.all():
        votes = Vote.objects.filter(post=question.post_id)
        assert question.score == sum(v.value for v in votes)
        own_live = Answer.all_objects.filter(question=question, deleted_at=None)
        assert question.answer_count == own_live.count()
        accepted = question.accepted_answer_id
        assert accepted is None or own_live.filter(pk=accepted).exists()
    for answer in Answer.all_objects.all():
        assert answer.score == sum(v.value for v in Vote.objects.filter(post=answer.post_id))
    for user in User.objects.all():
        ledger = sum(e.amount for e in ReputationEvent.objects.filter(user=user))
        assert user.reputation == 1 + ledger
    # Every event's cause still exists, is live, and is consistent with the rules.
    for event in ReputationEvent.objects.for_profile():
        if event.post_id is not None and event.reason in ACCEPT_REASONS:
            answer = event.post.row
            assert answer.question.accepted_answer_id == answer.pk
        if event.vote_id is not None:
            post = event.vote.post.row
            question = post if isinstance(post, Question) else post.question
            assert post.deleted_at is None and question.deleted_at is None
    # The repair functions agree: nothing to fix.
    assert scores_recount() == 0
    assert answer_counts_recount() == 0
    assert reputation_recount() == 0
    assert tag_counts_recount() == 0


@pytest.mark.django_db
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(action, min_size=1, max_size=30))
def test_stored_counters_always_equal_their_recount(steps):
    with transaction.atomic():
        people = [User.objects.create(username=f"prop{i}") for i in range(PEOPLE)]
        moderator = User.objects.create(username="prop-moderator", is_staff=True)
        area = Area.objects.create(slug="prop-area", name_ko="분야", name_en="Area")
        ConceptTag.objects.create(
            slug="likelihood", name_ko="우도", name_en="Likelihood", area=area
        )
        for step in steps:
            # Self-votes and accepts by others are refused and must change nothing.
            with contextlib.suppress(ActionRefused):
                _run(step, people, moderator)
        _assert_counters_match_rows()
        transaction.set_rollback(True)
