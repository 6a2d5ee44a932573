"""Reading on a phone and in the dark: wide formulas say they scroll, and both colour schemes
keep math, code and text readable."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE, assert_no_problems

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDE = (
    "$$\n\\mathcal{L}(\\theta) = -\\sum_{i=1}^{n} \\Big[ y_i \\log \\sigma(w^\\top x_i + b) "
    "+ (1 - y_i) \\log \\big(1 - \\sigma(w^\\top x_i + b)\\big) \\Big] + \\lambda \\|w\\|_2^2\n$$"
)


def test_a_wide_formula_on_a_phone_shows_that_it_scrolls(
    page: Page, live_server, screenshot, make_question
):
    body = f"손실은 다음과 같아요.\n\n{WIDE}"
    question = make_question(title="로지스틱 회귀의 손실 함수", body=body)
    page.set_viewport_size(PHONE)
    page.goto(question.get_absolute_url())
    box = page.locator(".post.question div.math-display")
    expect(box).to_have_attribute("tabindex", "0")  # the keyboard can scroll it
    expect(box).to_have_attribute("aria-label", re.compile("수식"))
    assert box.evaluate("el => el.scrollWidth > el.clientWidth")
    layers = box.evaluate("el => getComputedStyle(el).backgroundImage")
    assert layers.count("gradient") == 4  # two covers, two edge shadows
    assert box.evaluate("el => getComputedStyle(el).overflowX") == "auto"
    screenshot(page, "wide-formula")
    # Narrow formulas stay as they are.
    page.set_viewport_size({"width": 1280, "height": 800})
    page.reload()
    expect(page.locator(".post.question div.math-display")).not_to_have_attribute("tabindex", "0")
    assert_no_problems(page)
