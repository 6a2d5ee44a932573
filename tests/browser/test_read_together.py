"""Reading D2L together and implementing papers, in a real browser: a reader asks from a
section's page and the question says which section it was asked while reading; a member
implementing a paper fixes a result the form refused, and the question shows its table and is
listed on /papers/ with the gap. With and without JavaScript."""

import re

import pytest
from playwright.sync_api import Page, expect

from apps.papers.models import PaperImplementation
from apps.questions.models import Question
from apps.tags.models import StudyLink
from tests.browser.conftest import assert_no_problems
from tests.browser.test_community import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The first question a test server indexes loads the Korean analyzer (seconds, on a busy machine).
ASK_TIMEOUT_MS = 30_000
BODY = "로그 우도를 쓰는 이유를 모르겠어요. $\\log \\prod_i p(x_i) = \\sum_i \\log p(x_i)$ 인가요?"


@pytest.fixture
def likelihood(make_tag):
    tag = make_tag("likelihood", name_ko="우도", name_en="Likelihood")
    StudyLink.objects.create(
        tag=tag,
        section="22.7",
        title_en="Maximum Likelihood",
        url_en="https://d2l.ai/chapter_appendix-mathematics-for-deep-learning/maximum-likelihood.html",
        title_ko="최대 가능도",
        url_ko="https://ko.d2l.ai/chapter_appendix-mathematics-for-deep-learning/maximum-likelihood.html",
    )
    return tag


def _english(page: Page, live_server) -> None:
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])


def _settle(page, form) -> None:
    """Leave the concepts field and let the page's check of suggested people finish before
    posting: on the tests' in-memory SQLite, that read meeting the post's write is refused
    (a 503 in the console), which PostgreSQL and a real site do not do."""
    form.locator("input[name=tags]").blur()
    page.wait_for_load_state("networkidle")


def test_a_reader_asks_from_a_section_and_the_question_says_so(
    live_server, page: Page, screenshot, make_user, likelihood
):
    reader = make_user("독자")
    log_in(page, reader.username)

    # The reading index, grouped by chapter, leads to the section (Korean by default).
    page.goto("/read/")
    expect(page.locator("h1")).to_have_text("D2L 같이 읽기")
    page.locator('a[href="/read/22.7/"]').click()
    expect(page.locator("h1")).to_contain_text("22.7")
    expect(page.locator("h1")).to_contain_text("최대 가능도")
    expect(page.locator(".reading-editions")).to_contain_text("한국어판 (0.17): 18.7")
    expect(page.locator(".study-box .tag-chip")).to_have_text("우도")
    screenshot(page, "section-ko")
    assert_no_problems(page)

    # In English, the reader asks from there: the form already names the section.
    _english(page, live_server)
    page.reload()
    expect(page.locator("h1")).to_contain_text("Maximum Likelihood")
    page.locator("a", has_text="Ask about this section").click()
    expect(page).to_have_url(re.compile(r"/questions/ask/\?section=22\.7$"))
    form = page.locator("main form.post-form")
    expect(form.locator("select[name=section]")).to_have_value("22.7")
    form.locator("input[name=title]").fill("Why do we maximize the log-likelihood?")
    form.locator("textarea[name=body]").fill(BODY)
    form.locator("input[name=tags]").fill("likelihood")
    _settle(page, form)
    form.locator("button[type=submit]").click(timeout=ASK_TIMEOUT_MS)

    expect(page.locator(".asked-while-reading")).to_have_text(
        "asked while reading 22.7 Maximum Likelihood"
    )
    screenshot(page, "question-en")
    assert_no_problems(page)
    question = Question.objects.get()
    assert question.d2l_section == "22.7"

    # The section's page lists it, and the index counts it.
    page.locator(".asked-while-reading a").click()
    expect(page.locator(".question-list")).to_contain_text(question.title)
    page.goto("/read/")
    expect(page.locator('a[href="/read/22.7/"]').locator("xpath=..")).to_contain_text("1 question")
    assert_no_problems(page)


