"""Studying together in a real browser: a concept's follower hears of a new question under it
and reaches it from the inbox."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_no_problems
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page: Page, username: str) -> None:
    page.goto("/accounts/login/")
    form = page.locator("main form")
    form.locator("input[name=username]").fill(username)
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("button[type=submit]").click()
    expect(page.locator(".user-chip")).to_be_visible()


def test_a_concept_follower_hears_of_a_new_question(
    browser, live_server, page: Page, screenshot, make_user, make_tag, make_question
):
    make_tag("rank", name_ko="랭크", name_en="Rank")
    follower = make_user("팔로워")
    asker = make_user("질문자")

    # The follower follows the concept from its page (htmx swaps the button in place).
    log_in(page, follower.username)
    page.goto("/tags/rank/")
    follow = page.locator("form.follow-form button")
    expect(follow).to_have_attribute("aria-pressed", "false")
    follow.click()
    expect(page.locator("form.follow-form button")).to_have_attribute("aria-pressed", "true")
    expect(page.locator(".unread-badge")).to_have_count(0)

    # Someone else asks under it.
    question = make_question(author=asker, title="행렬의 랭크는 어떻게 구하나요?", tags=["rank"])

    # The follower sees the unread badge on the next page, and reaches the question from the inbox.
    page.goto("/")
    badge = page.locator("#inbox-link .unread-badge")
    expect(badge).to_have_text("1")
    page.locator("#inbox-link").click()
    expect(page).to_have_url(re.compile(r"/notifications/$"))
    item = page.locator(".inbox-item.is-unread")
    expect(item).to_contain_text("행렬의 랭크는 어떻게 구하나요?")
    expect(item).to_contain_text("질문자")
    screenshot(page, "inbox")
    item.locator("a.inbox-text").click()
    expect(page).to_have_url(re.compile(rf"/questions/{question.pk}/"))
    expect(page.locator("main h1")).to_have_text("행렬의 랭크는 어떻게 구하나요?")
    # Having read it, the badge is gone.
    expect(page.locator(".unread-badge")).to_have_count(0)
    # And the Following tab lists it.
    page.goto("/?tab=following")
    expect(page.locator(".question-list")).to_contain_text("행렬의 랭크는 어떻게 구하나요?")
    assert_no_problems(page)
