"""Excerpts of a post's source: one line of text with every formula whole and rendered."""

import pytest

from apps.markup.excerpts import FORMULA, Excerpt, excerpt, excerpt_html

MLE = r"최대우도 추정은 $\hat\theta = \arg\max_\theta \sum_i \log p(x_i)$ 로 정의해요."


def test_a_formula_is_rendered_whole_never_half_stripped():
    html = str(excerpt(MLE))
    assert html.startswith('최대우도 추정은 <span class="math math-inline"><math')
    assert "arg</mo>" in html and "θ" in html
    assert "hat theta" not in html and "\\hat" not in html and "$" not in html
    assert html.endswith("</math></span> 로 정의해요.")


def test_display_math_is_shown_inline_so_it_keeps_to_the_line():
    html = str(excerpt("기댓값은\n\n$$\n\\mathbb{E}[X] = \\sum_x x\\,p(x)\n$$\n\n이에요."))
    assert 'display="inline"' in html and 'display="block"' not in html
    assert "𝔼" in html


def test_markdown_is_stripped_and_code_dollars_stay_text():
    source = (
        "## 제목\n\n**굵게** 비용은 \\$5, `echo $HOME $PATH` 그리고\n```bash\nexport A=$B$C\n```"
    )
    text = Excerpt.of(source).text
    assert text == "제목 굵게 비용은 $5, echo $HOME $PATH 그리고 export A=$B$C"
    assert FORMULA not in text


def test_a_window_never_cuts_a_formula_and_says_where_it_cut():
    source = "앞 문장 " * 20 + "$a^2 + b^2 = c^2$ 뒤 문장 " + "끝 " * 40
    shown = Excerpt.of(source)
    start = shown.text.index(FORMULA) - 5
    html = str(excerpt_html(shown, start=start, width=20))
    assert html.startswith("… ") and html.endswith(" …")
    assert html.count("<math") == 1 and "<msup>" in html


def test_a_formula_too_long_for_a_line_becomes_a_placeholder():
    long = " + ".join(f"x_{{{i}}}" for i in range(40))
    html = str(excerpt(f"합은 ${long}$ 이에요."))
    assert '<span class="math-placeholder">[formula]</span>' in html or "[수식]" in html
    assert "<math" not in html and "x_{" not in html


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script> $x$",
        r"$\href{javascript:alert(1)}{x}$",
        "$<img src=x onerror=alert(1)>$",
        "<b>굵게</b> `<i>`",
    ],
)
def test_excerpts_escape_what_people_write(source):
    html = str(excerpt(source))
    for raw in ("<script", "<img", "<b>", "<i>", 'href="javascript'):
        assert raw not in html