def test_a_paper_implementation_shows_its_table_and_its_gap(
    live_server, page: Page, screenshot, make_user, likelihood
):
    member = make_user("구현자")
    log_in(page, member.username)
    _english(page, live_server)
    page.goto("/questions/ask/")
    form = page.locator("main form.post-form")
    form.locator("input[name=title]").fill("ResNet-50 from scratch stays below the paper")
    form.locator("textarea[name=body]").fill("My top-1 is lower than the paper's. What did I miss?")
    form.locator("input[name=tags]").fill("likelihood")
    _settle(page, form)
    details = form.locator("details.paper-fields")
    expect(details.locator("input[name=paper_url]")).to_be_hidden()  # folded until wanted
    details.locator("summary").click()
    details.locator("input[name=paper_url]").fill("https://arxiv.org/abs/1512.03385")
    details.locator("input[name=code_url]").fill("https://github.com/example/resnet")
    details.locator("input[name=reported]").fill("76.1")  # no unit: refused
    details.locator("input[name=reproduced]").fill("75.3 % top-1")
    form.locator("button[type=submit]").click()

    # Refused with a clear message, the paper part unfolded, nothing saved.
    details = page.locator("details.paper-fields")
    expect(details).to_have_attribute("open", "")
    expect(details.locator(".field-error")).to_contain_text("Say what the number measures")
    assert not Question.objects.exists()
    screenshot(page, "ask-refused")
    details.locator("input[name=reported]").fill("76.1 % top-1")
    page.locator("main form.post-form button[type=submit]").click(timeout=ASK_TIMEOUT_MS)

    table = page.locator("table.paper-table")
    expect(table).to_contain_text("76.1 % top-1")
    expect(table).to_contain_text("75.3 % top-1")
    expect(table.locator(".paper-gap")).to_have_text("−0.8 % top-1")
    screenshot(page, "paper-question")
    assert_no_problems(page)
    assert PaperImplementation.objects.get().reproduced_label == "% top-1"

    page.goto("/papers/")
    row = page.locator("table.papers-table tbody tr")
    expect(row).to_contain_text("ResNet-50 from scratch stays below the paper")
    expect(row.locator(".paper-gap")).to_have_text("−0.8 % top-1")
    screenshot(page, "papers")
    assert_no_problems(page)


def test_asking_from_a_section_with_a_paper_without_javascript(
    live_server, page_without_js: Page, screenshot, make_user, likelihood
):
    page = page_without_js
    member = make_user("무스크립트")
    log_in(page, member.username)
    page.goto("/read/22.7/")
    page.locator("a", has_text="이 절에 대해 질문하기").click()
    form = page.locator("main form.post-form")
    expect(form.locator("select[name=section]")).to_have_value("22.7")
    form.locator("input[name=title]").fill("최대 가능도 추정을 직접 구현해 봤어요")
    form.locator("textarea[name=body]").fill(BODY)
    form.locator("input[name=tags]").fill("우도")
    _settle(page, form)
    form.locator("details.paper-fields summary").click()
    form.locator("input[name=paper_url]").fill("javascript:alert(1)")
    form.locator("button[type=submit]").click()
    expect(page.locator("details.paper-fields .field-error")).to_contain_text("https://")
    assert not Question.objects.exists()
    page.locator("input[name=paper_url]").fill("https://arxiv.org/abs/1412.6980")
    page.locator("input[name=reported]").fill("BLEU 27.3")
    page.locator("input[name=reproduced]").fill("27.9 BLEU")
    page.locator("main form.post-form button[type=submit]").click(timeout=ASK_TIMEOUT_MS)
    expect(page.locator(".asked-while-reading")).to_contain_text("22.7 최대 가능도")
    expect(page.locator("table.paper-table .paper-gap")).to_have_text("+0.6 BLEU")
    screenshot(page, "question-ko-nojs")
    assert_no_problems(page)
