"""The synthetic community: consistent counters, reproducible from its seed, searchable."""

import datetime as dt
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import transaction

from apps.accounts.models import User
from apps.answers.models import Answer
from apps.questions.models import Question
from apps.reputation.models import Reason, ReputationEvent
from apps.search.query import search_questions
from apps.tags.models import ConceptTag
from apps.tags.seeding import seed_concepts
from apps.votes.models import Vote
from bench.synthetic_community import (
    SYNTHETIC_EMAIL_DOMAIN,
    CommunityGenerator,
    GenerationRefused,
)

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2025, 6, 1, 12, 0, tzinfo=dt.UTC)
QUESTIONS = 50


def generate(seed: int = 3):
    return CommunityGenerator(
        questions=QUESTIONS, seed=seed, now=NOW, jobs=1, batch_size=20, progress=False, check=10
    ).run()


def fingerprint() -> dict:
    """Everything generated, by content (usernames, titles), not by row ids."""
    people = dict(
        User.objects.filter(email__endswith="@" + SYNTHETIC_EMAIL_DOMAIN).values_list(
            "pk", "username"
        )
    )
    questions = [
        (
            q.title,
            q.body,
            people[q.author_id],
            q.score,
            q.answer_count,
            q.view_count,
            q.created_at,
            tuple(tag.slug for tag in q.tags.all()),
        )
        for q in Question.objects.filter(author__in=people).prefetch_related("tags").order_by("pk")
    ]
    answers = list(
        Answer.objects.filter(author__in=people)
        .order_by("pk")
        .values_list("question__title", "author__username", "body", "score", "created_at")
    )
    votes = Counter(Vote.objects.filter(user__in=people).values_list("user__username", "value"))
    reputation = sorted(User.objects.filter(pk__in=people).values_list("username", "reputation"))
    return {"q": questions, "a": answers, "v": votes, "r": reputation}


def test_generated_counters_equal_their_recount():
    seed_concepts()
    report = generate()

    assert report.questions == QUESTIONS
    assert report.recount.startswith("fixed 0 orphaned posts, 0 scores, 0 answer counts, 0 ")
    # The rows agree with each other, checked here directly as well.
    for question in Question.objects.filter(author__email__endswith=SYNTHETIC_EMAIL_DOMAIN):
        answers = Answer.objects.filter(question=question)
        assert question.answer_count == answers.count()
        assert question.score == sum(question.post.votes.values_list("value", flat=True))
        assert question.revisions.get().number == 1
        assert 1 <= question.tags.count() <= 5
        assert all(answer.revisions.count() == 1 for answer in answers)
    assert Question.objects.filter(answer_count=30).exists()  # the question page benchmark
    accepted = ReputationEvent.objects.filter(reason=Reason.ANSWER_ACCEPTED)
    assert accepted.exists()
    assert all(
        Question.objects.filter(accepted_answer__post=event.post_id).exists() for event in accepted
    )
    assert not ReputationEvent.objects.filter(vote=None, post=None).exists()
    for tag in ConceptTag.objects.all():
        assert tag.question_count == tag.questions.count()
    # Built from analyzed pieces, the index holds what the write path itself would index.
    assert report.html_identical == report.checked == 10
    assert report.terms_matched / report.terms_expected > 0.98


def test_the_same_seed_generates_the_same_community():
    seed_concepts()

    class Undo(Exception):
        pass

    with pytest.raises(Undo), transaction.atomic():
        generate(seed=5)
        first = fingerprint()
        raise Undo
    assert not User.objects.filter(email__endswith=SYNTHETIC_EMAIL_DOMAIN).exists()
    generate(seed=5)

    assert fingerprint() == first
    assert len(first["q"]) == QUESTIONS


def test_search_finds_generated_questions_by_concept_and_by_title_words():
    seed_concepts()
    generate()
    question = (
        Question.objects.filter(author__email__endswith=SYNTHETIC_EMAIL_DOMAIN)
        .prefetch_related("tags")
        .order_by("pk")
        .first()
    )
    tag = question.tags.all()[0]

    assert question.pk in search_questions(tag.name_ko).ids
    assert question.pk in search_questions(question.title).ids


def test_a_database_with_a_synthetic_community_is_refused():
    seed_concepts()
    generate()

    with pytest.raises(GenerationRefused, match="already has a synthetic community"):
        generate(seed=9)


def test_the_command_needs_the_concepts_first():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match=r"manage\.py seed"):
        call_command("generate_community", questions=5, verbosity=0)
