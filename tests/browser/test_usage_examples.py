"""Where a concept is used, in a real browser: a member with 50 reputation marks an answer as an
example of a concept in use from the question page (htmx), the concept page's "where it is
used" lists it, and the asker unmarks it; without JavaScript in English the plain forms do the
same and come back with a message."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_no_problems
from tests.browser.test_core_loop import log_in, log_out

pytestmark = pytest.mark.browser


@pytest.fixture
def thread(make_user, make_tag, make_question, make_answer):
    make_tag("gradient", name_ko="경사", name_en="Gradient")
    make_tag("chain-rule", name_ko="연쇄 법칙", name_en="Chain rule")
    asker = make_user("asker", reputation=1)
    question = make_question(
        author=asker, title="역전파에서 경사는 어떻게 흐르나요", tags=["gradient", "chain-rule"]
    )
    answer = make_answer(
        question=question,
        author=make_user("answerer", reputation=1),
        body="신경망을 학습할 때 손실의 경사를 층마다 거꾸로 곱해 갑니다: $\\frac{dL}{dx}$",
    )
    make_user("marker", reputation=60)
    return question, answer


def test_a_member_marks_an_example_the_concept_page_lists_it_and_the_asker_unmarks_it(
    page: Page, live_server, thread, screenshot
):
    question, answer = thread
    log_in(page, "marker")
    page.goto(question.get_absolute_url())
    block = page.locator(f"#examples-{answer.pk}")
    block.locator("select[name=concept]").select_option("gradient")
    block.get_by_role("button", name="예로 표시").click()
    badge = page.locator(f"#examples-{answer.pk} .usage-example-badge")
    expect(badge).to_contain_text("쓰임 예: 경사")
    # Only the concept not yet marked is left to choose.
    expect(page.locator(f"#examples-{answer.pk} select[name=concept] option")).to_have_count(1)
    screenshot(page, "question-page-badge")

    page.goto("/tags/gradient/")
    section = page.locator("section.where-used")
    expect(section.locator("h2")).to_have_text("어디에 쓰이나요?")
    expect(section).to_contain_text(question.title)
    expect(section).to_contain_text("손실의 경사")
    expect(section.locator("math")).to_have_count(1)  # the excerpt keeps its formula
    screenshot(page, "concept-page-where-used")
    assert_no_problems(page)

    log_out(page)
    log_in(page, "asker")
    page.goto(question.get_absolute_url())
    page.locator(f"#examples-{answer.pk}").get_by_role("button", name="표시 취소").click()
    expect(page.locator(f"#examples-{answer.pk} .usage-example-badge")).to_have_count(0)
    page.goto("/tags/gradient/")
    expect(page.locator("section.where-used")).to_contain_text(
        "어디에 쓰이는지 아시나요? 이 질문 중 하나에 답해 주세요."
    )
    assert_no_problems(page)


def test_without_javascript_in_english_the_forms_mark_and_unmark_with_a_message(
    page_without_js: Page, live_server, thread
):
    page = page_without_js
    question, answer = thread
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    log_in(page, "marker")
    page.goto(question.get_absolute_url())
    block = page.locator(f"#examples-{answer.pk}")
    block.locator("select[name=concept]").select_option("chain-rule")
    block.get_by_role("button", name="Mark as example").click()
    expect(page.locator("#alerts")).to_contain_text(
        "Marked as a good example of Chain rule in use."
    )
    expect(page.locator(f"#examples-{answer.pk} .usage-example-badge")).to_contain_text(
        "Example of Chain rule in use"
    )
    page.goto("/tags/chain-rule/")
    expect(page.locator("section.where-used")).to_contain_text(question.title)

    log_out(page)
    log_in(page, "asker")
    page.goto(question.get_absolute_url())
    page.locator(f"#examples-{answer.pk}").get_by_role("button", name="Unmark").click()
    expect(page.locator("#alerts")).to_contain_text(
        "No longer marked as an example of Chain rule in use."
    )
    expect(page.locator(f"#examples-{answer.pk} .usage-example-badge")).to_have_count(0)
    assert_no_problems(page)
