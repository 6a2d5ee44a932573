"""Bounties in a real browser: a member sets a bounty on an old question nobody has settled,
the asker awards it to the answer that helped, and the winner's reputation shows the gain."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from apps.accounts.models import User
from apps.questions.models import Question
from apps.reputation.models import Reason, ReputationEvent
from tests.browser.conftest import assert_no_problems
from tests.browser.test_community import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_bounty_is_offered_awarded_and_shows_on_the_winners_reputation(
    browser, live_server, page: Page, screenshot, make_user, make_question, make_answer
):
    asker = make_user("질문자")
    helper = make_user("도우미")
    sponsor = make_user("후원자")
    question = make_question(author=asker, title="KL 발산은 왜 대칭이 아닌가요?")
    answer = make_answer(question=question, author=helper, body="$D_{KL}(P\\|Q)$ 는 …")
    # Asked a week ago: old enough for a bounty.
    Question.objects.filter(pk=question.pk).update(created_at=timezone.now() - timedelta(days=7))
    # The sponsor earned 300 reputation (in the ledger, as upvotes would).
    ReputationEvent.objects.create(
        user=sponsor, reason=Reason.ANSWER_UPVOTED, amount=299, post_id=question.post_id
    )
    User.objects.filter(pk=sponsor.pk).update(reputation=300)

    log_in(page, sponsor.username)
    page.goto(question.get_absolute_url())
    box = page.locator("#bounty")
    box.locator("summary", has_text="현상금 걸기").click()
    box.locator("select[name=amount]").select_option("100")
    box.locator("button", has_text="현상금 걸기").click()
    expect(page.locator("#bounty .bounty-amount")).to_contain_text("+100 현상금")
    expect(page.locator("#bounty .bounty-amount")).to_contain_text("까지")
    expect(page.locator("body")).to_contain_text("현상금을 걸었어요")
    screenshot(page, "bounty-offered")
    assert_no_problems(page)

    # It is featured on the home page, with its amount.
    page.goto("/?tab=featured")
    row = page.locator(".question-row", has_text=question.title)
    expect(row.locator(".bounty-chip")).to_have_text("+100")

    # The asker awards it to the answer.
    page.context.clear_cookies()
    log_in(page, asker.username)
    page.goto(question.get_absolute_url())
    page.on("dialog", lambda dialog: dialog.accept())  # "이 답변에 현상금 100을 수여할까요?"
    award = page.locator(f"#answer-{answer.pk} .bounty-award-button")
    expect(award).to_have_text("+100 수여하기")
    award.click()
    expect(page.locator("body")).to_contain_text("현상금을 수여했어요")
    winner = page.locator(f"#answer-{answer.pk}")
    expect(winner.locator(".bounty-won")).to_have_text("+100 현상금")
    expect(winner.locator(".byline .reputation-small")).to_have_text("101")
    expect(page.locator(".bounty-award-button")).to_have_count(0)
    screenshot(page, "bounty-awarded")
    assert_no_problems(page)

    # The winner's profile shows the gain.
    page.goto(helper.get_absolute_url())
    expect(page.locator(".profile-reputation strong")).to_have_text("101")
    expect(page.locator("body")).to_contain_text("현상금 받음")
