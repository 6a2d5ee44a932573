"""The post editor in a real browser: the toolbar and its shortcuts, the image button, and a
draft that survives a reload (and goes when the question is posted)."""

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from apps.drafts.models import Draft
from apps.questions.models import Question
from tests.browser.conftest import assert_no_problems
from tests.browser.test_community import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (24, 16), (40, 90, 200)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_the_toolbar_and_shortcuts_write_markdown_the_preview_renders(
    live_server, page: Page, screenshot, make_user
):
    log_in(page, make_user("툴바", reputation=100).username)
    page.goto("/questions/ask/")
    body = page.locator("textarea[name=body]")
    toolbar = page.get_by_role("toolbar", name="서식")
    expect(toolbar).to_be_visible()

    body.fill("우도 ")
    body.press("End")
    toolbar.get_by_role("button", name="굵게").click()
    page.keyboard.type("정의")  # typed over the selected placeholder
    expect(body).to_have_value("우도 **정의**")

    body.press("End")
    body.press("Control+m")
    page.keyboard.type("L(\\theta)")
    expect(body).to_have_value("우도 **정의**$L(\\theta)$")
    preview = page.locator(".markdownx-preview")
    expect(preview.locator("strong")).to_have_text("정의")
    expect(preview.locator("math")).to_have_count(1)

    body.press("End")
    body.press("Control+Shift+m")
    expect(body).to_have_value(re.compile(r"\n\n\$\$\n\\sum_i x_i\n\$\$\n$"))
    expect(preview.locator('math[display="block"]')).to_have_count(1)

    body.fill("D2L")
    body.press("Control+a")
    body.press("Control+k")
    page.keyboard.type("https://d2l.ai/")
    expect(body).to_have_value("[D2L](https://d2l.ai/)")
    expect(preview.locator('a[href="https://d2l.ai/"]')).to_have_text("D2L")

    # Tab leaves the editor (markdownx would have indented instead, trapping the keyboard).
    body.fill("들여쓰기 없이")
    body.focus()
    page.keyboard.press("Tab")
    expect(body).to_have_value("들여쓰기 없이")
    expect(body).not_to_be_focused()

    # Every button is reachable from the keyboard and says what it does.
    buttons = toolbar.get_by_role("button")
    expect(buttons).to_have_count(7)
    toolbar.get_by_role("button", name="굵게").focus()
    page.keyboard.press("Tab")
    expect(toolbar.get_by_role("button", name="기울임")).to_be_focused()
    screenshot(page, "toolbar")
    assert_no_problems(page)


def test_the_image_button_uploads_and_inserts_the_image(
    live_server, page: Page, make_user, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    log_in(page, make_user("이미지", reputation=100).username)
    page.goto("/questions/ask/")
    body = page.locator("textarea[name=body]")
    body.fill("그래프: ")
    body.press("End")
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="이미지 올리기").click()
    chooser.value.set_files(files=[{"name": "plot.png", "mimeType": "image/png", "buffer": _png()}])
    expect(body).to_have_value(re.compile(r"^그래프: !\[[^\]]*\]\(/media/[^)]+\.png\)"))
    expect(page.locator(".markdownx-preview img")).to_have_count(1)
    assert_no_problems(page)


def test_a_new_members_upload_is_refused_with_a_message_and_the_text_kept(
    live_server, page: Page, make_user
):
    log_in(page, make_user("새내기").username)
    page.goto("/questions/ask/")
    body = page.locator("textarea[name=body]")
    body.fill("내 글")
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="이미지 올리기").click()
    chooser.value.set_files(files=[{"name": "plot.png", "mimeType": "image/png", "buffer": _png()}])
    expect(page.locator("#alerts .alert-error")).to_be_visible()
    expect(body).to_have_value("내 글")


def test_a_draft_survives_a_reload_and_goes_when_the_question_is_posted(
    live_server, page: Page, screenshot, make_user, make_tag
):
    make_tag("likelihood", name_ko="우도", name_en="Likelihood")
    member = make_user("초안작성자", reputation=100)
    log_in(page, member.username)
    page.goto("/questions/ask/")
    page.locator("input[name=title]").fill("우도와 확률은 무엇이 다른가요")
    page.locator("textarea[name=body]").fill("$p(x \\mid \\theta)$ 를 θ의 함수로 보면 우도예요.")
    status = page.locator("[data-draft-status]")
    expect(status).to_contain_text("임시 저장했어요")
    saved = Draft.objects.get(user=member, key="ask")
    assert saved.fields["title"] == "우도와 확률은 무엇이 다른가요"

    # With the text saved as a draft, a reload brings it back.
    page.reload()
    expect(page.locator("input[name=title]")).to_have_value("우도와 확률은 무엇이 다른가요")
    expect(page.locator("textarea[name=body]")).to_have_value(re.compile("우도예요"))
    expect(status).to_contain_text("되살렸어요")
    expect(page.locator(".markdownx-preview math")).to_have_count(1)
    screenshot(page, "draft-restored")

    page.locator("input[name=tags]").fill("우도")
    page.locator("main form button[type=submit]").last.click()
    expect(page).to_have_url(re.compile(r"/questions/\d+/"))
    assert Question.objects.filter(title="우도와 확률은 무엇이 다른가요").exists()
    assert not Draft.objects.filter(user=member).exists()
    page.goto("/questions/ask/")
    expect(page.locator("input[name=title]")).to_have_value("")
    expect(page.locator("[data-draft-status]")).to_be_hidden()
    assert_no_problems(page)


def test_unsaved_text_asks_before_leaving(live_server, page: Page, make_user):
    log_in(page, make_user("떠나는사람").username)
    page.goto("/questions/ask/")
    page.context.set_offline(True)  # the draft cannot reach the server
    page.locator("textarea[name=body]").fill("아직 저장되지 않은 글")
    expect(page.locator("[data-draft-status]")).to_contain_text("이 기기에만 저장했어요")
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    page.context.set_offline(False)
    page.evaluate("window.location.href = '/'")  # a navigation the page did not start itself
    page.wait_for_timeout(500)
    assert asked == ["beforeunload"]
    expect(page).to_have_url(re.compile(r"/questions/ask/$"))
