"""Browsing by concept in a real browser: the index, a concept's page, its D2L link, the map."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_no_problems

pytestmark = pytest.mark.browser

D2L_PAGE = "<!doctype html><title>D2L</title><h1>Maximum Likelihood</h1>"


def test_index_to_concept_to_d2l_and_the_map(page: Page, live_server, screenshot):
    call_command("seed", stdout=None)
    # D2L is outside this machine's reach: answer its pages locally, and record what was asked.
    asked = []

    def fake_d2l(route):
        asked.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body=D2L_PAGE)

    page.context.route(re.compile(r"https://(ko\.)?d2l\.ai/.*"), fake_d2l)

    page.goto("/tags/")
    expect(page.locator("#area-probability")).to_be_visible()
    # The filter box narrows the cards as you type (and works as a plain form without JS).
    page.locator("#tag-filter").fill("우도")
    likelihood = page.locator('.tag-card a[href="/tags/likelihood/"]')
    expect(likelihood).to_be_visible()
    expect(page.locator('.tag-card a[href="/tags/matrix/"]')).to_be_hidden()
    screenshot(page, "tag-index-filtered")
    likelihood.click()

    expect(page).to_have_url(re.compile(r"/tags/likelihood/$"))
    expect(page.locator("main h1")).to_contain_text("가능도")
    # The master-class thread filed under this concept is listed.
    expect(
        page.locator(".question-title a", has_text="수학을 어떻게 공부해야 할까요?")
    ).to_be_visible()
    study = page.locator(".study-box")
    first_link = study.locator("a[hreflang=en]").first
    expect(first_link).to_have_attribute("href", re.compile(r"^https://d2l\.ai/chapter_"))
    screenshot(page, "tag-page")
    with page.expect_navigation():
        first_link.click()
    assert asked and asked[0].startswith("https://d2l.ai/")
    expect(page.locator("h1")).to_have_text("Maximum Likelihood")

    page.goto("/concepts/map/")
    node_links = page.locator("svg a[href^='/tags/']")
    expect(node_links.first).to_be_visible()
    assert node_links.count() >= 40
    # The circle, not the link's box: a link's box also spans its hidden highlight arrows.
    page.locator("svg a[href='/tags/matrix-factorization/'] circle.cm-dot").click()
    expect(page).to_have_url(re.compile(r"/tags/matrix-factorization/$"))
    assert_no_problems(page)
