"""Study paths in a real browser: a member opens the paths, follows one and marks a concept
learned; the progress on the page follows (htmx), and the plain form works without JavaScript."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_no_problems
from tests.browser.test_core_loop import log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def seeded(db):
    call_command("seed", stdout=None)


def test_a_member_follows_the_recommender_path_and_marks_a_concept_learned(
    page: Page, live_server, seeded, make_user, screenshot
):
    make_user("learner")
    log_in(page, "learner")
    page.goto("/paths/")
    card = page.locator(".path-card", has=page.locator('a[href="/paths/recommender-systems/"]'))
    expect(card).to_contain_text("추천 시스템")
    expect(card.locator(".path-progress")).to_contain_text("0/14")
    screenshot(page, "paths-index")
    card.locator('a[href="/paths/recommender-systems/"]').click()

    expect(page).to_have_url(re.compile(r"/paths/recommender-systems/$"))
    expect(page.locator("main h1")).to_have_text("추천 시스템")
    progress = page.locator("#path-progress-recommender-systems")
    expect(progress).to_contain_text("0/14")
    # Prerequisites first: vectors come before matrix factorization.
    slugs = page.locator(".path-step").evaluate_all("els => els.map(e => e.id)")
    assert slugs.index("step-vector") < slugs.index("step-matrix-factorization")
    # The path is lit on the map: its 14 concepts, the rest faded.
    expect(page.locator("svg.cm-highlighting g.cm-node.cm-on")).to_have_count(14)
    assert page.locator("svg.cm-highlighting g.cm-node.cm-off").count() > 40

    step = page.locator("#step-matrix-factorization")
    step.locator("button.learned-button").click()
    expect(step.locator("button.learned-button")).to_have_attribute("aria-pressed", "true")
    expect(progress).to_contain_text("1/14")
    screenshot(page, "path-page")
    # Clicking again takes it back.
    step.locator("button.learned-button").click()
    expect(step.locator("button.learned-button")).to_have_attribute("aria-pressed", "false")
    expect(progress).to_contain_text("0/14")
    assert_no_problems(page)


def test_without_javascript_the_learned_form_posts_and_comes_back(
    page_without_js: Page, live_server, seeded, make_user
):
    page = page_without_js
    make_user("plain")
    log_in(page, "plain")
    page.goto("/paths/causal-inference/")
    step = page.locator("#step-confounding")
    step.locator("button.learned-button").click()
    expect(page).to_have_url(re.compile(r"/paths/causal-inference/$"))
    expect(page.locator("#step-confounding button.learned-button")).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(page.locator("#path-progress-causal-inference")).to_contain_text("1/12")
    assert_no_problems(page)
