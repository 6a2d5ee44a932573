"""The stored awards are what the rules compute from the rows, after any actions that undo
nothing (a badge stays when its cause is undone, so undoing is left out on purpose)."""

import random

import pytest
from django.core.management import call_command

from apps.answers.models import Answer
from apps.answers.services import answer_accept, answer_edit
from apps.badges.models import BadgeAward
from apps.badges.services import badges_recount
from apps.comments.services import comment_create
from apps.following.models import QuestionFollow
from apps.following.services import question_follow_toggle
from apps.questions.models import Question
from apps.questions.services import question_edit
from apps.votes.models import Vote
from apps.votes.services import vote_cast

pytestmark = pytest.mark.django_db


def awards() -> set[tuple[int, str, int | None]]:
    return set(BadgeAward.objects.values_list("user_id", "badge", "concept_id"))


def test_stored_awards_equal_the_recount_after_random_actions(
    make_user, make_tag, make_question, make_answer, settings
):
    settings.PRIVILEGE_COMMENT = 1
    rng = random.Random(14)
    people = [make_user() for _ in range(8)]
    concepts = [make_tag(f"concept-{n}").slug for n in range(6)]
    questions = [make_question(author=rng.choice(people), tags=[concepts[0]])]
    answers = [make_answer(question=questions[0], author=people[1])]

    def ask():
        tags = rng.sample(concepts, rng.randint(1, 2))
        questions.append(make_question(author=rng.choice(people), tags=tags))

    def answer():
        answers.append(make_answer(question=rng.choice(questions), author=rng.choice(people)))

    def upvote():
        post = rng.choice(answers + questions)
        voter = rng.choice([p for p in people if p.pk != post.author_id])
        if not Vote.objects.filter(user=voter, post_id=post.post_id).exists():  # no retracting
            vote_cast(user=voter, post=post, value=1)

    def accept():
        chosen = rng.choice(answers)
        question = Question.objects.get(pk=chosen.question_id)
        if question.accepted_answer_id is None:  # never changed: that would undo one
            answer_accept(user=question.author, answer=chosen)

    def edit():
        if rng.random() < 0.5:
            chosen = Answer.objects.get(pk=rng.choice(answers).pk)
            answer_edit(user=chosen.author, answer=chosen, body=chosen.body + " 보충")
        else:
            question = Question.objects.get(pk=rng.choice(questions).pk)
            question_edit(
                user=question.author,
                question=question,
                title=question.title,
                body=question.body + " 보충",
                tags=list(question.tags.values_list("slug", flat=True)),
            )

    def comment():
        comment_create(
            author=rng.choice(people),
            target=rng.choice(questions),
            body="이 부분에서 세타가 무엇을 뜻하는지 궁금해요?",
        )

    def follow():
        question = rng.choice(questions)
        person = rng.choice(people)
        if not QuestionFollow.objects.filter(user=person, question=question).exists():
            question_follow_toggle(user=person, question=question)

    actions = [ask, answer, answer, upvote, upvote, upvote, upvote, accept, edit, comment, follow]
    for _ in range(250):
        rng.choice(actions)()

    stored = awards()
    assert len({badge for _user, badge, _concept in stored}) >= 8  # a real mix was earned
    assert badges_recount() == 0  # nothing missing
    BadgeAward.objects.all().delete()
    assert badges_recount() == len(stored)
    assert awards() == stored


def test_recount_command_adds_missing_awards_and_keeps_undone_ones(
    make_user, make_question, capsys
):
    question = make_question()
    vote_cast(user=make_user(), post=question, value=1)
    BadgeAward.objects.filter(badge="curious").delete()  # lost
    kept = BadgeAward.objects.create(user=question.author, badge="great-question")  # not earned
    call_command("recount")
    assert "1 badge awards" in capsys.readouterr().out
    assert BadgeAward.objects.filter(user=question.author, badge="curious").exists()
    assert BadgeAward.objects.filter(pk=kept.pk).exists()
