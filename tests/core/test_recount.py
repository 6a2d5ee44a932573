from io import StringIO

import pytest
from django.core.management import call_command

from apps.accounts.models import User
from apps.answers.services import answer_accept
from apps.questions.models import Question
from apps.votes.services import vote_cast

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("anyone_downvotes")
def test_recount_repairs_every_corrupted_counter(make_user, make_question, make_answer):
    question = make_question()
    answer = make_answer(question=question)
    voter = make_user()
    vote_cast(user=voter, post=question, value=1)
    vote_cast(user=voter, post=answer, value=-1)
    answer_accept(user=question.author, answer=answer)
    expected = {
        "question": (1, 1),
        "asker": 1 + 10 + 2,
        "answerer": 1 - 2 + 15,
        "voter": 1 - 1,
    }
    Question.objects.filter(pk=question.pk).update(score=42, answer_count=7)
    User.objects.update(reputation=999)

    call_command("recount", stdout=None)

    question.refresh_from_db()
    assert (question.score, question.answer_count) == expected["question"]
    assert User.objects.get(pk=question.author_id).reputation == expected["asker"]
    assert User.objects.get(pk=answer.author_id).reputation == expected["answerer"]
    assert User.objects.get(pk=voter.pk).reputation == expected["voter"]


def test_recount_reports_every_app_s_counters_in_a_fixed_order():
    out = StringIO()
    call_command("recount", stdout=out)
    assert out.getvalue() == (
        "fixed 0 orphaned posts, 0 scores, 0 answer counts, 0 reputations, "
        "0 concept question counts, 0 badge awards\n"
    )
