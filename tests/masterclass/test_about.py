"""The page about the master class, in Korean and in English, listing its threads only."""

import io

import pytest
from django.core.management import call_command

from apps.masterclass.seeding import NOTES_PATH, parse_notes

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    call_command("seed", stdout=io.StringIO())


def _thread_titles(response) -> list[str]:
    return [question.title for question in response.context["threads"]]


@pytest.mark.usefixtures("seeded")
def test_the_page_lists_the_threads_in_the_notes_order_and_nothing_else(client, make_question):
    make_question(title="마스터클래스와 상관없는 질문")
    _date, threads = parse_notes(NOTES_PATH.read_text(encoding="utf-8"))
    response = client.get("/about/masterclass/")
    assert _thread_titles(response) == [thread.title for thread in threads]
    assert "마스터클래스와 상관없는 질문" not in response.content.decode()


@pytest.mark.usefixtures("seeded")
def test_the_page_in_korean(client):
    html = client.get("/about/masterclass/").content.decode()
    assert "<title>마스터클래스 소개" in html
    assert "같이가 시작된 곳" in html
    assert "같이의 첫 스레드 12개는 이 마스터클래스의 노트에서 왔어요." in html
    assert '<time datetime="2021-08-05">2021-08-05</time>' in html
    assert "The first 12 threads" not in html


@pytest.mark.usefixtures("seeded")
def test_the_page_in_english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/about/masterclass/").content.decode()
    assert "<title>About the master class" in html
    assert "Where Gachi starts" in html
    assert "The first 12 threads on Gachi come from the notes of this master class" in html
    assert "The master-class threads" in html
    assert "같이가 시작된 곳" not in html
    # The heading and the threads are the notes' own words, in Korean for every reader.
    assert "네이버 부스트캠프 마스터클래스 (임성빈)" in html
    assert "수학을 어떻게 공부해야 할까요?" in html


def test_before_seeding_the_page_tells_of_the_notes_and_lists_nothing(client):
    response = client.get("/about/masterclass/")
    assert response.status_code == 200
    assert _thread_titles(response) == []
    assert "같이의 첫 스레드 12개는" in response.content.decode()  # counted from the notes


@pytest.mark.usefixtures("seeded")
def test_the_page_costs_two_queries_for_twelve_threads(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):  # the rows, then all their concepts at once
        response = client.get("/about/masterclass/")
    assert len(_thread_titles(response)) == 12
