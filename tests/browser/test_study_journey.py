"""Studying together, end to end, in a real browser on the seeded content (issue 17): a learner
follows the recommender-systems path and puts its cards in the review deck; nothing is due that
day; the next day (the stored due dates moved back, as a day passing would) the header counts
them and a card is reviewed; "still confusing" on the next card opens the ask form filled in,
where the helper who answers that concept is suggested; the learner posts and asks the helper,
who finds the request in their notifications (their own browser); and a reader asks from
/read/22.7/ and the question says so. In Korean, then shorter in English."""

import datetime as dt
import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Page, expect

from apps.answer_requests.models import AnswerRequest
from apps.answers.services import answer_accept
from apps.cards.models import DeckCard, ReviewLog
from apps.cards.queries import due_cards
from apps.notifications.models import Kind, Notification
from apps.paths.models import PathStep
from apps.questions.models import Question
from tests.browser.conftest import _new_page, assert_no_problems
from tests.browser.test_community import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PATH = "recommender-systems"
QUESTION_URL = re.compile(r"/questions/(\d+)/[^/]+/$")
# The first question a test server indexes loads the Korean analyzer (seconds, on a busy machine).
ASK_TIMEOUT_MS = 30_000


@pytest.fixture
def journey(make_user, make_question, make_answer):
    """The seeded content; a helper whose accepted answers cover every concept of the
    recommender-systems path (so whichever card comes up, they are suggested); the learner."""
    call_command("seed", stdout=None)
    slugs = list(
        PathStep.objects.filter(path__slug=PATH).order_by("id").values_list("tag__slug", flat=True)
    )
    assert len(slugs) == 14
    helper = make_user("도우미", reputation=150)
    for n, start in enumerate(range(0, len(slugs), 5)):
        owner = make_user(reputation=20)
        question = make_question(
            author=owner, title=f"추천 시스템 공부 질문 {n}번", tags=slugs[start : start + 5]
        )
        answer = make_answer(question=question, author=helper, body="내적으로 생각해 보세요.")
        answer_accept(user=owner, answer=answer)
    # The helper has read the news of those acceptances long ago.
    Notification.objects.filter(recipient=helper).update(read_at=timezone.now())
    learner = make_user("학습자", reputation=40)
    return learner, helper


def _a_day_passes(user) -> None:
    """Move the member's stored due dates back: what a day passing does to them."""
    DeckCard.objects.filter(user=user).update(due=timezone.now() - dt.timedelta(minutes=1))


def _english(page: Page, live_server) -> None:
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])


