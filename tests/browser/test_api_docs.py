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
    expect(page.get_by_text("/api/v1/questions/{id}/", exact=True)).to_be_visible()
    assert all(url.startswith(live_server.url) for url in requested), requested
    assert_no_problems(page)
