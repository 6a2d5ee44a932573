"""The core loop in a real browser: sign up, ask with math and code, answer, vote, accept.

Everything happens through the UI; the ORM is only read (ids, final state) or, in the shorter
tests, used to set up rows that are not the subject of the test. We never assert on translated
UI strings (the catalog changes): only on ids, roles, attributes, URLs and the content we typed.
"""

from __future__ import annotations

import os
import re

import pytest

if os.environ.get("GACHI_REQUIRE_BROWSER") != "1":
    pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")

from playwright.sync_api import Page, expect

from apps.accounts.models import User
from apps.answers.models import Answer
from apps.questions.models import Question
from apps.reputation.models import Reason, ReputationEvent
from tests.browser.conftest import DESKTOP, PHONE, assert_no_problems
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ASKER = "가우스"
ANSWERER = "오일러"
TITLE = "Likelihood와 probability는 뭐가 다른가요?"
QUESTION_BODY = r"""같은 식 $p(x \mid \theta)$ 인데 왜 이름이 두 개인가요?

최대우도 추정은 이렇게 쓴다고 배웠습니다: $$\hat\theta = \arg\max_\theta L(\theta)$$

```python
import numpy as np

def log_likelihood(theta, xs):
    return np.sum(np.log(density(xs, theta)))
```
"""
ANSWER_BODY = r"""$\theta$ 를 고정하면 확률, $x$ 를 고정하면 가능도입니다.

최대화할 때는 기울기 $\nabla_\theta \log L$ 을 따라 올라갑니다."""

QUESTION_URL = re.compile(r"/questions/(\d+)/[^/]+/$")


# --- Steps shared by the tests ------------------------------------------------------------------


def sign_up(page: Page, username: str) -> None:
    page.goto("/accounts/signup/")
    form = page.locator("main form[method=post]")
    form.locator("input[name=username]").fill(username)
    form.locator("input[name=password1]").fill(PASSWORD)
    form.locator("input[name=password2]").fill(PASSWORD)
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator("header .user-chip .user-name")).to_have_text(username)


def log_in(page: Page, username: str, next_url: str | None = None) -> None:
    page.goto("/accounts/login/" + (f"?next={next_url}" if next_url else ""))
    form = page.locator("main form[method=post]")
    form.locator("input[name=username]").fill(username)
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("button[type=submit]").click()
    expect(page.locator("header .user-chip .user-name")).to_have_text(username)


def log_out(page: Page) -> None:
    page.locator("header .header-menu > summary").click()  # logging out is in the menu
    page.locator('header form[action="/accounts/logout/"] button[type=submit]').click()
    expect(page.locator('header a[href^="/accounts/login/"]')).to_be_visible()
    expect(page.locator("header .user-chip")).to_have_count(0)


def mark_page(page: Page) -> str:
    """Tag the current document so we can tell later that htmx did not reload it."""
    page.evaluate("window.__marker = 1")
    return page.url


def assert_not_reloaded(page: Page, url: str) -> None:
    assert page.url == url
    assert page.evaluate("window.__marker") == 1, "the page was reloaded"


# --- The core loop ------------------------------------------------------------------------------