def test_a_learner_studies_the_recommender_path_together(
    browser, live_server, page: Page, screenshot, journey
):
    learner, helper = journey
    log_in(page, learner.username)

    # 1. The path, and its cards into the deck.
    page.goto("/paths/")
    card = page.locator(".path-card", has=page.locator(f'a[href="/paths/{PATH}/"]'))
    expect(card).to_contain_text("추천 시스템")
    card.locator(f'a[href="/paths/{PATH}/"]').click()
    expect(page).to_have_url(re.compile(rf"/paths/{PATH}/$"))
    expect(page.locator("main h1")).to_have_text("추천 시스템")
    page.get_by_role("button", name="경로 전체를 복습 덱에 넣기").click()
    expect(page).to_have_url(re.compile(rf"/paths/{PATH}/$"))
    expect(page.locator("#alerts")).to_contain_text(
        "추천 시스템의 카드 14장을 복습 덱에 넣었어요. 내일 다시 나와요."
    )
    screenshot(page, "1-path-deck-added")
    assert DeckCard.objects.filter(user=learner).count() == 14
    assert_no_problems(page)

    # 2. Nothing is due today; the next day the header counts them, and one is reviewed.
    expect(page.locator("#due-link")).to_have_count(0)
    _a_day_passes(learner)
    page.reload()
    expect(page.locator("#due-link .due-count")).to_have_text("14")
    page.locator("#due-link").click()
    expect(page).to_have_url(re.compile(r"/review/$"))
    expect(page.locator(".review-count")).to_have_text("복습할 카드 14장")
    # The path's cards come back in its order, prerequisites first: vector, then matrix.
    first, second = (deck_card.card.concept for deck_card in due_cards(learner)[:2])
    assert (first.slug, second.slug) == ("vector", "matrix")
    expect(page.locator(".review-name")).to_contain_text(first.name_ko)
    definition = page.locator(".review-card .definition-text")
    expect(definition).to_be_hidden()
    page.locator(".review-reveal summary").click()
    expect(definition).to_be_visible()
    screenshot(page, "2-review-revealed")
    page.locator(".grade-3").click()
    expect(page.locator(".review-done")).to_contain_text(first.name_ko)
    expect(page.locator("#due-link .due-count")).to_have_text("13")
    expect(page.locator(".review-count")).to_have_text("복습할 카드 13장")
    expect(page.locator(".review-name")).to_contain_text(second.name_ko)
    log = ReviewLog.objects.get()
    assert (log.card.concept, log.rating) == (first, 3)
    assert_no_problems(page)

    # 3. Still confusing: the ask form, filled in, suggests the helper; post, then ask them.
    page.locator(".review-reveal summary").click()
    page.get_by_role("link", name="아직 헷갈리나요? 커뮤니티에 물어보세요").click()
    expect(page).to_have_url(re.compile(r"/questions/ask/\?"))
    form = page.locator("main form.post-form")
    title = form.locator("input[name=title]")
    expect(title).to_have_value(f"{second.name_ko}의 정의가 아직 헷갈립니다")
    expect(form.locator("input[name=tags]")).to_have_value(second.name_ko)
    people = page.locator("#answer-people")
    expect(people.locator(".suggested-person").first).to_contain_text("도우미")
    title.fill(f"{second.name_ko}의 정의가 아직 헷갈립니다: 추천에서는 무슨 뜻인가요?")
    form.locator("textarea[name=body]").fill(
        "카드의 정의를 읽어도 추천 시스템에서 어떻게 쓰이는지 잘 모르겠어요. "
        "$r_{ui} \\approx p_u^\\top q_i$ 와 어떤 관계인가요?"
    )
    expect(form.locator(".markdownx-preview math")).to_have_count(1)  # the preview follows
    screenshot(page, "3-ask-filled-suggested")
    assert_no_problems(page)
    form.locator("button[type=submit]").click(timeout=ASK_TIMEOUT_MS)
    expect(page).to_have_url(QUESTION_URL)
    question_id = int(QUESTION_URL.search(page.url)[1])
    box = page.locator("#answer-requests")
    box.locator("button", has_text="도우미 님에게 부탁하기").click()
    expect(box.locator(".notice")).to_contain_text("도우미 님에게 답변을 부탁했어요")
    expect(box.locator(".asked-person")).to_contain_text("도우미")
    screenshot(page, "3-question-helper-asked")
    assert_no_problems(page)
    assert AnswerRequest.objects.get(question_id=question_id).person == helper
    assert list(Question.objects.get(pk=question_id).tags.all()) == [second]

    # 4. The helper, in their own browser, sees the request.
    context, helper_page = _new_page(browser, live_server)
    try:
        log_in(helper_page, helper.username)
        expect(helper_page.locator("#inbox-link .unread-badge")).to_have_text("1")
        helper_page.locator("#inbox-link").click()
        expect(helper_page).to_have_url(re.compile(r"/notifications/$"))
        item = helper_page.locator(".inbox-item", has_text="답변을 부탁했어요")
        expect(item).to_contain_text("학습자")
        expect(item).to_contain_text(f"{second.name_ko}의 정의가 아직 헷갈립니다")
        screenshot(helper_page, "4-helper-inbox")
        assert_no_problems(helper_page)
    finally:
        context.close()
    assert Notification.objects.filter(recipient=helper, kind=Kind.ANSWER_REQUEST).count() == 1

    # 5. A reader asks from /read/22.7/; the question says where it was asked.
    page.goto("/read/22.7/")
    expect(page.locator("h1")).to_contain_text("22.7")
    screenshot(page, "5-section")
    page.locator("a", has_text="이 절에 대해 질문하기").click()
    expect(page).to_have_url(re.compile(r"/questions/ask/\?section=22\.7$"))
    form = page.locator("main form.post-form")
    expect(form.locator("select[name=section]")).to_have_value("22.7")
    form.locator("input[name=title]").fill("최대 가능도에서 로그를 취하는 이유가 궁금해요")
    form.locator("textarea[name=body]").fill(
        "곱을 합으로 바꾸려고 로그를 쓰는 건가요? $\\log \\prod_i p(x_i) = \\sum_i \\log p(x_i)$"
    )
    form.locator("input[name=tags]").fill("가능도")
    form.locator('[data-tag-suggestion="가능도 (우도)"]').click()
    expect(form.locator("input[name=tags]")).to_have_value(re.compile(r"^가능도 \(우도\)"))
    # Likelihood is on the path too, so the helper is suggested. Waiting for the box also lets
    # its request end before the post: in the tests' in-memory SQLite, a read that meets a
    # write fails ("table is locked") where PostgreSQL would let it through.
    expect(page.locator("#answer-people .suggested-person").first).to_contain_text("도우미")
    form.locator("button[type=submit]").click(timeout=ASK_TIMEOUT_MS)
    expect(page).to_have_url(QUESTION_URL)
    expect(page.locator(".asked-while-reading")).to_contain_text("22.7")
    expect(page.locator(".asked-while-reading")).to_contain_text("절을 읽으며 한 질문이에요")
    screenshot(page, "5-asked-while-reading")
    assert_no_problems(page)
    read = Question.objects.get(pk=int(QUESTION_URL.search(page.url)[1]))
    assert (read.d2l_section, [tag.slug for tag in read.tags.all()]) == ("22.7", ["likelihood"])


