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


def test_binary_file_parts_are_not_checked_for_nul(client, make_user, settings):
    log_in(client, make_user(reputation=settings.NEW_USER_REPUTATION))
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
    log_in(client, make_user(reputation=settings.NEW_USER_REPUTATION))
    upload = SimpleUploadedFile("a.png", b"\x00" * (settings.UPLOAD_MAX_BYTES + 1), "image/png")
    response = client.post("/markdownx/upload/", {"image": upload})
    assert response.status_code == 400
    assert "error" in response.json()


# --- Bodies in a charset other than UTF-8 ---------------------------------------------------------

CSRF_TOKEN = "c" * 32


def csrf_client() -> Client:
    """A browser-like client: CSRF enforced, holding a CSRF cookie (what makes Django read a
    form body to look for the token), and raising any exception a view lets through."""
    client = Client(enforce_csrf_checks=True)
    client.cookies["csrftoken"] = CSRF_TOKEN
    return client


def _post_form(client: Client, url: str, body: bytes, charset: str | None, **extra):
    content_type = "application/x-www-form-urlencoded"
    if charset is not None:
        content_type += f"; charset={charset}"
    return client.generic("POST", url, body, content_type=content_type, **extra)


def _form_urls(make_question) -> list[str]:
    question = make_question()
    return [
        "/",
        "/healthz",
        "/questions/ask/",
        "/accounts/login/",
        f"/questions/{question.pk}/answer/",
        "/i18n/setlang/",
    ]


def test_a_form_body_in_utf16_is_a_400_on_every_url(make_question):
    body = f"csrfmiddlewaretoken={CSRF_TOKEN}&title=x".encode("utf-16")
    for url in _form_urls(make_question):
        response = _post_form(csrf_client(), url, body, "utf-16")
        assert response.status_code == 400, url
        html = response.content.decode()
        assert '<html lang="ko">' in html
        assert "UTF-8" in html and "인코딩" in html


@pytest.mark.parametrize("charset", ["no-such-charset", "latin-1", "UTF-16LE"])
def test_a_form_body_in_another_or_unknown_charset_is_a_400(make_question, charset):
    body = f"csrfmiddlewaretoken={CSRF_TOKEN}&username=a".encode()
    for url in _form_urls(make_question):
        assert _post_form(csrf_client(), url, body, charset).status_code == 400, url


def test_a_multipart_body_declared_in_utf16_is_a_400():
    body = b'--xx\r\nContent-Disposition: form-data; name="username"\r\n\r\nab\r\n--xx--\r\n'
    response = csrf_client().generic(
        "POST",
        "/accounts/login/",
        body,
        content_type="multipart/form-data; boundary=xx; charset=utf-16",
    )
    assert response.status_code == 400


def test_the_charset_refusal_speaks_english_and_plain_text_to_htmx():
    body = "a=b".encode("utf-16")
    client = csrf_client()
    client.cookies["django_language"] = "en"
    html = _post_form(client, "/", body, "utf-16").content.decode()
    assert "a text encoding other than UTF-8" in html
    response = _post_form(client, "/", body, "utf-16", headers={"HX-Request": "true"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")


@pytest.mark.parametrize("charset", ["utf8", "UTF-8", "utf_8"])
def test_any_spelling_of_utf8_is_read_as_utf8(make_user, charset):
    # Django itself accepts only the exact name "utf-8" for a urlencoded body.
    user = make_user()
    body = f"csrfmiddlewaretoken={CSRF_TOKEN}&username={user.username}&password=wrong".encode()
    response = _post_form(csrf_client(), "/accounts/login/", body, charset)
    assert response.status_code == 200  # the login form again, with its error
    assert response.context["form"].data["username"] == user.username


def test_bytes_that_are_not_utf8_in_a_utf8_form_are_read_not_a_500():
    body = f"csrfmiddlewaretoken={CSRF_TOKEN}&username=%ff%fe&password=x".encode() + b"\xff"
    response = _post_form(csrf_client(), "/accounts/login/", body, None)
    assert response.status_code == 200  # the login form again, with its error
    assert response.context["form"].data["username"] == "\ufffd\ufffd"
