"""Search in a real browser: similar questions while typing a title, then the search page."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_no_problems
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_similar_questions_appear_while_typing_a_title(page: Page, live_server, make_user):
    call_command("seed", stdout=None)
    member = make_user("코시")
    page.goto("/accounts/login/?next=/questions/ask/")
    form = page.locator("main form")
    form.locator("input[name=username]").fill(member.username)
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/questions/ask/$"))

    page.locator("input[name=title]").press_sequentially("추천시스템을 공부하는 방법", delay=20)
    similar = page.locator("#similar-questions")
    expect(similar.get_by_role("link", name="추천시스템 공부는 어떻게 할까요?")).to_be_visible()

    # The header search finds the same thread through particles and spacing.
    page.locator("#header-q").fill("추천 시스템을")
    page.locator("#header-q").press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q="))
    result = page.locator(".question-title a", has_text="추천시스템 공부는 어떻게 할까요?")
    expect(result).to_be_visible()
    expect(page.locator(".snippet mark").first).to_be_visible()
    assert_no_problems(page)
