"""The Atom feeds: the newest questions, overall and per concept."""

import xml.etree.ElementTree as ET

import pytest
from django.conf import settings

from apps.tags.feeds import FEED_SIZE

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def feed(client, url: str, **headers) -> ET.Element:
    response = client.get(url, **headers)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)


def entry_titles(root: ET.Element) -> list[str]:
    return [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")]


def test_the_newest_questions_come_first_and_the_feed_stops_at_its_size(client, make_question):
    titles = [make_question(title=f"질문 번호 {i:02d}").title for i in range(FEED_SIZE + 2)]
    root = feed(client, "/feeds/questions/")
    assert entry_titles(root) == titles[::-1][:FEED_SIZE]


def test_a_concept_s_feed_holds_only_its_questions(client, make_tag, make_question):
    make_tag("rank", name_ko="랭크", name_en="Rank", description_ko="행렬의 랭크")
    make_tag("norm")
    ranked = make_question(title="랭크는 무엇인가요", tags=["rank"])
    make_question(title="노름은 무엇인가요", tags=["norm"])
    both = make_question(title="랭크와 노름", tags=["rank", "norm"])
    root = feed(client, "/tags/rank/feed/")
    assert entry_titles(root) == [both.title, ranked.title]
    assert "랭크" in root.findtext(f"{ATOM}title")
    assert root.findtext(f"{ATOM}subtitle") == "행렬의 랭크"
    assert root.find(f"{ATOM}link").get("href").endswith("/tags/rank/")


def test_an_entry_carries_its_author_and_the_rendered_body(client, make_user, make_question):
    author = make_user("writer")
    question = make_question(author=author, body="소프트맥스 $e^x$ 의 **미분**")
    (entry,) = feed(client, "/feeds/questions/").iter(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == author.public_name
    summary = entry.findtext(f"{ATOM}summary")
    assert "<strong>미분</strong>" in summary and "<math" in summary
    assert entry.find(f"{ATOM}link").get("href").endswith(question.get_absolute_url())
    assert entry.findtext(f"{ATOM}updated") == entry.findtext(f"{ATOM}published")


def test_a_feed_reads_in_the_reader_s_language(client, make_tag, make_question):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    make_tag("rank", name_ko="랭크", name_en="Rank")
    make_question(tags=["rank"])
    root = feed(client, "/tags/rank/feed/")
    assert "Rank" in root.findtext(f"{ATOM}title")
    assert "랭크" not in root.findtext(f"{ATOM}title")


def test_a_feed_costs_the_same_queries_for_few_or_many_questions(
    client, make_question, django_assert_max_num_queries
):
    for _ in range(3):
        make_question()
    with django_assert_max_num_queries(2) as few:
        client.get("/feeds/questions/")
    for _ in range(12):
        make_question()
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/feeds/questions/")