def test_the_same_journey_in_english_shorter(browser, live_server, page: Page, screenshot, journey):
    learner, helper = journey
    _english(page, live_server)
    log_in(page, learner.username)
    page.goto(f"/paths/{PATH}/")
    expect(page.locator("main h1")).to_have_text("Recommender systems")
    page.get_by_role("button", name="Add the whole path to my review deck").click()
    expect(page.locator("#alerts")).to_contain_text(
        "14 cards of Recommender systems are in your review deck: they come back tomorrow."
    )
    expect(page.locator("#due-link")).to_have_count(0)
    _a_day_passes(learner)
    page.goto("/review/")
    expect(page.locator("#due-link .due-count")).to_have_text("14")
    concept = due_cards(learner).first().card.concept
    page.locator(".review-reveal summary").click()
    page.get_by_role("link", name="Still confusing? Ask the community").click()
    form = page.locator("main form.post-form")
    expect(form.locator("input[name=title]")).to_have_value(
        f"I still find the definition of {concept.name_en} confusing"
    )
    expect(page.locator("#answer-people .suggested-person").first).to_contain_text("도우미")
    form.locator("textarea[name=body]").fill(
        "The card's definition is clear alone, but how does it show up in recommenders?"
    )
    form.locator("button[type=submit]").click(timeout=ASK_TIMEOUT_MS)
    expect(page).to_have_url(QUESTION_URL)
    page.locator("#answer-requests button", has_text="Ask 도우미").click()
    expect(page.locator("#answer-requests .asked-person")).to_contain_text("도우미")
    screenshot(page, "en-question-helper-asked")
    assert_no_problems(page)
    assert AnswerRequest.objects.get().person == helper

    page.goto("/read/22.7/")
    expect(page.locator("h1")).to_contain_text("Maximum Likelihood")
    page.locator("a", has_text="Ask about this section").click()
    form = page.locator("main form.post-form")
    form.locator("input[name=title]").fill("Why do we maximize the log-likelihood?")
    form.locator("textarea[name=body]").fill(
        "Is it only to turn the product into a sum? $\\log \\prod_i p(x_i)$"
    )
    form.locator("input[name=tags]").fill("likeli")
    form.locator('[data-tag-suggestion="Likelihood"]').click()
    expect(page.locator("#answer-people .suggested-person").first).to_contain_text("도우미")
    form.locator("button[type=submit]").click(timeout=ASK_TIMEOUT_MS)
    expect(page.locator(".asked-while-reading")).to_have_text(
        "asked while reading 22.7 Maximum Likelihood"
    )
    screenshot(page, "en-asked-while-reading")
    assert_no_problems(page)
