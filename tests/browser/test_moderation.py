"""Moderation in a real browser: members flag a spammer's answer until it hides, and a moderator
deletes it from the review queue."""

import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import Page, expect

from apps.answers.models import Answer
from apps.moderation.models import Flag, FlagStatus
from apps.moderation.services import flag_create
from apps.posts.models import Deletion
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


def log_out(page: Page) -> None:
    page.locator("header .header-menu > summary").click()  # logging out is in the menu
    page.locator("form[action='/accounts/logout/'] button").click()
    expect(page.locator(".user-chip")).to_have_count(0)


def test_members_flag_spam_away_and_a_moderator_deletes_it(
    live_server, page: Page, screenshot, make_user, make_question, make_answer
):
    question = make_question(title="고유벡터는 왜 중요한가요?")
    spammer = make_user("스패머")
    spam = make_answer(question=question, author=spammer, body="최저가 과외 광고 spam-body-text")
    good = make_answer(question=question, body="선형변환의 축을 알려 주기 때문입니다")
    flaggers = [make_user(f"신고자{i}", reputation=20) for i in range(3)]
    for flagger in flaggers[:2]:
        flag_create(user=flagger, post=spam, reason="spam")
    moderator = make_user("모더레이터")
    moderator.groups.add(Group.objects.get_or_create(name="moderator")[0])

    # The third member flags it through the page: the Flag link, the form, back to the question.
    log_in(page, flaggers[2].username)
    page.goto(question.get_absolute_url())
    answer = page.locator(f"#answer-{spam.pk}")
    expect(answer).to_contain_text("spam-body-text")
    answer.locator("a.action-flag").click()
    expect(page).to_have_url(re.compile(rf"/answers/{spam.pk}/flag/$"))
    page.locator("input[name=reason][value=spam]").check()
    page.locator(".flag-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/questions/{question.pk}/"))
    expect(page.locator(".alert-success")).to_be_visible()
    # Three spam flags hide it at once: gone for the flagger and for visitors.
    expect(page.locator(f"#answer-{spam.pk}")).to_have_count(0)
    expect(page.locator(f"#answer-{good.pk}")).to_be_visible()
    log_out(page)
    page.goto(question.get_absolute_url())
    expect(page.locator("main")).not_to_contain_text("spam-body-text")
    expect(page.locator(f"#answer-{good.pk}")).to_be_visible()

    # The moderator finds it in the queue, hidden, with its three flags, and deletes it.
    log_in(page, moderator.username)
    page.goto("/moderation/")
    item = page.locator(f"#flagged-answer-{spam.pk}")
    expect(item).to_contain_text("spam-body-text")
    expect(item.locator(".status-chip")).to_be_visible()
    expect(item.locator(".flag-list li")).to_have_count(3)
    screenshot(page, "queue")
    item.locator("input[name=note]").fill("광고 계정")
    item.locator("button[name=decision][value=delete]").click()
    expect(page).to_have_url(re.compile(r"/moderation/$"))
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator(f"#flagged-answer-{spam.pk}")).to_have_count(0)
    expect(page.locator("p.empty")).to_be_visible()

    deleted = Answer.all_objects.get(pk=spam.pk)
    assert (deleted.deletion, deleted.deleted_by) == (Deletion.MODERATOR, moderator)
    assert set(Flag.objects.values_list("status", flat=True)) == {FlagStatus.APPROVED}

    # The moderator still sees it on the question page, marked deleted, with Restore.
    page.goto(question.get_absolute_url())
    deleted_answer = page.locator(f"#answer-{spam.pk}")
    expect(deleted_answer.locator(".post-banner.is-deleted")).to_be_visible()
    expect(deleted_answer.locator("button.action-restore")).to_be_visible()
    # And the log says who did it and why.
    page.goto("/moderation/log/")
    expect(page.locator(".moderation-log tbody tr").first).to_contain_text("광고 계정")
    expect(page.locator(".moderation-log tbody tr").first).to_contain_text(moderator.username)
    screenshot(page, "log")
    assert_no_problems(page)


def test_closing_a_duplicate_through_the_page_without_javascript(
    live_server, page_without_js: Page, screenshot, make_user, make_question, make_answer
):
    page = page_without_js
    original = make_question(title="행렬식은 무엇을 재나요?")
    repeat = make_question(title="행렬식의 의미가 궁금합니다")
    make_answer(question=repeat, body="부피가 변하는 비율입니다 kept-answer")
    newcomer = make_user("새내기")
    moderator = make_user("모더레이터")
    moderator.groups.add(Group.objects.get_or_create(name="moderator")[0])

    # A newcomer sees Flag, Close and the down vote disabled, each saying why.
    log_in(page, newcomer.username)
    page.goto(repeat.get_absolute_url())
    question_actions = page.locator(".post.question .post-actions")
    expect(question_actions.locator(".action-disabled")).to_have_count(2)
    flag = question_actions.locator(".action-disabled").first
    expect(flag).to_have_attribute("data-reason", re.compile("15"))
    down = page.locator(".post.question .vote-down")
    expect(down).to_be_disabled()
    expect(down).to_have_attribute("data-reason", re.compile("50"))
    # Without JavaScript too, the reason shows on focus (a tap focuses), not only on hover.
    shown = "el => getComputedStyle(el, '::after').content"
    assert "50" not in down.evaluate(shown)
    down.focus()
    assert "50" in down.evaluate(shown)
    flag.focus()
    assert "15" in flag.evaluate(shown)
    screenshot(page, "newcomer")
    log_out(page)

    # The moderator closes it as a duplicate, naming the original by its link.
    log_in(page, moderator.username)
    page.goto(repeat.get_absolute_url())
    close = page.locator(".action-close")
    close.locator("summary").click()
    close.locator("input[name=reason][value=duplicate]").check()
    close.locator("input[name=duplicate_of]").fill(
        f"{live_server.url}{original.get_absolute_url()}"
    )
    close.locator("button[type=submit]").click()
    banner = page.locator(".post-banner.is-closed")
    expect(banner).to_be_visible()
    expect(banner.locator(".duplicate-of a")).to_have_text("행렬식은 무엇을 재나요?")
    expect(page.locator("main")).to_contain_text("kept-answer")
    expect(page.locator(f"form[action='/questions/{repeat.pk}/answer/']")).to_have_count(0)
    expect(page.locator("button.action-reopen")).to_be_visible()
    screenshot(page, "closed")
    assert_no_problems(page)


def test_a_tap_shows_why_an_action_is_unavailable(
    browser, live_server, page: Page, make_user, make_question
):
    question = make_question()
    log_in(page, make_user("막힌사람").username)
    page.goto(question.get_absolute_url())
    down = page.locator(".post.question .vote-down")
    flag = page.locator(".post.question .post-actions .action-disabled").first
    shown = re.compile(r"\bshow-reason\b")
    down.click(force=True)  # a person can tap it; Playwright waits for "enabled" otherwise
    expect(down).to_have_class(shown)
    flag.click()  # a first tap on a link says why; it does not leave the page
    expect(flag).to_have_class(shown)
    expect(down).not_to_have_class(shown)  # one reason at a time
    assert page.url.endswith(question.get_absolute_url())
    page.keyboard.press("Escape")
    expect(flag).not_to_have_class(shown)
    flag.click()
    flag.click()  # the second tap follows it, to the privileges page
    expect(page).to_have_url(re.compile(r"/help/privileges/#privilege-flag$"))
    assert_no_problems(page)
