import datetime as dt

import pytest
from django.core.management import call_command

from apps.answers.models import Answer
from apps.masterclass.seeding import NOTES_PATH, SPEAKER_USERNAME, parse_notes
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
    assert [t.slug for t in first.tags.all()] == ["likelihood"]
    basics = Question.objects.get(title="어떤 게 기초이냐?")
    assert {"linear-algebra", "probability", "statistics"} <= {t.slug for t in basics.tags.all()}
    recsys = Question.objects.get(title="추천시스템 공부는 어떻게 할까요?")
    assert {"recommender-systems", "matrix-factorization", "bandits"} <= {
        t.slug for t in recsys.tags.all()
    }
    for question in Question.objects.prefetch_related("tags"):
        assert 1 <= len(question.tags.all()) <= 5


def test_seed_loads_the_curated_concepts_once_and_keeps_staff_edits():
    from apps.tags.models import ConceptTag

    call_command("seed", stdout=None)
    total = ConceptTag.objects.count()
    assert total >= 40
    ConceptTag.objects.filter(slug="rank").update(name_ko="계수 (편집됨)")
    ConceptTag.objects.get(slug="rank").prerequisites.clear()
    call_command("seed", stdout=None)
    rank = ConceptTag.objects.get(slug="rank")
    assert rank.name_ko == "계수 (편집됨)"
    assert not rank.prerequisites.exists()
    assert ConceptTag.objects.count() == total
    assert ConceptTag.objects.get(slug="bandits").links.filter(closest=True).exists()


def test_about_page_and_home_link(client):
    call_command("seed", stdout=None)
    home = client.get("/").content.decode()
    assert 'href="/about/masterclass/"' in home
    about = client.get("/about/masterclass/").content.decode()
    assert "네이버 부스트캠프 마스터클래스 (임성빈)" in about
    assert "수학을 어떻게 공부해야 할까요?" in about


def test_every_thread_matches_its_section_of_the_notes():
    import json

    from apps.masterclass.seeding import QUESTIONS_PATH, THREAD_TAGS_PATH

    call_command("seed", stdout=None)
    date, threads = parse_notes(NOTES_PATH.read_text(encoding="utf-8"))
    thread_tags = json.loads(THREAD_TAGS_PATH.read_text(encoding="utf-8"))
    asked = json.loads(QUESTIONS_PATH.read_text(encoding="utf-8"))
    assert len(threads) == 12 and set(asked) == {thread.title for thread in threads}
    for thread in threads:
        question = Question.objects.get(title=thread.title)
        answer = Answer.objects.get(question=question)
        assert question.body.startswith(asked[thread.title] + "\n\n> ")
        first_line = thread.notes.strip().splitlines()[0]
        assert first_line in answer.body
        assert question.accepted_answer_id == answer.pk
        assert answer.author.username == SPEAKER_USERNAME
        assert question.created_at.date() == answer.created_at.date() == date
        assert {t.slug for t in question.tags.all()} == set(thread_tags[thread.title])
