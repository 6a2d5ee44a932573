"""A member makes a personal access token, copies it once, and revokes it, in a real browser."""

import re

import pytest
from playwright.sync_api import Page, expect

from apps.tokens.services import token_check
from tests.browser.conftest import assert_no_problems
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_makes_a_token_sees_it_once_and_revokes_it(page: Page, screenshot, make_user):
    member = make_user("토큰주인")
    page.goto("/accounts/login/")
    form = page.locator("main form")
    form.locator("input[name=username]").fill(member.username)
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("button[type=submit]").click()
    expect(page.locator(".user-chip")).to_be_visible()

    page.goto("/accounts/profile/")
    page.get_by_role("link", name="API용 개인 액세스 토큰").click()
    expect(page).to_have_url(re.compile(r"/accounts/tokens/$"))
    form = page.locator("main form.token-form")
    form.get_by_label("이름").fill("스터디 봇")
    form.get_by_label("읽기와 쓰기").check()
    form.get_by_label("만료").select_option("30")
    form.get_by_role("button", name="토큰 만들기").click()

    shown = page.get_by_label("새 토큰")
    expect(shown).to_be_visible()
    plain = shown.input_value()
    user, token = token_check(plain)
    assert (user, token.scope) == (member, "write")
    expect(page.locator(".token-row")).to_have_count(1)
    screenshot(page, "made")

    page.reload()
    expect(page.get_by_label("새 토큰")).to_have_count(0)
    page.locator(".token-row").get_by_role("button").click()
    expect(page.locator(".token-row")).to_contain_text("폐기됨")
    assert token_check(plain) is None
    screenshot(page, "revoked")
    assert_no_problems(page)