def test_ask_answer_vote_accept(page: Page, live_server, screenshot, make_tag):
    make_tag("likelihood", name_ko="가능도", name_en="Likelihood", aliases="우도")
    make_tag("probability", name_ko="확률", name_en="Probability")
    # 1. A signs up with a Hangul username and is logged in.
    sign_up(page, ASKER)

    # 2. A asks, watching the live preview render math and code before posting.
    page.locator('header a[href="/questions/ask/"]').click()
    expect(page).to_have_url(re.compile(r"/questions/ask/$"))
    form = page.locator("form.post-form")
    form.locator("input[name=title]").fill(TITLE)
    form.locator("textarea[name=body]").fill(QUESTION_BODY)
    preview = form.locator(".markdownx-preview")
    expect(preview.locator("math").first).to_be_visible()
    expect(preview.locator('math[display="block"]')).to_have_count(1)
    expect(preview.locator("pre.codehilite code.language-python span.k").first).to_be_visible()
    expect(preview).to_contain_text("log_likelihood")
    # Concept tags through the autocomplete: type part of a name, pick the suggestion.
    tags = form.locator("input[name=tags]")
    tags.fill("확")
    form.locator('[data-tag-suggestion="확률"]').click()
    expect(tags).to_have_value("확률, ")
    tags.press_sequentially("우")
    form.locator('[data-tag-suggestion="가능도"]').click()
    expect(tags).to_have_value("확률, 가능도, ")
    screenshot(page, "ask-preview")
    form.locator("button[type=submit]").click()

    expect(page).to_have_url(QUESTION_URL)
    question_url = page.url
    question_path = "/" + question_url.split("/", 3)[3]
    question_id = int(QUESTION_URL.search(question_url)[1])
    expect(page.locator("main h1")).to_have_text(TITLE)
    expect(page.locator(".post.question .tag-chip")).to_have_text(
        ["가능도", "확률"]
    )  # ordered by slug
    question_prose = page.locator(".post.question .prose")
    expect(question_prose.locator("math").first).to_be_visible()
    expect(question_prose.locator('math[display="block"]')).to_be_visible()
    code = question_prose.locator("pre.codehilite")
    expect(code.locator("code.language-python span.k").first).to_be_visible()
    expect(code).to_contain_text("def log_likelihood")
    # Own post: the asker cannot vote on it.
    expect(page.locator(f"#vote-question-{question_id} button.vote-up")).to_be_disabled()

    # 3. A logs out; B signs up, answers with math, upvotes the question.
    log_out(page)
    sign_up(page, ANSWERER)
    page.goto(question_path)
    answer_form = page.locator(f'form[action="/questions/{question_id}/answer/"]')
    answer_form.locator("textarea[name=body]").fill(ANSWER_BODY)
    expect(answer_form.locator(".markdownx-preview math").first).to_be_visible()
    answer_form.locator("button[type=submit]").click()

    expect(page).to_have_url(re.compile(rf"/questions/{question_id}/[^/]+/#answer-\d+$"))
    answer_id = int(page.url.rsplit("#answer-", 1)[1])
    answer = page.locator(f"article#answer-{answer_id}")
    expect(answer.locator(".prose")).to_contain_text("가능도")
    expect(answer.locator(".prose math").first).to_be_visible()

    url = mark_page(page)
    question_vote = page.locator(f"#vote-question-{question_id}")
    question_vote.locator("button.vote-up").click()
    expect(question_vote.locator(".vote-score")).to_have_text("1")
    expect(question_vote.locator("button.vote-up")).to_have_attribute("aria-pressed", "true")
    assert_not_reloaded(page, url)
    # B cannot vote on B's own answer; there is no accept button for B either.
    expect(page.locator(f"#vote-answer-{answer_id} button.vote-up")).to_be_disabled()
    expect(page.locator(f"#vote-answer-{answer_id} button.vote-down")).to_be_disabled()
    expect(page.locator(f"#accept-{answer_id} button")).to_have_count(0)

    # 4. B logs out; A logs in, upvotes and accepts B's answer.
    log_out(page)
    log_in(page, ASKER)
    page.goto(question_path)
    url = mark_page(page)
    answer_vote = page.locator(f"#vote-answer-{answer_id}")
    answer_vote.locator("button.vote-up").click()
    expect(answer_vote.locator(".vote-score")).to_have_text("1")
    accept = page.locator(f"#accept-{answer_id}")
    expect(accept.locator("button[aria-pressed]")).to_have_attribute("aria-pressed", "false")
    accept.locator("button").click()
    expect(accept.locator("button[aria-pressed]")).to_have_attribute("aria-pressed", "true")
    assert_not_reloaded(page, url)

    page.reload()
    answers = page.locator("#answers article.answer")
    expect(answers.first).to_have_id(f"answer-{answer_id}")
    expect(answers.first).to_have_class(re.compile(r"\bis-accepted\b"))
    expect(accept.locator("button")).to_have_attribute("aria-pressed", "true")
    expect(answer_vote.locator(".vote-score")).to_have_text("1")
    expect(question_vote.locator(".vote-score")).to_have_text("1")
    expect(page.locator(".post.question .prose math").first).to_be_visible()
    expect(page.locator(f"#answer-{answer_id} .prose math").first).to_be_visible()
    # A: base 1 + 10 (question upvoted) + 2 (accepted an answer).
    expect(page.locator("header .user-chip .reputation")).to_have_text("13")

    # 5. The database agrees, and humans get screenshots.
    question = Question.objects.get(pk=question_id)
    answer_row = Answer.objects.get(pk=answer_id)
    assert question.title == TITLE
    assert question.score == 1
    assert answer_row.score == 1
    assert answer_row.question_id == question_id
    assert question.accepted_answer_id == answer_id
    asker, answerer = User.objects.get(username=ASKER), User.objects.get(username=ANSWERER)
    # B: base 1 + 10 (answer upvoted by A) + 15 (answer accepted). B's own upvote went to A.
    assert answerer.reputation == 1 + 10 + 15
    # A: base 1 + 10 (question upvoted by B) + 2 (accepted an answer).
    assert asker.reputation == 1 + 10 + 2
    ledger = sorted(ReputationEvent.objects.values_list("user__username", "reason", "amount"))
    assert ledger == sorted(
        [
            (ASKER, Reason.QUESTION_UPVOTED, 10),
            (ASKER, Reason.ACCEPTED_ANSWER, 2),
            (ANSWERER, Reason.ANSWER_UPVOTED, 10),
            (ANSWERER, Reason.ANSWER_ACCEPTED, 15),
        ]
    )

    screenshot(page, "question-desktop")
    page.set_viewport_size(PHONE)
    screenshot(page, "question-phone")
    # Nothing on the phone layout may push the page sideways (wide math and code scroll inside).
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than a {PHONE['width']}px phone"
    page.set_viewport_size(DESKTOP)
    assert_no_problems(page)


