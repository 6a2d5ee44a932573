"""The sitemap and robots.txt: what crawlers are pointed to, and what they are kept out of."""

import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
HOST = "http://testserver"


def _sitemap(client) -> dict[str, str | None]:
    """Each URL in the sitemap, with its lastmod (None when it has none)."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    return {
        url.findtext("sm:loc", namespaces=NS): url.findtext("sm:lastmod", namespaces=NS)
        for url in root.findall("sm:url", NS)
    }


def test_the_sitemap_lists_questions_concepts_and_profiles_of_posters(
    client, make_user, make_tag, make_question, make_answer
):
    asker, answerer = make_user("asker"), make_user("answerer")
    lurker = make_user("lurker")
    gone = make_user("gone")
    unasked = make_tag("unasked-concept")
    question = make_question(author=asker)
    make_answer(question=question, author=answerer)
    make_question(author=gone)
    gone.is_active = False
    gone.save(update_fields=["is_active"])

    urls = _sitemap(client)

    assert HOST + question.get_absolute_url() in urls
    question.refresh_from_db()  # answering moved its last activity
    lastmod = urls[HOST + question.get_absolute_url()]
    assert lastmod == timezone.localdate(question.last_activity_at).isoformat()
    assert HOST + unasked.get_absolute_url() in urls
    assert HOST + question.tags.get().get_absolute_url() in urls
    assert HOST + asker.get_absolute_url() in urls
    assert HOST + answerer.get_absolute_url() in urls
    assert HOST + lurker.get_absolute_url() not in urls
    assert HOST + gone.get_absolute_url() not in urls


def test_a_question_is_listed_once_whatever_its_answers(client, make_question, make_answer):
    question = make_question()
    for _ in range(3):
        make_answer(question=question)
    locs = list(_sitemap(client))
    assert locs.count(HOST + question.get_absolute_url()) == 1
    assert locs.count(HOST + question.author.get_absolute_url()) == 1


def test_robots_txt_keeps_crawlers_out_of_private_pages_and_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    for path in ("/accounts/", "/admin/", "/markdownx/", "/notifications/", "/search/"):
        assert f"Disallow: {path}" in lines
    assert "Disallow: /" not in lines
    assert f"Sitemap: {HOST}/sitemap.xml" in lines


def test_robots_txt_names_the_host_it_was_asked_on(client, settings):
    settings.ALLOWED_HOSTS = ["gachi.example"]
    response = client.get("/robots.txt", headers={"host": "gachi.example"}, secure=True)
    assert "Sitemap: https://gachi.example/sitemap.xml" in response.content.decode().splitlines()
