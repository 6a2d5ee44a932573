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


def _luminance(rgb: str) -> float:
    red, green, blue = (int(part) for part in re.findall(r"\d+", rgb)[:3])
    return (0.2126 * red + 0.7152 * green + 0.0722 * blue) / 255


def test_dark_mode_follows_the_system_and_the_persons_choice(
    browser, live_server, screenshot, make_question, make_answer
):
    question = make_question(title="경사하강법의 학습률", body="$\\eta$ 를 어떻게 정하나요?")
    make_answer(
        question=question,
        body="$$\n\\theta \\leftarrow \\theta - \\eta \\nabla L(\\theta)\n$$\n\n"
        "```python\nfor step in range(100):\n    theta -= eta * grad(theta)  # 갱신\n```",
    )
    context = browser.new_context(base_url=live_server.url, color_scheme="dark", locale="ko-KR")
    page = context.new_page()
    page.goto(question.get_absolute_url())
    body = page.evaluate("getComputedStyle(document.body).backgroundColor")
    text = page.evaluate("getComputedStyle(document.querySelector('main h1')).color")
    assert _luminance(body) < 0.15 and _luminance(text) > 0.8  # dark page, light text
    math = page.locator(".post.answer math").first
    assert _luminance(math.evaluate("el => getComputedStyle(el).color")) > 0.6
    keyword = page.locator(".post.answer .codehilite .k").first
    assert _luminance(keyword.evaluate("el => getComputedStyle(el).color")) > 0.45
    code = page.locator(".post.answer .codehilite").first
    assert _luminance(code.evaluate("el => getComputedStyle(el).backgroundColor")) < 0.15
    screenshot(page, "dark-by-system")

    # The person chooses light in the menu: remembered over the system's dark.
    page.locator("header .header-menu > summary").click()
    page.locator("header .theme-button[value=light]").click()
    expect(page.locator("html")).to_have_attribute("data-theme", "light")
    assert _luminance(page.evaluate("getComputedStyle(document.body).backgroundColor")) > 0.9
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("data-theme", "light")
    page.locator("header .header-menu > summary").click()
    page.locator("header .theme-button[value=dark]").click()
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    page.goto("/concepts/map/")
    assert _luminance(page.evaluate("getComputedStyle(document.body).backgroundColor")) < 0.15
    screenshot(page, "dark-concept-map")
    context.close()