# --- Language ------------------------------------------------------------------------------------


def test_language_switcher(page: Page, live_server, make_question):
    question = make_question(title="확률과 가능도의 차이")
    page.goto(question.get_absolute_url())
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "ko")
    url = page.url

    page.locator("header .header-menu > summary").click()  # the menu holds the language
    page.locator("select#language-select").select_option("en")
    expect(html).to_have_attribute("lang", "en")
    assert page.url == url  # back on the same page, Hangul slug and all
    expect(page.locator("select#language-select")).to_have_value("en")
    expect(page.locator("main h1")).to_have_text("확률과 가능도의 차이")

    page.locator("header .header-menu > summary").click()
    page.locator("select#language-select").select_option("ko")
    expect(html).to_have_attribute("lang", "ko")
    assert page.url == url
    assert_no_problems(page)


def test_switching_the_accepted_answer_in_place_moves_the_accepted_border(
    page: Page, live_server, make_user, make_question, make_answer
):
    asker = make_user("라그랑주")
    question = make_question(author=asker)
    first, second = make_answer(question=question), make_answer(question=question)
    log_in(page, asker.username, next_url=question.get_absolute_url())
    url = mark_page(page)

    def looks_accepted(answer) -> bool:
        article = page.locator(f"article#answer-{answer.pk}")
        return article.evaluate("el => getComputedStyle(el).boxShadow") != "none"

    page.locator(f"#accept-{first.pk} button").click()
    expect(page.locator(f"#accept-{first.pk} button")).to_have_attribute("aria-pressed", "true")
    assert looks_accepted(first) and not looks_accepted(second)
    page.locator(f"#accept-{second.pk} button").click()
    expect(page.locator(f"#accept-{first.pk} button")).to_have_attribute("aria-pressed", "false")
    assert looks_accepted(second) and not looks_accepted(first)
    page.locator(f"#accept-{second.pk} button").click()  # withdraw
    expect(page.locator(f"#accept-{second.pk} button")).to_have_attribute("aria-pressed", "false")
    assert not looks_accepted(first) and not looks_accepted(second)
    assert_not_reloaded(page, url)
    assert_no_problems(page)


