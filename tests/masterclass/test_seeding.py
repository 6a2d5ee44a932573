"""Seeding: what the threads are made of, the two accounts, resuming, and all or nothing."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from apps.accounts.models import User
from apps.answers.models import Answer
from apps.masterclass import seeding
from apps.masterclass.seeding import (
    ASKER_USERNAME,
    MASTERCLASS_CONTEXT,
    SPEAKER_USERNAME,
    seed_masterclass,
)
from apps.moderation.services import post_delete
from apps.questions.models import Question
from apps.reputation.models import ReputationEvent
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

NOTES = """---
date: 2023-05-06
---

## 작은 강연
### 행렬은 왜 배우나요?
- 선형대수가 기초예요.

### 확률은 어디에 쓰나요?
- 우도와 기댓값.
"""


@pytest.fixture
def small_notes(tmp_path, monkeypatch, make_tag):
    """The seeding run over notes of two sections, filed under concepts of the test's own."""
    make_tag("sd-matrix"), make_tag("sd-probability"), make_tag("sd-likelihood")
    notes, tags = tmp_path / "notes.md", tmp_path / "tags.json"
    notes.write_text(NOTES, encoding="utf-8")
    mapping = {
        "행렬은 왜 배우나요?": ["sd-matrix"],
        "확률은 어디에 쓰나요?": ["sd-probability", "sd-likelihood"],
    }
    tags.write_text(json.dumps(mapping, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(seeding, "NOTES_PATH", notes)
    monkeypatch.setattr(seeding, "THREAD_TAGS_PATH", tags)
    return tags


def test_each_section_becomes_an_accepted_thread_at_eight_in_the_evening(small_notes):
    assert seed_masterclass() == 2
    first = Question.objects.get(title="행렬은 왜 배우나요?")
    second = Question.objects.get(title="확률은 어디에 쓰나요?")
    evening = timezone.make_aware(dt.datetime(2023, 5, 6, 20, 0))
    # The notes' first section is the newest, one minute ahead of the next.
    assert (first.created_at, first.last_activity_at) == (evening, evening)
    assert second.created_at == evening - dt.timedelta(minutes=1)
    # A heading with no body written for it is asked in its own words, with where it came from.
    assert first.body == f"행렬은 왜 배우나요?\n\n> {MASTERCLASS_CONTEXT} (2023-05-06)\n"
    assert {t.slug for t in second.tags.all()} == {"sd-probability", "sd-likelihood"}
    answer = Answer.objects.get(question=second)
    assert answer.body == "- 우도와 기댓값.\n"
    assert answer.created_at == second.created_at
    assert (second.accepted_answer_id, second.answer_count) == (answer.pk, 1)
    assert (first.author.username, answer.author.username) == (ASKER_USERNAME, SPEAKER_USERNAME)
    # The reputation the accepts gave is dated with the threads, not with the seeding.
    events = ReputationEvent.objects.filter(post_id=answer.post_id)
    assert events.count() == 2 and {e.created_at for e in events} == {second.created_at}


def test_the_accounts_cannot_log_in_and_earn_what_the_threads_give(small_notes):
    seed_masterclass()
    speaker = User.objects.get(username=SPEAKER_USERNAME)
    asker = User.objects.get(username=ASKER_USERNAME)
    assert not speaker.has_usable_password() and not asker.has_usable_password()
    assert (speaker.display_name, asker.display_name) == (
        "마스터클래스 · 임성빈",
        "부스트캠프 캠퍼",
    )
    assert speaker.reputation == 1 + 2 * 15  # two accepted answers
    assert asker.reputation == 1 + 2 * 2  # two accepts given


def test_the_accounts_say_what_they_are_and_joined_on_the_day_of_the_class(small_notes, client):
    seed_masterclass()
    evening = timezone.make_aware(dt.datetime(2023, 5, 6, 20, 0))
    for username in (SPEAKER_USERNAME, ASKER_USERNAME):
        account = User.objects.get(username=username)
        assert account.date_joined == evening - dt.timedelta(hours=1)
        assert "2023년 5월 6일 네이버 부스트캠프 마스터클래스" in account.bio
        assert 'href="/about/masterclass/"' in account.bio_html
        profile = client.get(account.get_absolute_url()).content.decode()
        assert "2023년 5월 6일 네이버 부스트캠프 마스터클래스" in profile


def test_threads_the_first_seeding_made_get_the_askers_question(small_notes):
    from apps.masterclass.seeding import EARLIER_CONTEXT

    seed_masterclass()
    question = Question.objects.get(title="행렬은 왜 배우나요?")
    earlier = f"> {EARLIER_CONTEXT} (2023-05-06)\n"
    Question.objects.filter(pk=question.pk).update(body=earlier)
    asker = User.objects.get(username=ASKER_USERNAME)
    User.objects.filter(pk=asker.pk).update(bio="", date_joined=timezone.now())
    assert seed_masterclass() == 0
    question.refresh_from_db()
    assert question.body.startswith("행렬은 왜 배우나요?\n\n> ")
    assert question.revisions.count() == 2  # the history says it was brought up to date
    assert question.last_activity_at == timezone.make_aware(dt.datetime(2023, 5, 6, 20, 0))
    asker.refresh_from_db()
    assert asker.bio and asker.date_joined.year == 2023
    assert seed_masterclass() == 0 and question.revisions.count() == 2  # once


def test_an_account_that_already_exists_is_used_as_it_is(small_notes, make_user):
    speaker = make_user(SPEAKER_USERNAME, display_name="임성빈")
    seed_masterclass()
    speaker.refresh_from_db()
    assert speaker.display_name == "임성빈"
    assert Client().login(username=SPEAKER_USERNAME, password=PASSWORD)
    assert Answer.objects.filter(author=speaker).count() == 2


def test_a_missing_thread_is_made_again_and_only_it(small_notes):
    seed_masterclass()
    Question.objects.get(title="확률은 어디에 쓰나요?").delete()
    assert seed_masterclass() == 1
    assert Question.objects.filter(title="확률은 어디에 쓰나요?").count() == 1
    assert Question.objects.count() == 2


def test_a_thread_moderators_deleted_stays_deleted(small_notes, make_user):
    seed_masterclass()
    deleted = Question.objects.get(title="확률은 어디에 쓰나요?")
    post_delete(user=make_user(is_staff=True), post=deleted)
    assert seed_masterclass() == 0  # not brought back as a second copy
    assert Question.all_objects.filter(title=deleted.title).count() == 1


def test_someone_elses_question_with_the_same_title_is_not_the_thread(small_notes, make_question):
    mine = make_question(title="행렬은 왜 배우나요?", tags=["sd-matrix"])
    assert seed_masterclass() == 2
    assert Question.objects.filter(title="행렬은 왜 배우나요?").count() == 2
    assert not Answer.objects.filter(question=mine).exists()


def test_a_section_without_concepts_seeds_nothing_at_all(small_notes):
    small_notes.write_text(json.dumps({"행렬은 왜 배우나요?": ["sd-matrix"]}), encoding="utf-8")
    with pytest.raises(KeyError):
        seed_masterclass()
    # One transaction: neither the first thread nor the accounts stay behind.
    assert not Question.objects.exists()
    assert not User.objects.filter(username__in=[SPEAKER_USERNAME, ASKER_USERNAME]).exists()


def test_the_command_says_what_it_created_each_time():
    first, second = io.StringIO(), io.StringIO()
    call_command("seed", stdout=first)
    call_command("seed", stdout=second)
    assert "master-class threads: 12 created" in first.getvalue()
    assert "concept tags: 0 created" in second.getvalue()
    assert "master-class threads: 0 created" in second.getvalue()
