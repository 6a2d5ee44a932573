"""Comments in a real browser: a learner asks under an answer what a symbol means, mentioning
the answerer, who hears of it, upvotes it, and reads every comment with and without JS."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_no_problems
from tests.browser.test_community import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_comment_with_a_mention_reaches_the_person_mentioned(
    browser, live_server, page: Page, screenshot, make_user, make_question, make_answer
):
    asker = make_user("학습자")
    answerer = make_user("정우성")
    question = make_question(author=asker, title="최대우도추정에서 θ는 무엇인가요?")
    answer = make_answer(
        question=question, author=answerer, body="$\\hat\\theta = \\arg\\max_\\theta L(\\theta)$"
    )

    # The asker may comment on an answer to their question whatever their reputation.
    log_in(page, asker.username)
    page.goto(question.get_absolute_url())
    comments = page.locator(f"#comments-answer-{answer.pk}")
    comments.locator("summary", has_text="댓글 달기").click()
    box = comments.locator("textarea[name=body]")
    box.fill("짧아요")
    comments.locator("button", has_text="댓글 달기").click()
    expect(box).to_have_js_property("validity.valid", False)  # the browser's own check first
    box.fill("@정우성 님, 여기서 $\\hat\\theta$ 는 추정값인가요?")
    comments.locator("button", has_text="댓글 달기").click()
    added = page.locator(f"#comments-answer-{answer.pk} .comment")
    expect(added).to_have_count(1)
    expect(added).to_contain_text("추정값인가요")
    expect(added.locator("math")).to_have_count(1)  # the math, rendered
    expect(page).to_have_url(re.compile(rf"/questions/{question.pk}/"))  # htmx: no reload
    screenshot(page, "comment-added")
    assert_no_problems(page)

    # The answerer hears of it (the comment is under their answer, and mentions them).
    page.context.clear_cookies()
    log_in(page, answerer.username)
    expect(page.locator("#inbox-link .unread-badge")).to_have_text("1")
    page.locator("#inbox-link").click()
    item = page.locator(".inbox-item.is-unread")
    expect(item).to_contain_text("학습자")
    item.locator("a.inbox-text").click()
    expect(page).to_have_url(re.compile(r"#comment-\d+$"))
    comment = page.locator(".comment").first
    expect(comment).to_contain_text("추정값인가요")

    # They upvote it in place, and take the upvote back.
    upvote = comment.locator("button.comment-upvote")
    expect(upvote).to_have_attribute("aria-pressed", "false")
    upvote.click()
    expect(page.locator(".comment .comment-upvote")).to_have_attribute("aria-pressed", "true")
    expect(page.locator(".comment .comment-score")).to_have_text("1")
    page.locator(".comment .comment-upvote").click()
    expect(page.locator(".comment .comment-upvote")).to_have_attribute("aria-pressed", "false")
    assert_no_problems(page)


def test_show_more_brings_every_comment_with_and_without_javascript(
    browser, live_server, page: Page, make_user, make_question, make_comment
):
    question = make_question(title="기댓값의 선형성은 왜 성립하나요?")
    for n in range(8):
        make_comment(target=question, body=f"질문에 단 댓글 번호 {n} 입니다")
    page.goto(question.get_absolute_url())
    listed = page.locator(f"#comments-question-{question.pk} .comment")
    expect(listed).to_have_count(5)
    page.locator(".comments-more").click()
    expect(listed).to_have_count(8)
    expect(page).to_have_url(re.compile(rf"/questions/{question.pk}/"))
    assert_no_problems(page)

    # Without JavaScript the link is a page of its own.
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    plain = context.new_page()
    plain.goto(question.get_absolute_url())
    plain.locator(".comments-more").click()
    expect(plain).to_have_url(re.compile(rf"/questions/{question.pk}/comments/$"))
    expect(plain.locator(".comment")).to_have_count(8)
    context.close()
