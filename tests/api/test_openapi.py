"""The OpenAPI document validates, and the docs page loads with our own files only."""

import re

import pytest
from django.contrib.staticfiles import finders
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db

OPERATIONS = {
    ("/api/v1/questions/", "get"),
    ("/api/v1/questions/{id}/", "get"),
    ("/api/v1/concepts/", "get"),
    ("/api/v1/concepts/{slug}/", "get"),
    ("/api/v1/search/", "get"),
    ("/api/v1/users/{id}/", "get"),
    # With a personal access token (apps.api.writes)
    ("/api/v1/me/", "get"),
    ("/api/v1/questions/", "post"),
    ("/api/v1/questions/{id}/answers/", "post"),
    ("/api/v1/questions/{id}/vote/", "post"),
    ("/api/v1/answers/{id}/vote/", "post"),
    ("/api/v1/questions/{id}/", "put"),
    ("/api/v1/answers/{id}/", "put"),
    ("/api/v1/answers/{id}/accept/", "post"),
    ("/api/v1/questions/{id}/follow/", "post"),
    ("/api/v1/concepts/{slug}/follow/", "post"),
    ("/api/v1/questions/{id}/comments/", "post"),
    ("/api/v1/answers/{id}/comments/", "post"),
    ("/api/v1/me/notifications/", "get"),
    ("/api/v1/me/notifications/read/", "post"),
}


def test_the_openapi_document_validates(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    document = response.json()
    validate(document)
    assert document["info"]["title"] == "Gachi API" and document["info"]["version"] == "1"
    found = {(path, method) for path, ops in document["paths"].items() for method in ops}
    assert found == OPERATIONS


def test_every_operation_documents_its_errors_in_the_one_shape(client):
    document = client.get("/api/openapi.json").json()
    for path, method in OPERATIONS:
        responses = document["paths"][path][method]["responses"]
        for status in ("400", "404"):
            schema = responses[status]["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/Error"}, (path, status)
    for path, method in OPERATIONS:
        operation = document["paths"][path][method]
        if operation.get("security"):  # a token's operations say how they refuse one
            for status in ("401", "403", "429"):
                schema = operation["responses"][status]["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/Error"}, (path, status)
        if method == "put":  # an edit on an outdated revision
            schema = operation["responses"]["409"]["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/Error"}, path
    error = document["components"]["schemas"]["Error"]
    assert set(error["required"]) == {"code", "message", "errors"}


def test_the_docs_page_uses_only_our_own_files(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert urls, html
    for url in urls:
        assert url.startswith("/static/"), url
        assert finders.find(url.removeprefix("/static/")), url
    assert "/api/openapi.json" in html
    # The site's policy stands: scripts and styles from our own origin only, none inline.
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    for attrs in re.findall(r"<script([^>]*)>", html):
        assert "src=" in attrs or 'type="application/json"' in attrs  # data, not code
