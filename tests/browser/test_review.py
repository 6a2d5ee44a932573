"""Definitions first, again a day later, in a real browser: a member adds definition cards from
concept pages, nothing is due that day, the next day (the stored due dates moved back, as a day
passing would) the header counts them, /review/ shows a name, the definition is revealed and
graded, and "still confusing" opens the ask form filled in. With JavaScript and without."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from apps.cards.models import DeckCard, DefinitionCard, ReviewLog
from tests.browser.conftest import assert_no_problems
from tests.browser.test_community import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _cards(make_tag) -> None:
    likelihood = make_tag("likelihood", name_ko="가능도", name_en="Likelihood")
    DefinitionCard(
        concept=likelihood,
        definition_ko=(
            "관측된 데이터를 고정하고, 그 데이터가 나올 확률을 모수의 함수로 본 것입니다."
        ),
        definition_en="The probability of the observed data, seen as a function of the parameter.",
        formula="L(\\theta \\mid x) = p(x \\mid \\theta)",
        used_ko="최대우도추정(MLE)과 손실 함수(음의 로그우도)에서 씁니다.",
        used_en="Maximum likelihood estimation and the negative log-likelihood loss.",
    ).save()
    sigmoid = make_tag("sigmoid", name_ko="시그모이드", name_en="Sigmoid")
    DefinitionCard(
        concept=sigmoid,
        definition_ko="실수 전체를 0과 1 사이로 부드럽게 보내는 S자 함수입니다.",
        definition_en="An S-shaped function mapping every real number into (0, 1).",
        formula="\\sigma(x) = \\frac{1}{1 + e^{-x}}",
        used_ko="로지스틱 회귀와 이진 분류의 출력층에서 씁니다.",
        used_en="Logistic regression and the output of binary classifiers.",
    ).save()


def _a_day_passes(user) -> None:
    """Move the member's stored due dates back: what a day passing does to them."""
    DeckCard.objects.filter(user=user).update(due=timezone.now() - dt.timedelta(minutes=1))


def test_a_member_adds_cards_and_reviews_them_the_next_day(
    page: Page, live_server, screenshot, make_user, make_tag
):
    _cards(make_tag)
    member = make_user("학습자")
    log_in(page, member.username)

    page.goto("/tags/likelihood/")
    card = page.locator(".definition-card")
    expect(card).to_contain_text("관측된 데이터를 고정하고")
    expect(card).to_contain_text("최대우도추정")
    expect(card.locator("math")).to_be_visible()
    screenshot(page, "concept-with-card")
    page.locator("#deck-likelihood button").click()
    expect(page.locator("#deck-likelihood button")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#deck-likelihood button")).to_have_text("복습 덱에 있음")
    page.goto("/tags/sigmoid/")
    page.locator("#deck-sigmoid button").click()
    expect(page.locator("#deck-sigmoid button")).to_have_attribute("aria-pressed", "true")
    assert DeckCard.objects.filter(user=member).count() == 2

    # The same day: nothing is due, the header shows no count.
    page.goto("/review/")
    expect(page.locator(".review-empty")).to_contain_text("지금 복습할 카드가 없습니다")
    expect(page.locator("#due-link")).to_have_count(0)

    _a_day_passes(member)
    page.goto("/")
    expect(page.locator("#due-link .due-count")).to_have_text("2")
    page.locator("#due-link").click()
    expect(page).to_have_url(re.compile(r"/review/$"))
    expect(page.locator(".review-count")).to_have_text("복습할 카드 2장")
    expect(page.locator(".review-name")).to_contain_text("가능도")
    # Recall first: the definition stays hidden until asked for.
    definition = page.locator(".review-card .definition-text")
    expect(definition).to_be_hidden()
    screenshot(page, "review-hidden")
    page.locator(".review-reveal summary").click()
    expect(definition).to_be_visible()
    expect(page.locator(".review-card math")).to_be_visible()
    expect(page.locator(".grade-3")).to_have_text(re.compile(r"좋음 · 2일 후"))
    expect(page.locator(".grade-1")).to_have_text(re.compile(r"다시 · 10분 후"))
    screenshot(page, "review-revealed")

    page.locator(".grade-3").click()
    expect(page.locator(".review-done")).to_contain_text("2일 후 다시 봅니다")
    expect(page.locator(".review-name")).to_contain_text("시그모이드")
    expect(page.locator(".review-count")).to_have_text("복습할 카드 1장")
    expect(page.locator("#due-link .due-count")).to_have_text("1")
    log = ReviewLog.objects.get()
    assert (log.card.concept.slug, log.rating) == ("likelihood", 3)
    assert DeckCard.objects.get(user=member, card=log.card).due > timezone.now() + dt.timedelta(
        days=1
    )

    # Still confusing: the ask form opens with the concept and a title to start from.
    page.locator(".review-reveal summary").click()
    page.get_by_role("link", name="아직 헷갈리나요? 커뮤니티에 물어보세요").click()
    expect(page).to_have_url(re.compile(r"/questions/ask/\?"))
    expect(page.locator("input[name=title]")).to_have_value("시그모이드의 정의가 아직 헷갈립니다")
    expect(page.locator("input[name=tags]")).to_have_value("시그모이드")
    assert_no_problems(page)


def test_the_deck_and_the_review_work_without_javascript(
    page_without_js: Page, live_server, screenshot, make_user, make_tag
):
    page = page_without_js
    _cards(make_tag)
    member = make_user("학습자")
    log_in(page, member.username)

    page.goto("/tags/sigmoid/")
    page.locator("#deck-sigmoid button").click()
    expect(page).to_have_url(re.compile(r"/tags/sigmoid/$"))
    expect(page.locator("#alerts")).to_contain_text("복습 덱에 넣었습니다")
    expect(page.locator("#deck-sigmoid button")).to_have_attribute("aria-pressed", "true")

    _a_day_passes(member)
    page.goto("/review/")
    definition = page.locator(".review-card .definition-text")
    expect(definition).to_be_hidden()
    page.locator(".review-reveal summary").click()  # <details> opens without JavaScript
    expect(definition).to_be_visible()
    page.locator(".grade-1").click()
    expect(page).to_have_url(re.compile(r"/review/$"))
    expect(page.locator("#alerts")).to_contain_text("10분 후 다시 봅니다")
    expect(page.locator(".review-empty")).to_contain_text("지금 복습할 카드가 없습니다")
    screenshot(page, "review-done-no-js")
    assert ReviewLog.objects.get().rating == 1
    assert_no_problems(page)
