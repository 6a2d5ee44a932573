"""Every error the API answers is one JSON shape with the right status, never a 500 or HTML."""

import pytest

pytestmark = pytest.mark.django_db


def _error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    data = response.json()
    assert set(data) == {"code", "message", "errors"}
    assert data["code"] == code and data["message"]
    return data


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/questions/?tab=hottest", "tab"),
        ("/api/v1/questions/?page=0", "page"),
        ("/api/v1/questions/?page=x", "page"),
        ("/api/v1/questions/?page_size=51", "page_size"),
        ("/api/v1/questions/abc/", "id"),
        ("/api/v1/questions/99999999999999999999/", "id"),
        ("/api/v1/users/-1/", "id"),
        ("/api/v1/questions/?" + "&".join(f"concept=c{n}" for n in range(6)), "concept"),
        ("/api/v1/search/", "q"),
        ("/api/v1/search/?q=", "q"),
        (f"/api/v1/search/?q={'가' * 501}", "q"),
    ],
)
def test_bad_parameters_are_400_with_the_field_named(client, url, field):
    data = _error(client.get(url), 400, "invalid")
    assert field in data["errors"] and data["errors"][field][0]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/questions/12345/",
        "/api/v1/users/12345/",
        "/api/v1/concepts/no-such-concept/",
        "/api/v1/questions/?concept=no-such-concept",
        "/api/v1/no-such-thing/",
        "/api/v2/questions/",
    ],
)
def test_missing_things_are_404_in_the_json_shape(client, url):
    _error(client.get(url), 404, "not_found")


def test_a_method_an_operation_does_not_take_is_405_in_the_json_shape(client):
    response = client.delete("/api/v1/concepts/")
    _error(response, 405, "method_not_allowed")
    assert "GET" in response["Allow"]


def test_messages_come_in_the_callers_language(client):
    korean = client.get("/api/v1/questions/?tab=hottest").json()
    assert korean["message"] == "올바르지 않은 값이 있어요."
    english = client.get("/api/v1/questions/?tab=hottest", headers={"Accept-Language": "en"})
    assert english.json()["message"] == "Some values are not valid."
    assert client.get("/api/v1/nope/").json()["message"] == "그런 API 주소는 없어요."
    english = client.get("/api/v1/nope/", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert english.json()["message"] == "No such API address."


def test_an_address_without_its_slash_is_sent_to_it(client, make_question):
    make_question()
    response = client.get("/api/v1/questions?tab=top")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/questions/?tab=top"
    _error(client.get("/api/v1/nope", follow=True), 404, "not_found")


def test_refusals_before_any_view_keep_the_json_shape(client, settings):
    # A NUL in the address is refused by middleware, before the API's own handlers run.
    _error(client.get("/api/v1/questions/?concept=%00likelihood"), 400, "invalid")
    # Too many fields for Django to read: its 400 handler, under /api/, answers in JSON too.
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    many = "&".join(f"f{n}=1" for n in range(20))
    _error(client.get(f"/api/v1/questions/?{many}"), 400, "invalid")
    # The site's own pages keep their HTML.
    page = client.get("/?concept=%00")
    assert page.status_code == 400 and page["Content-Type"].startswith("text/html")
