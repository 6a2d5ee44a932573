"""Light or dark: chosen in the menu, remembered, and kept pages kept apart by it."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_choosing_a_theme_is_remembered_and_marks_the_page(client):
    assert "data-theme" not in client.get("/").content.decode()  # the system decides
    response = client.post("/theme/", {"theme": "dark", "next": "/tags/"})
    assert response.status_code == 302 and response["Location"] == "/tags/"
    assert response.cookies["theme"].value == "dark"
    html = client.get("/").content.decode()
    assert 'data-theme="dark"' in html
    assert 'name="theme" value="dark" class="theme-button" aria-pressed="true"' in html
    client.post("/theme/", {"theme": "auto", "next": "/"})
    assert "data-theme" not in client.get("/").content.decode()


def test_kept_pages_are_kept_apart_by_theme(make_question):
    make_question()
    light, dark = Client(), Client()
    dark.cookies["theme"] = "dark"
    assert "data-theme" not in light.get("/").content.decode()
    assert 'data-theme="dark"' in dark.get("/").content.decode()
    assert "data-theme" not in light.get("/").content.decode()
    odd = Client()
    odd.cookies["theme"] = "<script>"
    assert "data-theme" not in odd.get("/").content.decode()  # an unknown value is no choice


def test_bad_choices_change_nothing(client):
    response = client.post("/theme/", {"theme": "purple"})
    assert response.status_code == 400 and "theme" not in response.cookies
    assert client.get("/theme/").status_code == 405
    response = client.post("/theme/", {"theme": "dark", "next": "https://evil.example/"})
    assert response["Location"] == "/"  # never away from the site
