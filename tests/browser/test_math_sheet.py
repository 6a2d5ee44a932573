"""Math reads like a textbook: a formula sheet, rendered by the real pipeline with the site's
stylesheet and math font in Chromium, is compared with a reference image we looked at.

Operator and relation spacing, limits and accents are checked as MathML by
tests/markup/test_rendering.py; this test sees what a reader sees, so a change in the
stylesheet, the font or the pipeline that moves a glyph shows up here. When a change is
intended, look at the new image and make it the reference:

    make math-reference
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from apps.markup.rendering import render_markdown
from tests.browser.conftest import RESULTS_DIR, _watch, assert_no_problems

pytestmark = pytest.mark.django_db(transaction=True)

REFERENCE = Path(__file__).resolve().parent / "reference" / "formula-sheet.png"
UPDATE = os.environ.get("GACHI_UPDATE_REFERENCE") == "1"
# A pixel differs when a channel moves by more than this (antialiasing moves a few by less).
CHANNEL_TOLERANCE = 48
# Differing pixels allowed. The same Chromium and fonts draw the sheet identically (0 differ);
# the hats over four letters moved by 0.1em change 50, so this catches a change that small.
MAX_DIFFERING_PIXELS = 20

FORMULAS = [
    r"\hat\theta = \arg\max_\theta \sum_{i=1}^n \log p(x_i \mid \theta)",
    r"\hat\mu = \frac{1}{n}\sum_i x_i, \quad \tilde{x} \sim \mathcal{N}(\mu, \sigma^2)",
    r"\lim_{n\to\infty} \left(1 + \frac{1}{n}\right)^n = e",
    r"A \succ 0 \iff x^\top A x > 0 \text{ for all } x \neq 0",
    r"f: \mathbb{R}^n \to \mathbb{R}, \quad \nabla f(x) = 0 \implies x \text{ is critical}",
    r"\operatorname{softmax}(z)_i = \frac{\exp(z_i)}{\sum_j \exp(z_j)}",
    r"H(p, q) = -\sum_x p(x) \log q(x) \ge H(p)",
    r"\mathbb{E}[X] = \int_{-\infty}^{\infty} x\,p(x)\,dx, \quad "
    r"\operatorname{Var}(X) = \mathbb{E}[(X-\mu)^2]",
    r"\min_{U, V} \| R - U V^\top \|_F^2 + \lambda (\|U\|_F^2 + \|V\|_F^2)",
    r"\det A = \prod_i \lambda_i, \quad \operatorname{rank}(A) \le \min(m, n)",
    r"\begin{pmatrix} a & b \\ c & d \end{pmatrix}^{-1} = "
    r"\frac{1}{ad - bc}\begin{pmatrix} d & -b \\ -c & a \end{pmatrix}",
    r"x \bmod y, \quad \log\det \Sigma, \quad \max(a, b), \quad u \perp v",
]


def _sheet_html(static_url: str) -> str:
    rows = []
    for latex in FORMULAS:
        inline = render_markdown(f"${latex}$")
        display = render_markdown(f"$$\n{latex}\n$$")
        rows.append(f'<section class="row">{inline}{display}</section>')
    return f"""<!doctype html><html lang="ko"><head><meta charset="utf-8">
<link rel="stylesheet" href="{static_url}css/site.css">
<style>
  body {{ margin: 0; background: #fff; }}
  #sheet {{ width: 760px; padding: 16px 24px; background: #fff; }}
  .row {{ border-bottom: 1px solid #e3e7ee; padding: 6px 0; }}
  .row p {{ margin: 0; }}
</style></head><body><main id="sheet">{"".join(rows)}</main></body></html>"""


def _differing_pixels(actual: Image.Image, reference: Image.Image) -> int:
    difference = ImageChops.difference(actual.convert("RGB"), reference.convert("RGB"))
    mask = difference.convert("L").point(lambda value: 255 if value > CHANNEL_TOLERANCE else 0)
    return mask.histogram()[255]


@pytest.fixture
def sheet_page(browser, live_server):
    """A page on the live server's origin (so the stylesheet and its font load from it) whose
    content the test sets; the site's CSP would refuse the sheet's own small style block."""
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 900, "height": 1200}, bypass_csp=True
    )
    page = context.new_page()
    _watch(page, live_server.url)
    yield page
    context.close()


def test_the_formula_sheet_looks_as_we_last_looked_at_it(sheet_page, live_server, settings):
    page = sheet_page
    page.goto("/")  # a page of ours (with its icon), then the sheet in its place
    page.set_content(_sheet_html(f"{live_server.url}{settings.STATIC_URL}"))
    page.evaluate("document.fonts.ready")
    page.wait_for_function("document.fonts.check('16px \"STIX Two Math\"')")
    assert_no_problems(page)
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    actual_path = RESULTS_DIR / "formula-sheet.png"
    page.locator("#sheet").screenshot(path=str(actual_path), animations="disabled")
    actual = Image.open(actual_path)
    if UPDATE or not REFERENCE.exists():
        if not UPDATE:
            pytest.fail(
                f"No reference image: look at {actual_path}, then run `make math-reference`.",
                pytrace=False,
            )
        REFERENCE.parent.mkdir(parents=True, exist_ok=True)
        actual.save(REFERENCE)
        return
    reference = Image.open(REFERENCE)
    assert actual.size == reference.size, (
        f"The sheet is {actual.size}, the reference {reference.size}: look at {actual_path}."
    )
    differing = _differing_pixels(actual, reference)
    print(f"formula sheet: {differing} pixels differ from the reference")
    if differing > MAX_DIFFERING_PIXELS:
        diff_path = RESULTS_DIR / "formula-sheet-diff.png"
        ImageChops.difference(actual.convert("RGB"), reference.convert("RGB")).save(diff_path)
        pytest.fail(
            f"{differing} of the sheet's pixels differ from the reference (allowed "
            f"{MAX_DIFFERING_PIXELS}): compare {actual_path} with {REFERENCE} ({diff_path}). "
            "If the change is intended, run `make math-reference`.",
            pytrace=False,
        )
