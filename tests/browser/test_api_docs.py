"""The API's docs page runs in a real browser under the site's CSP, from our own files."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_no_problems

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_api_docs_page_lists_the_operations(page: Page, live_server):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto("/api/docs/")
    expect(page.locator(".opblock-summary-path").first).to_be_visible()
    detail = page.locator(".opblock-get .opblock-summary-path", has_text="/api/v1/questions/{id}/")
    expect(detail.first).to_be_visible()
    edit = page.locator(".opblock-put .opblock-summary-path", has_text="/api/v1/questions/{id}/")
    expect(edit).to_have_count(1)  # the token's writes are listed too
    assert all(url.startswith(live_server.url) for url in requested), requested
    assert_no_problems(page)
