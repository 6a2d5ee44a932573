import datetime as dt

import pytest
from django.core.management import call_command

from apps.answers.models import Answer
from apps.core.seeding import NOTES_PATH, SPEAKER_USERNAME, parse_notes
from apps.questions.models import Question

pytestmark = pytest.mark.django_db


def test_notes_parse_into_twelve_threads_dated_from_the_front_matter():
    date, threads = parse_notes(NOTES_PATH.read_text(encoding="utf-8"))
    assert date == dt.date(2021, 8, 5)
    assert len(threads) == 12
    assert threads[0].title == "수학을 어떻게 공부해야 할까요?"
    assert threads[7].title == "대학원 필수?"
    assert all("./image/" not in thread.notes for thread in threads)


def test_seed_creates_accepted_master_class_threads_once():
    call_command("seed", stdout=None)
    call_command("seed", stdout=None)
    assert Question.objects.count() == 12
    assert Answer.objects.count() == 12
    first = Question.objects.get(title="수학을 어떻게 공부해야 할까요?")
    answer = Answer.objects.get(question=first)
    assert answer.author.username == SPEAKER_USERNAME
    assert first.accepted_answer_id == answer.pk
    assert first.created_at.date() == dt.date(2021, 8, 5)
    assert "폰노이만" in answer.body
    assert "<img" not in answer.body_html
    assert Question.objects.order_by("-created_at").first() == first
    assert answer.author.reputation == 1 + 12 * 15
