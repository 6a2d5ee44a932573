"""axe-core (WCAG 2.0/2.1 A and AA) on the main pages, as a visitor and as a member, in the
light and the dark colour scheme: no serious or critical violation.

axe-core comes from the npm registry (package.json) and is served to the page by this test,
from our own origin, so the site's Content-Security-Policy applies unchanged.
"""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from playwright.sync_api import Page

from apps.comments.services import comment_create
from apps.examples.services import example_toggle
from apps.moderation.services import flag_create
from apps.papers.metrics import metric_parse
from apps.papers.services import PaperClaim, paper_implementation_set
from apps.paths.models import Path as StudyPath
from apps.paths.models import PathStep
from apps.questions.models import Question
from apps.tags.models import ConceptTag
from apps.tokens.services import token_create
from tests.browser.conftest import DESKTOP, PHONE
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
AXE_URL = "/__axe__.js"  # answered by the test (page.route), never by the site
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}


@pytest.fixture
def board(make_user, make_tag, make_question, make_answer):
    """A small board with math, code, comments, a flag and people to look at."""
    make_tag("likelihood", name_ko="우도", name_en="Likelihood")
    asker = make_user("질문하는사람", reputation=120)
    helper = make_user("답하는사람", reputation=300)
    moderator = make_user("운영자", reputation=1)
    moderator.groups.add(Group.objects.get_or_create(name="moderator")[0])
    question = make_question(
        author=asker,
        title="최대우도추정에서 θ는 무엇인가요?",
        body="$\\hat\\theta = \\arg\\max_\\theta L(\\theta)$ 에서 θ가 궁금해요.",
        tags=["likelihood"],
    )
    answer = make_answer(
        question=question,
        author=helper,
        body="모수예요.\n\n$$\nL(\\theta) = \\prod_i p(x_i \\mid \\theta)\n$$\n\n"
        "```python\nimport torch\nloss = -torch.log(p).mean()\n```",
    )
    # Marked as an example of the concept in use: the badge, the asker's unmark button, and the
    # concept page's "where it is used".
    example_toggle(user=moderator, answer=answer, concept_slug="likelihood")
    comment_create(author=asker, target=answer, body="@답하는사람 님, 고마워요! $p$ 는 밀도인가요?")
    flag_create(user=helper, post=question, reason="other", note="제목을 다듬으면 좋겠어요")
    path = StudyPath.objects.create(
        slug="statistics-path", name_ko="통계 경로", name_en="Statistics path"
    )
    PathStep.objects.create(
        path=path, tag=ConceptTag.objects.get(slug="likelihood"), why_ko="이유", why_en="Why"
    )
    return {"question": question, "asker": asker, "moderator": moderator}


def _axe_route(page: Page) -> None:
    source = AXE.read_text(encoding="utf-8")
    page.route(
        f"**{AXE_URL}",
        lambda route: route.fulfill(
            status=200, content_type="text/javascript; charset=utf-8", body=source
        ),
    )


def _violations(page: Page) -> list[str]:
    page.add_script_tag(url=AXE_URL)
    result = page.evaluate(
        """tags => axe.run(document, {runOnly: {type: "tag", values: tags}}).then(r =>
            r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes:
                v.nodes.slice(0, 3).map(n => n.target.join(" ") + " :: " + n.failureSummary)})))""",
        TAGS,
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(v["nodes"])
        for v in result
        if v["impact"] in BLOCKING
    ]


def _log_in(page: Page, username: str) -> None:
    page.goto("/accounts/login/")
    form = page.locator("main form")
    form.locator("input[name=username]").fill(username)
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("button[type=submit]").click()
    page.wait_for_selector(".user-chip")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_main_pages_have_no_serious_accessibility_violations(browser, live_server, board, scheme):
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci` (make install does)", pytrace=False)
    question = board["question"]
    token_create(user=board["asker"], name="스터디 봇", scope="read", expires_in_days=30)
    # The question was asked while reading 22.7 and implements a paper: its page shows both,
    # and it is listed on /read/22.7/ and /papers/ (nothing is kept yet to be retired).
    Question.objects.filter(pk=question.pk).update(d2l_section="22.7")
    paper_implementation_set(
        question=question,
        claim=PaperClaim(
            paper_url="https://arxiv.org/abs/1512.03385",
            reported=metric_parse("76.1 % top-1"),
            reproduced=metric_parse("75.3 % top-1"),
        ),
    )
    visitor_pages = [
        "/",
        "/?tab=unanswered",
        question.get_absolute_url(),
        "/tags/",
        "/tags/likelihood/",
        "/concepts/map/",
        "/paths/",
        "/paths/statistics-path/",
        "/search/?q=우도",
        "/users/",
        board["asker"].get_absolute_url(),
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/help/markdown/",
        "/help/privileges/",
        "/badges/",
        "/about/masterclass/",
        "/read/",
        "/read/22.7/",
        "/papers/",
    ]
    member_pages = [
        "/",
        question.get_absolute_url(),
        "/questions/ask/",
        f"/questions/{question.pk}/edit/",
        "/notifications/",
        "/achievements/",
        f"/questions/{question.pk}/revisions/",
        "/accounts/profile/",
        "/accounts/email/",
        "/accounts/tokens/",
        board["asker"].get_absolute_url(),
        "/tags/likelihood/",
        "/paths/",
        "/paths/statistics-path/",
        "/read/22.7/",
        "/papers/",
    ]
    problems = []
    for who, pages, width in (("visitor", visitor_pages, DESKTOP), ("member", member_pages, PHONE)):
        context = browser.new_context(
            base_url=live_server.url, color_scheme=scheme, locale="ko-KR", viewport=width
        )
        page = context.new_page()
        _axe_route(page)
        if who == "member":
            _log_in(page, board["asker"].username)
        for url in pages:
            page.goto(url)
            found = _violations(page)
            problems += [f"[{scheme} {who} {url}] {line}" for line in found]
        context.close()
    # The moderation queue, as a moderator.
    context = browser.new_context(base_url=live_server.url, color_scheme=scheme, locale="ko-KR")
    page = context.new_page()
    _axe_route(page)
    _log_in(page, board["moderator"].username)
    page.goto("/moderation/")
    problems += [f"[{scheme} moderator /moderation/] {line}" for line in _violations(page)]
    context.close()
    assert problems == [], "\n".join(problems)
