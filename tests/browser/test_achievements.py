"""Reputation you can see, in a real browser: an upvote and a badge show in the header's
achievements count, the list shows them, and having seen them the count goes."""

import re

import pytest
from playwright.sync_api import Page, expect

from apps.votes.services import vote_cast
from tests.browser.conftest import assert_no_problems
from tests.browser.test_community import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_helper_sees_an_upvote_and_a_badge_in_achievements(
    browser, live_server, page: Page, screenshot, make_user, make_question, make_answer
):
    helper = make_user("도우미")
    question = make_question(title="우도와 확률은 뭐가 다른가요?")
    answer = make_answer(question=question, author=helper)
    log_in(page, helper.username)
    expect(page.locator("#achievements-link .achievements-count")).to_have_count(0)

    vote_cast(user=make_user(), post=answer, value=1)  # +10 and the "First help" badge

    page.goto("/")
    expect(page.locator("#achievements-link .achievements-count")).to_have_text("2")
    page.locator("#achievements-link").click()
    expect(page).to_have_url(re.compile(r"/achievements/$"))
    items = page.locator(".achievements-list .inbox-item.is-unread")
    expect(items).to_have_count(2)
    expect(page.locator(".achievements-list")).to_contain_text("+10")
    expect(page.locator(".achievements-list")).to_contain_text("우도와 확률은 뭐가 다른가요?")
    expect(page.locator(".achievements-list")).to_contain_text("첫 도움")
    screenshot(page, "achievements")
    expect(page.locator("#achievements-link .achievements-count")).to_have_count(0)

    page.locator(".achievements-list a.badge-chip").click()
    expect(page).to_have_url(re.compile(r"/badges/first-help/$"))
    expect(page.locator("main")).to_contain_text("도우미")
    page.goto("/badges/")
    screenshot(page, "badges")
    page.goto(helper.get_absolute_url())
    expect(page.locator(".profile-badges")).to_contain_text("첫 도움")
    screenshot(page, "profile")
    assert_no_problems(page)
