"""Request guards: NUL characters and oversized bodies are refused before any view runs."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from apps.core.middleware import BODY_OVERHEAD_BYTES
from tests.conftest import log_in

pytestmark = pytest.mark.django_db

NUL_URLS = [
    "/tags/?q=%00",
    "/tags/suggest/?tags=%00",
    "/tags/%00/",
    "/tags/%00/feed/",
    "/questions/tagged/a%00+b/",
    "/?tab=newest&page=%00",
    "/?%00=1",
]


@pytest.mark.parametrize("url", NUL_URLS)
def test_a_nul_in_the_path_or_query_is_a_400_in_korean(client, make_tag, url):
    make_tag("b")
    response = client.get(url)
    assert response.status_code == 400
    html = response.content.decode()
    assert '<html lang="ko">' in html
    assert "허용되지 않는 문자" in html


def test_a_nul_refusal_follows_the_language_cookie(client):
    client.cookies["django_language"] = "en"
    response = client.get("/tags/?q=%00")
    assert response.status_code == 400
    assert "a character that is not allowed" in response.content.decode()


def test_a_nul_refusal_to_htmx_is_plain_text(client):
    response = client.get("/tags/suggest/?tags=%00", headers={"HX-Request": "true"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")


def test_a_nul_in_the_session_cookie_is_a_400(client):
    # Django unquotes octal escapes in cookies, and the session key is looked up in the database.
    client.cookies["sessionid"] = "abcdefghijkl\x00"
    assert client.get("/").status_code == 400


def test_a_nul_in_a_posted_field_is_refused_and_nothing_is_saved(client, make_question):
    question = make_question()
    log_in(client, question.author)
    response = client.post(f"/questions/{question.pk}/answer/", {"body": "답변 본문\x00입니다"})
    # Refused here, not by a form field's own NUL check: every POST value is covered.
    assert response.status_code == 400
    assert "허용되지 않는 문자" in response.content.decode()
    assert not question.answers.exists()


def test_binary_file_parts_are_not_checked_for_nul(client, make_user):
    log_in(client, make_user())
    upload = SimpleUploadedFile("a.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image/png")
    response = client.post("/markdownx/upload/", {"image": upload})
    # Reaches the upload view, which judges the (broken) image itself.
    assert response.status_code == 400
    assert "error" in response.json()


def test_ordinary_requests_pass(client, make_question):
    question = make_question()
    assert client.get("/tags/?q=우도").status_code == 200
    assert client.get(question.get_absolute_url()).status_code == 200


def test_an_oversized_body_is_refused_before_csrf_reads_it(settings):
    settings.UPLOAD_MAX_BYTES = 10_000
    client = Client(enforce_csrf_checks=True)
    too_long = settings.UPLOAD_MAX_BYTES + BODY_OVERHEAD_BYTES + 1
    # The body is tiny: had anything tried to read `too_long` bytes, the test client would fail.
    response = client.post(
        "/markdownx/upload/",
        data=b"x",
        content_type="application/octet-stream",
        CONTENT_LENGTH=str(too_long),
    )
    assert response.status_code == 413
    assert "너무 커요" in response.content.decode()


def test_a_body_at_the_limit_reaches_the_view(client, make_user, settings):
    settings.UPLOAD_MAX_BYTES = 10_000
    log_in(client, make_user())
    upload = SimpleUploadedFile("a.png", b"\x00" * (settings.UPLOAD_MAX_BYTES + 1), "image/png")
    response = client.post("/markdownx/upload/", {"image": upload})
    assert response.status_code == 400
    assert "error" in response.json()