# --- Without JavaScript -------------------------------------------------------------------------


def test_vote_and_accept_without_javascript(page_without_js: Page, make_user, make_answer):
    page = page_without_js
    asker, answerer = make_user("리만"), make_user("페르마")
    answer = make_answer(author=answerer, body="답변: $e^{i\\pi} + 1 = 0$")
    question = answer.question
    question.author = asker
    question.save(update_fields=["author"])
    path = question.get_absolute_url()

    # The answerer upvotes the question with the plain form.
    log_in(page, answerer.username, next_url=path)
    expect(page.locator("html")).not_to_have_class(re.compile(r"\bjs\b"))  # app.js did not run
    expect(page.locator("main h1")).to_have_text(question.title)
    vote = page.locator(f"#vote-question-{question.pk}")
    vote.locator('button[name=value][value="1"]').click()
    expect(page).to_have_url(re.compile(rf"/questions/{question.pk}/[^/]+/$"))
    expect(vote.locator(".vote-score")).to_have_text("1")
    expect(vote.locator("button.vote-up")).to_have_attribute("aria-pressed", "true")

    # The asker logs in (the header's logout form is a plain POST too) and accepts.
    log_out(page)
    log_in(page, asker.username, next_url=path)
    page.locator(f'#vote-answer-{answer.pk} button[name=value][value="1"]').click()
    expect(page.locator(f"#vote-answer-{answer.pk} .vote-score")).to_have_text("1")
    page.locator(f"#accept-{answer.pk} button").click()
    expect(page).to_have_url(re.compile(rf"#answer-{answer.pk}$"))
    expect(page.locator(f"article#answer-{answer.pk}")).to_have_class(
        re.compile(r"\bis-accepted\b")
    )
    expect(page.locator(f"#accept-{answer.pk} button")).to_have_attribute("aria-pressed", "true")

    question.refresh_from_db()
    answer.refresh_from_db()
    assert (question.score, answer.score, question.accepted_answer_id) == (1, 1, answer.pk)
    assert_no_problems(page)


# --- Phone layout --------------------------------------------------------------------------------


def test_phone_header_is_one_row_that_lines_up_with_the_content(page: Page, live_server, make_user):
    page.set_viewport_size(PHONE)
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    for who in ("visitor", "member"):
        if who == "member":
            log_in(page, make_user("a-rather-long-member-name").username)
        page.goto("/")
        content_left = page.locator("main#main").evaluate(
            "el => el.getBoundingClientRect().left + parseFloat(getComputedStyle(el).paddingLeft)"
        )
        header = page.locator("header.site-header").bounding_box()
        brand = page.locator("header .brand").bounding_box()
        menu = page.locator("header .header-menu > summary").bounding_box()
        ask = page.locator("header .ask-button")
        assert header["height"] <= 64, f"{who}: the header takes {header['height']}px"
        assert brand["x"] >= content_left, "the brand touches the left edge of the screen"
        assert menu["x"] + menu["width"] <= PHONE["width"] - content_left + 1, (
            "the menu button touches the right edge of the screen"
        )
        expect(ask).to_have_text("Ask a questionAsk")  # the short label shown, the long one read
        assert ask.bounding_box()["height"] <= 48  # one line
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        # The nav, the language and logging out are in the menu.
        page.locator("header .header-menu > summary").click()
        expect(page.locator("header .menu-nav a").first).to_be_visible()
        expect(page.locator("header select#language-select")).to_be_visible()
        page.locator("header .header-menu > summary").click()
    assert_no_problems(page)
