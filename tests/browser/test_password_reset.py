"""A member who forgot their password gets back in through the emailed link, in a real browser.

The live server runs in this process, so the mail it sends lands in Django's locmem outbox
(config/test_settings.py), where the test reads the link as the member would in their inbox.
"""

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_no_problems
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "a-new-and-long-pass-phrase"


def test_a_member_who_forgot_the_password_resets_it_by_email(
    live_server, page: Page, screenshot, make_user
):
    member = make_user("잊어버린사람", email="forgetful@example.com", email_verified=True)

    page.goto("/accounts/login/")
    page.get_by_role("link", name="비밀번호를 잊으셨나요?").click()
    expect(page).to_have_url(re.compile(r"/accounts/password/reset/$"))
    page.locator("main form input[name=email]").fill("Forgetful@example.com")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/accounts/password/reset/done/$"))
    expect(page.locator("main h1")).to_have_text("이메일을 확인해 주세요")
    screenshot(page, "sent")

    assert [message.to for message in mail.outbox] == [[member.email]]
    link = re.search(r"http://\S+/accounts/reset/\S+/", mail.outbox[0].body).group(0)
    assert link.startswith(live_server.url)

    page.goto(link)
    expect(page.locator("main h1")).to_have_text("새 비밀번호 정하기")
    form = page.locator("main form")
    form.locator("input[name=new_password1]").fill(NEW_PASSWORD)
    form.locator("input[name=new_password2]").fill(NEW_PASSWORD)
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/accounts/reset/done/$"))

    page.get_by_role("link", name="로그인").last.click()
    form = page.locator("main form")
    form.locator("input[name=username]").fill(member.username)
    form.locator("input[name=password]").fill(PASSWORD)  # the old one no longer works
    form.locator("button[type=submit]").click()
    expect(page.locator(".user-chip")).to_have_count(0)

    form = page.locator("main form")
    form.locator("input[name=username]").fill(member.username)
    form.locator("input[name=password]").fill(NEW_PASSWORD)
    form.locator("button[type=submit]").click()
    expect(page.locator(".user-chip")).to_be_visible()
    screenshot(page, "logged-in")

    # Opening the used link again explains itself instead of failing.
    page.goto(link)
    expect(page.locator("main h1")).to_have_text("이 링크는 쓸 수 없어요")
    assert_no_problems(page)


def test_a_new_member_gives_an_email_at_sign_up_and_confirms_it(
    live_server, page: Page, screenshot
):
    page.goto("/accounts/signup/")
    form = page.locator("main form")
    form.locator("input[name=username]").fill("새내기")
    form.locator("input[name=email]").fill("newcomer@example.com")
    form.locator("input[name=password1]").fill(NEW_PASSWORD)
    form.locator("input[name=password2]").fill(NEW_PASSWORD)
    form.locator("button[type=submit]").click()
    expect(page.locator(".user-chip")).to_be_visible()

    page.goto("/accounts/profile/")
    expect(page.locator(".email-unverified")).to_be_visible()
    (message,) = mail.outbox
    assert message.to == ["newcomer@example.com"]
    link = re.search(r"http://\S+/accounts/email/verify/\S+/", message.body).group(0)

    page.goto(link)
    expect(page.locator("main h1")).to_have_text("이메일 주소를 확인했어요")
    page.get_by_role("link", name="프로필 수정으로 돌아가기").click()
    expect(page.locator(".email-verified")).to_be_visible()
    screenshot(page, "profile")

    page.get_by_role("link", name="이메일 주소 바꾸기").click()
    expect(page).to_have_url(re.compile(r"/accounts/email/$"))
    expect(page.locator("main input[name=email]")).to_have_value("newcomer@example.com")
    screenshot(page, "email-page")
    assert_no_problems(page)
