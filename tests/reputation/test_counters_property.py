"""Property: after any sequence of actions, every stored counter equals its recount."""

import contextlib

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apps.accounts.models import User
from apps.answers.models import Answer
from apps.answers.services import answer_accept, answer_create
from apps.core.errors import ActionRefused
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
)


def _run(step, people):
    kind = step[0]
    questions = list(Question.objects.order_by("id"))
    answers = list(Answer.objects.order_by("id"))
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
    for question in Question.objects.all():
        votes = Vote.objects.filter(question=question)
        assert question.score == sum(v.value for v in votes)
        assert question.answer_count == Answer.objects.filter(question=question).count()
    for answer in Answer.objects.all():
        assert answer.score == sum(v.value for v in Vote.objects.filter(answer=answer))
    for user in User.objects.all():
        ledger = sum(e.amount for e in ReputationEvent.objects.filter(user=user))
        assert user.reputation == 1 + ledger
    # Every event's cause still exists and is consistent with the rules.
    for event in ReputationEvent.objects.select_related("answer__question"):
        if event.answer_id is not None:
            assert event.answer.question.accepted_answer_id == event.answer_id
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
        area = Area.objects.create(slug="prop-area", name_ko="분야", name_en="Area")
        ConceptTag.objects.create(
            slug="likelihood", name_ko="우도", name_en="Likelihood", area=area
        )
        for step in steps:
            # Self-votes and accepts by others are refused and must change nothing.
            with contextlib.suppress(ActionRefused):
                _run(step, people)
        _assert_counters_match_rows()
        transaction.set_rollback(True)
