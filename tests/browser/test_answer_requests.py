"""Asking the person who can answer, in a real browser: while asking, the asker sees who
answers the chosen concepts best; after posting they ask one of them from the question page;
that person finds the request in their inbox and declines it, and the asker sees it declined.
Then the same without JavaScript, in English."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from apps.answer_requests.models import AnswerRequest
from apps.answers.models import Answer
from apps.answers.services import answer_accept
from apps.notifications.models import Kind, Notification
from tests.browser.conftest import assert_no_problems
from tests.browser.test_community import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUESTION_URL = re.compile(r"/questions/(\d+)/[^/]+/$")


@pytest.fixture
def helpers(make_user, make_tag, make_question, make_answer):
    """Under 가능도 (alias 우도): 도우미 has two accepted answers, 친구 one upvoted answer;
    the asker has reputation enough to ask."""
    likelihood = make_tag("likelihood", name_ko="가능도", name_en="Likelihood", aliases="우도")
    make_tag("probability", name_ko="확률", name_en="Probability")
    asker = make_user("질문자", reputation=40)
    helper = make_user("도우미", reputation=120)
    friend = make_user("친구", reputation=30)
    for n in range(2):
        owner = make_user(reputation=20)
        question = make_question(author=owner, title=f"가능도 질문 {n}번", tags=[likelihood.slug])
        answer = make_answer(question=question, author=helper, body="가능도는 $L(\\theta)$")
        answer_accept(user=owner, answer=answer)
    answer = make_answer(
        question=make_question(tags=[likelihood.slug]), author=friend, body="좋은 질문이에요"
    )
    Answer.objects.filter(pk=answer.pk).update(
        score=2, created_at=timezone.now() - timedelta(days=3)
    )
    return asker, helper, friend


def test_the_asker_sees_suggested_people_asks_one_who_declines(
    browser, live_server, page: Page, screenshot, helpers
):
    asker, helper, _friend = helpers
    log_in(page, asker.username)
    page.goto("/questions/ask/")
    form = page.locator("form.post-form")
    form.locator("input[name=title]").fill("우도 함수는 왜 확률 분포가 아닌가요?")
    form.locator("textarea[name=body]").fill(
        "$L(\\theta)$ 를 적분하면 1이 아니던데요, 왜 그런가요?"
    )
    people = page.locator("#answer-people")
    expect(people.locator(".suggested-person")).to_have_count(0)
    # Choosing a concept through the autocomplete shows who answers it best.
    tags = form.locator("input[name=tags]")
    tags.fill("가능")
    form.locator('[data-tag-suggestion="가능도"]').click()
    expect(people.locator(".suggested-person")).to_have_count(2)
    expect(people.locator(".suggested-person").first).to_contain_text("도우미")
    expect(people.locator(".suggested-person").first).to_contain_text("채택 2개")
    expect(people.locator(".suggested-person").nth(1)).to_contain_text("친구")
    expect(people).to_contain_text("최대 3명")
    screenshot(page, "ask-page-suggested-people")
    assert_no_problems(page)
    form.locator("button[type=submit]").click()

    # On the posted question, the asker's box offers the same people as buttons.
    expect(page).to_have_url(QUESTION_URL)
    box = page.locator("#answer-requests")
    expect(box.locator(".suggested-person")).to_have_count(2)
    expect(box).to_contain_text("3명에게 더 부탁할 수 있어요")
    screenshot(page, "question-page-request-form")
    box.locator("button", has_text="도우미 님에게 부탁하기").click()
    expect(box.locator(".notice")).to_contain_text("도우미 님에게 답변을 부탁했어요")
    expect(box.locator(".asked-person")).to_contain_text("도우미")
    expect(box.locator(".asked-person")).to_contain_text("부탁함")
    expect(box).to_contain_text("2명에게 더 부탁할 수 있어요")
    # The one asked is no longer suggested; the other still is.
    expect(box.locator(".suggested-person")).to_have_count(1)
    screenshot(page, "question-page-after-asking")
    assert_no_problems(page)
    question_id = int(QUESTION_URL.search(page.url)[1])
    assert AnswerRequest.objects.get(question_id=question_id).person == helper

    # The person asked sees it in their inbox, and declines.
    page.context.clear_cookies()
    log_in(page, helper.username)
    expect(page.locator(".user-chip")).to_be_visible()
    page.goto("/notifications/")
    item = page.locator(".inbox-item", has_text="답변을 부탁했어요")
    expect(item).to_contain_text("질문자")
    expect(item).to_contain_text("우도 함수는 왜 확률 분포가 아닌가요?")
    screenshot(page, "inbox-with-request")
    item.locator("button", has_text="거절하기").click()
    expect(page.locator("body")).to_contain_text("거절했어요")
    expect(page.locator(".inbox-item button", has_text="거절하기")).to_have_count(0)
    assert AnswerRequest.objects.get(question_id=question_id).declined_at is not None
    assert_no_problems(page)

    # The asker sees it declined; nobody was notified of the decline.
    page.context.clear_cookies()
    log_in(page, asker.username)
    page.goto(f"/questions/{question_id}/")
    expect(page.locator("#answer-requests .asked-person")).to_contain_text("거절했어요")
    assert not Notification.objects.filter(recipient=asker, kind=Kind.ANSWER_REQUEST).exists()
    assert_no_problems(page)


def test_without_javascript_the_asker_asks_from_the_question_page_in_english(
    browser, live_server, page_without_js: Page, screenshot, helpers, make_question
):
    asker, helper, _friend = helpers
    page = page_without_js
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    question = make_question(
        author=asker, title="Why is the likelihood not a distribution?", tags=["likelihood"]
    )
    log_in(page, asker.username)
    page.goto(question.get_absolute_url())
    box = page.locator("#answer-requests")
    expect(box).to_contain_text("Ask someone to answer")
    # Typing a name works right on the question page.
    box.locator("input[name=username]").fill("친구")
    box.locator("button", has_text="Ask to answer").click()
    expect(page).to_have_url(re.compile(rf"/questions/{question.pk}/request/$"))
    expect(page.locator("body")).to_contain_text("You asked 친구 to answer")
    # The page also offers the suggested people as buttons.
    box = page.locator("#answer-requests")
    box.locator("button", has_text="Ask 도우미").click()
    expect(page.locator("#answer-requests .asked-person")).to_have_count(2)
    expect(page.locator("#answer-requests")).to_contain_text("You may ask 1 more person")
    # A bad name is a clear message, and nothing changes.
    page.locator("#answer-requests input[name=username]").fill("nobody-at-all")
    page.locator("#answer-requests button", has_text="Ask to answer").click()
    expect(page.locator("body")).to_contain_text("There is no member called")
    screenshot(page, "no-js-bad-name")
    assert AnswerRequest.objects.filter(question=question).count() == 2
    assert Notification.objects.filter(kind=Kind.ANSWER_REQUEST, recipient=helper).count() == 1
