"""The benchmark's writes (bench.writes): each planned write is a real one, made through the site
in this process (the write costs of bench_pages) and over HTTP (the mixed run's writers)."""

from urllib.parse import urlsplit

import pytest

from apps.answers.models import Answer
from apps.questions.models import Question
from apps.reputation.models import Reason, ReputationEvent
from apps.votes.models import Vote
from bench.synthetic_community import SYNTHETIC_EMAIL_DOMAIN
from bench.writes import (
    ACCEPT,
    ANSWER,
    VOTE,
    http_member,
    http_send,
    recent_questions,
    write_costs,
    write_plan,
    writers,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def community(make_user, make_question, make_answer):
    """Eight synthetic members; three questions, each with two answers and none accepted."""
    people = [
        make_user(email=f"member{i}@{SYNTHETIC_EMAIL_DOMAIN}", reputation=100 + i) for i in range(8)
    ]
    for i in range(3):
        question = make_question(author=people[i])
        for j in (1, 2):
            make_answer(question=question, author=people[(i + j) % len(people)])
    return people


def test_writers_are_the_synthetic_members_with_the_most_reputation(community, make_user):
    make_user(email="someone@example.com", reputation=10_000)

    assert writers(3) == [community[7], community[6], community[5]]


def test_the_plan_takes_writes_in_turn_each_a_real_one(community):
    questions = recent_questions(10)
    accepted = {question.pk: None for question in questions}

    plan = write_plan(questions, writers(8), 60)

    kinds = [write.kind for write in plan]
    assert kinds[:6] == [VOTE, ANSWER, ACCEPT] * 2
    answers = {a.pk: a for a in Answer.objects.select_related("question")}
    votes = [(w.user.pk, w.path) for w in plan if w.kind == VOTE]
    assert len(votes) == len(set(votes))  # a second vote the same way would retract the first
    for write in plan:
        target = int(urlsplit(write.path).path.strip("/").split("/")[1])
        if write.kind == VOTE:
            assert write.user.pk != answers[target].author_id
        elif write.kind == ANSWER:
            assert write.user.pk != Question.objects.get(pk=target).author_id
        else:
            answer = answers[target]
            assert write.user.pk == answer.question.author_id != answer.author_id
            assert accepted[answer.question_id] != target  # again would withdraw it
            accepted[answer.question_id] = target


def test_write_costs_vote_answer_and_accept_for_real(community):
    questions = recent_questions(10, answered_without_accept=True)
    answers_before = Answer.objects.count()

    costs = write_costs(questions, writers(8), repeats=2)

    assert [(c.write, c.statuses) for c in costs] == [
        (VOTE, [200, 200]),
        (ANSWER, [302, 302]),
        (ACCEPT, [200, 200]),
    ]
    assert all(queries > 0 for cost in costs for queries in cost.queries)
    assert Vote.objects.filter(value=Vote.UP).count() == 2
    assert Answer.objects.count() == answers_before + 2
    assert Answer.objects.filter(body__contains="$f(x) = x^2$").count() == 2
    assert Question.objects.exclude(accepted_answer=None).count() == 2
    assert ReputationEvent.objects.filter(reason=Reason.ANSWER_ACCEPTED).count() == 2


@pytest.mark.django_db(transaction=True)
def test_writes_over_http_pass_the_csrf_check_and_are_stored(community, live_server):
    port = urlsplit(live_server.url).port
    vote, answer, accept = write_plan(recent_questions(10), writers(8), 3)
    signed_in = {w.user.pk: http_member(w.user, port) for w in (vote, answer, accept)}

    statuses = [http_send(w, signed_in[w.user.pk], port) for w in (vote, answer, accept)]

    assert statuses == ["200", "302", "200"]
    assert Vote.objects.filter(user=vote.user, value=Vote.UP).exists()
    assert Answer.objects.filter(author=answer.user, body=answer.data["body"]).exists()
    assert Question.objects.filter(author=accept.user).exclude(accepted_answer=None).exists()
