"""Our own error pages, in the visitor's language, with a way back."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import BadRequest
from django.template.loader import render_to_string
from django.test import Client, RequestFactory

from apps.answers.models import Answer
from apps.core.error_views import bad_request, page_not_found, permission_denied, server_error
from tests.conftest import log_in

pytestmark = pytest.mark.django_db


def test_an_unknown_address_shows_our_404_in_korean(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "404.html" in [t.name for t in response.templates]
    html = response.content.decode()
    assert '<html lang="ko">' in html
    assert "페이지를 찾을 수 없어요" in html
    assert 'action="/search/"' in html
    assert 'href="/"' in html


def test_the_404_follows_the_language_choice(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/questions/999999/nothing/").content.decode()
    assert "We could not find that page" in html


def test_a_refused_permission_shows_our_403(client, make_user, make_answer):
    answer = make_answer()
    log_in(client, make_user(is_staff=True, is_superuser=True))
    response = client.get(f"/admin/answers/answer/{answer.pk}/delete/")
    assert response.status_code == 403
    assert "403.html" in [t.name for t in response.templates]
    assert "이 페이지를 열 수 없어요" in response.content.decode()
    assert Answer.objects.filter(pk=answer.pk).exists()


def test_a_malformed_request_shows_our_400(client):
    # More fields than DATA_UPLOAD_MAX_NUMBER_FIELDS: Django's SuspiciousOperation, a 400.
    query = "&".join(f"f{i}=1" for i in range(1100))
    response = client.get(f"/?{query}")
    assert response.status_code == 400
    assert "400.html" in [t.name for t in response.templates]
    assert "요청을 이해하지 못했어요" in response.content.decode()


def test_the_500_page_needs_no_request_and_speaks_both_languages():
    html = render_to_string("500.html")
    assert '<html lang="ko">' in html
    assert "오류가 났어요" in html
    assert "Something went wrong" in html
    assert "{%" not in html and "{{" not in html
    assert "<style" not in html and "/static/css/site.css" in html  # the CSP allows no inline style


# --- Error pages never read the body again --------------------------------------------------------

UTF16_FORM = "application/x-www-form-urlencoded; charset=utf-16"


def test_the_400_page_renders_when_the_body_itself_cannot_be_read(settings):
    """Django refuses a urlencoded body in utf-16 each time it is read. Its own error views run
    the CSRF check again, which reads it again: the 400 became an exception, and the WSGI
    server's bare 500. (The charset guard refuses such bodies first; without it, the 400 page
    must still come.)"""
    settings.MIDDLEWARE = [
        name for name in settings.MIDDLEWARE if name != "apps.core.middleware.Utf8OnlyMiddleware"
    ]
    client = Client(enforce_csrf_checks=True)
    client.cookies["csrftoken"] = "d" * 32
    for url in ["/", "/healthz", "/accounts/login/", "/no-such-page/"]:
        response = client.generic("POST", url, "a=b".encode("utf-16"), content_type=UTF16_FORM)
        assert response.status_code == 400, url
        assert "400.html" in [t.name for t in response.templates]
        assert "요청을 이해하지 못했어요" in response.content.decode()


@pytest.mark.parametrize(
    ("handler", "status"),
    [(bad_request, 400), (permission_denied, 403), (page_not_found, 404)],
)
def test_each_error_page_renders_for_a_request_whose_body_cannot_be_read(handler, status):
    request = RequestFactory().generic("POST", "/", "a=b".encode("utf-16"), content_type=UTF16_FORM)
    request.COOKIES["csrftoken"] = "d" * 32
    request.user = AnonymousUser()
    response = handler(request, BadRequest("unreadable"))
    assert response.status_code == status
    assert "<main" in response.content.decode()


def test_the_500_page_renders_for_a_request_whose_body_cannot_be_read():
    request = RequestFactory().generic("POST", "/", "a=b".encode("utf-16"), content_type=UTF16_FORM)
    request.COOKIES["csrftoken"] = "d" * 32
    response = server_error(request)
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
