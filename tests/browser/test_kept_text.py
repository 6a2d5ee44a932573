"""In a real browser: the session ends while an answer is being written; the answer is sent,
the login page comes, and after logging in the answer is back in the editor."""

from __future__ import annotations

import os
import re

import pytest

if os.environ.get("GACHI_REQUIRE_BROWSER") != "1":
    pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")

from django.contrib.sessions.models import Session
from playwright.sync_api import Page, expect

from apps.answers.models import Answer
from tests.browser.conftest import assert_no_problems
from tests.browser.test_core_loop import log_in
from tests.conftest import PASSWORD, caches_clear

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ANSWER = "세션이 끝난 뒤에 보낸 답변: $\\nabla_\\theta L$ 을 따라 올라갑니다."


def test_an_answer_sent_after_the_session_ended_is_back_after_logging_in(
    page: Page, make_user, make_question, screenshot
):
    question = make_question()
    member = make_user("답변자")
    log_in(page, member.username, question.get_absolute_url())
    answer_form = page.locator(f'form[action="/questions/{question.pk}/answer/"]')
    answer_form.locator("textarea[name=body]").fill(ANSWER)

    # Meanwhile the session ends (expired, or Redis and the database both lost it).
    Session.objects.all().delete()
    caches_clear()
    answer_form.locator("button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/questions/"))
    form = page.locator("main form[method=post]")
    expect(page.locator("#alerts .alert")).to_have_count(1)
    form.locator("input[name=username]").fill(member.username)
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("button[type=submit]").click()

    expect(page.locator("header .user-chip .user-name")).to_have_text(member.username)
    assert page.url.endswith(f"{question.get_absolute_url()}#your-answer")
    expect(answer_form.locator("textarea[name=body]")).to_have_value(ANSWER)
    expect(page.locator("#alerts .alert")).to_have_count(1)
    screenshot(page, "answer-kept")
    assert not Answer.objects.exists()

    answer_form.locator("button[type=submit]").click()
    expect(page.locator("article.answer")).to_have_count(1)
    assert Answer.objects.get().body == ANSWER
    assert_no_problems(page)
