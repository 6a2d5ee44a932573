"""The rendering pipeline, exercised for real: Markdown, MathML, Pygments and the sanitizer."""

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from apps.markup.rendering import render_markdown, render_math, sanitize_html
from tests.markup.inspect_html import find, inertness_problems, parse

# --- Math ----------------------------------------------------------------------------------------


def test_inline_math_becomes_inline_mathml():
    html = render_markdown("Let $x^2$ be given.")
    (math,) = find(html, "math")
    assert math.attrs["display"] == "inline"
    assert math.attrs["xmlns"] == "http://www.w3.org/1998/Math/MathML"
    assert find(html, "msup")
    (wrapper,) = find(html, "span", "math-inline")
    assert "x" in wrapper.text


def test_display_math_block_becomes_block_mathml():
    html = render_markdown("Sum:\n\n$$\n\\sum_{i=1}^{n} x_i\n$$\n\nDone.")
    (math,) = find(html, "math")
    assert math.attrs["display"] == "block"
    assert find(html, "div", "math-display")
    assert find(html, "munderover") or find(html, "msubsup")


def test_double_dollar_inside_a_paragraph_is_display_math_without_a_div_in_the_paragraph():
    html = render_markdown("so $$a+b$$ holds")
    (math,) = find(html, "math")
    assert math.attrs["display"] == "block"
    assert not find(html, "div")
    assert find(html, "span", "math-display")


def test_markdown_characters_inside_math_survive():
    html = render_markdown("$a_1 * b_2$ and $c_3$")
    assert not find(html, "em")
    assert not find(html, "strong")
    assert len(find(html, "msub")) == 3
    assert [mo.text for mo in find(html, "mo")] == ["*"]
    assert len(find(html, "math")) == 2


def test_underscores_spanning_two_formulas_are_not_emphasis():
    html = render_markdown("$x_i$ is _not_ the same as $y_j$")
    (em,) = find(html, "em")
    assert em.text == "not"
    assert len(find(html, "msub")) == 2


def test_backslashes_and_braces_inside_math_survive():
    html = render_markdown(r"$\{x\}$ and $\alpha \cdot \beta$")
    operators = [mo.text for mo in find(html, "mo")]
    assert "{" in operators
    assert "}" in operators
    identifiers = [mi.text for mi in find(html, "mi")]
    assert "α" in identifiers
    assert "β" in identifiers
    _, text = parse(html)
    assert "\\" not in text


def test_escaped_dollar_is_a_literal_dollar():
    html = render_markdown(r"It costs \$5 and \$6.")
    assert not find(html, "math")
    _, text = parse(html)
    assert text.strip() == "It costs $5 and $6."


@pytest.mark.parametrize(
    "text",
    ["costs $5 and $6 today", "$ 5 and 6 $", "from $10 to $20", "a $5 bill and $x $"],
)
def test_prices_are_not_math(text):
    html = render_markdown(text)
    assert not find(html, "math")
    _, rendered_text = parse(html)
    assert rendered_text.strip() == text


def test_math_at_the_start_of_a_paragraph_ending_in_a_digit():
    # dollarmath's own digit check reads the paragraph's last character here.
    html = render_markdown("$x$ = 1")
    assert len(find(html, "math")) == 1


def test_price_before_a_formula_does_not_swallow_it():
    html = render_markdown("It costs $5, where $n_k$ is the count.")
    assert len(find(html, "math")) == 1
    assert find(html, "msub")


def test_math_inside_code_span_is_code():
    html = render_markdown("`$x_1$`")
    assert not find(html, "math")
    (code,) = find(html, "code")
    assert code.text == "$x_1$"


def test_arg_renders_as_an_operator():
    html = render_markdown(r"$\arg z$")
    assert [mo.text for mo in find(html, "mo")] == ["arg"]
    _, text = parse(html)
    assert "\\arg" not in text
    assert not find(html, "code", "math-error")


def test_argmax_renders_as_an_operator():
    html = render_markdown(r"$\argmax_\theta L(\theta)$")
    assert any(mo.text.startswith("arg") for mo in find(html, "mo"))
    assert not find(html, "code", "math-error")


def test_line_break_followed_by_letters_is_not_the_arg_operator():
    html = render_markdown(r"$$a \\arg$$")
    assert find(html, "mspace")
    assert "arg" not in [mo.text for mo in find(html, "mo")]


@pytest.mark.parametrize(
    ("source", "shown"),
    [
        (r"$\frac{$", r"$\frac{$"),
        (r"$\foo x$", r"$\foo x$"),
        ("$$\\begin{pmatrix} 1 \\end{bmatrix}$$", "$$\\begin{pmatrix} 1 \\end{bmatrix}$$"),
        (r"$\def\a{xx}\a$", r"$\def\a{xx}\a$"),
        (r"$x^{<b>}$ and $\hline$", r"$\hline$"),
    ],
)
def test_a_formula_that_fails_shows_escaped_source(source, shown):
    html = render_markdown(source)
    errors = find(html, "code", "math-error")
    assert [error.text for error in errors][-1] == shown
    assert not inertness_problems(html)
    assert not find(html, "b")


def test_deeply_nested_formula_does_not_raise():
    html = render_math("{" * 5000 + "x" + "}" * 5000, display=True)
    assert html.startswith('<code class="math-error">')


def test_render_math_escapes_text_that_latex2mathml_would_leave_raw():
    html = render_math(r"\text{a < b & <i>c</i>}", display=False)
    (mtext,) = find(html, "mtext")
    # latex2mathml keeps text-mode spaces as no-break spaces.
    assert mtext.text.replace("\xa0", " ") == "a < b & <i>c</i>"
    assert not find(html, "i")


# --- Markdown and code ---------------------------------------------------------------------------


def test_table_with_alignment_uses_classes_not_styles():
    html = render_markdown("| a | b | c |\n|:--|:-:|--:|\n| 1 | $x_1$ | 3 |")
    assert find(html, "table")
    headers = find(html, "th")
    assert [header.classes for header in headers] == [
        ["align-left"],
        ["align-center"],
        ["align-right"],
    ]
    assert all("style" not in cell.attrs for cell in find(html, "td"))
    assert find(html, "msub")


def test_strikethrough():
    html = render_markdown("~~old~~ new")
    assert [element.text for element in find(html, "s")] == ["old"]


def test_fenced_code_is_highlighted_with_pygments_classes():
    html = render_markdown("```python\ndef f(x):\n    return x * 2  # twice\n```")
    (pre,) = find(html, "pre", "codehilite")
    assert "def f(x):" in pre.text
    (code,) = find(html, "code")
    assert code.classes == ["language-python"]
    span_classes = {name for span in find(html, "span") for name in span.classes}
    assert {"k", "nf", "c1"} <= span_classes
    assert not any("style" in element.attrs for element in parse(html)[0])


def test_fenced_code_keeps_markdown_and_math_characters_literal():
    html = render_markdown("```python\nx = a_b * c_d  # $not math$\n```")
    assert not find(html, "math")
    assert not find(html, "em")
    (pre,) = find(html, "pre")
    assert "a_b * c_d  # $not math$" in pre.text


def test_fenced_code_in_an_unknown_language_is_plain_escaped_code():
    html = render_markdown("```nosuchlanguage\n<b>bold?</b>\n```")
    (code,) = find(html, "code")
    assert code.classes == ["language-nosuchlanguage"]
    assert code.text == "<b>bold?</b>\n"
    assert not find(html, "b")
    assert not find(html, "span")


def test_fenced_code_without_a_language_has_no_language_class():
    html = render_markdown("```\nplain\n```")
    (code,) = find(html, "code")
    assert code.classes == []
    assert code.text == "plain\n"


def test_raw_html_is_shown_as_text():
    html = render_markdown("Use <kbd>Ctrl</kbd> and a < b > c")
    assert not find(html, "kbd")
    _, text = parse(html)
    assert "<kbd>Ctrl</kbd>" in text
    assert "a < b > c" in text


def test_html_block_does_not_swallow_math_after_it():
    html = render_markdown("<div>\n$x_1$ and $$y^2$$\n</div>")
    assert len(find(html, "math")) == 2
    assert all("math" in div.classes for div in find(html, "div"))


@pytest.mark.parametrize(
    "markdown",
    [
        "[site](https://example.com/a)",
        "<https://example.com/b>",
        '[ref][r]\n\n[r]: https://example.com/c "Title"',
        "[relative](/questions/1/)",
    ],
)
def test_links_get_nofollow_ugc_noopener(markdown):
    (link,) = find(render_markdown(markdown), "a")
    assert link.attrs["rel"] == "nofollow ugc noopener"
    assert link.attrs["href"]


@pytest.mark.parametrize(
    ("markdown", "kept"),
    [
        ("![a](https://example.com/a.png)", True),
        ("![a](http://example.com/a.png)", True),
        ("![a](/media/uploads/2025/01/abc.png)", True),
        ("![a](//evil.example/a.png)", False),
        ("![a](data:image/png;base64,iVBORw0KGgo=)", False),
        ("![a](ftp://example.com/a.png)", False),
    ],
)
def test_image_sources_are_http_or_site_relative(markdown, kept):
    (image,) = find(render_markdown(markdown), "img")
    assert ("src" in image.attrs) is kept
    assert image.attrs["alt"] == "a"


def test_rendering_is_deterministic():
    text = "# T\n\n$\\arg z$ and `code`\n\n```python\nx = 1\n```\n\n| a |\n|---|\n| b |"
    assert render_markdown(text) == render_markdown(text)


def test_empty_input():
    assert render_markdown("") == ""


# --- XSS -----------------------------------------------------------------------------------------

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](java\tscript:alert(1))",
    "[x][r]\n\n[r]: javascript:alert(1)",
    "<javascript:alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](vbscript:msgbox(1))",
    "<svg onload=alert(1)>",
    '<iframe src="https://evil.example"></iframe>',
    '<form action="https://evil.example"><input name=x></form>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    r"$\href{javascript:alert(1)}{x}$",
    r"$$\href{javascript:alert(1)}{x}$$",
    r"$\style{color:red}{x}$",
    r"$\class{evil}{x}$",
    r"$\text{<script>alert(1)</script>}$",
    r"$\unicode{<img src=x onerror=alert(1)>}$",
    r"$\text{&lt;img src=x onerror=alert(1)&gt;}$",
    r"$\mathrm{<img src=x onerror=alert(1)>}$",
    r"$\color{red;background:url(javascript:alert(1))}{x}$",
    "<math><mtext><img src=x onerror=alert(1)></mtext></math>",
    '<math href="javascript:alert(1)"><mi>x</mi></math>',
    "<div>\n$\\text{<img src=x onerror=alert(1)>}$\n</div>",
    "<details open ontoggle=alert(1)>",
    '<object data="https://evil.example/x.swf"></object>',
    '<embed src="https://evil.example/x.swf">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<base href="https://evil.example/">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    "```html\n<script>alert(1)</script>\n```",
    '```"><script>alert(1)</script>\nx\n```',
    "``` onmouseover=alert(1)\nx\n```",
]


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_xss_payloads_render_inert(payload):
    html = render_markdown(payload)
    assert inertness_problems(html) == []
    assert "<script" not in html.lower()


RAW_HTML_PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href=" JaVaScRiPt:alert(1)">x</a>',
    '<img src="data:image/svg+xml;base64,PHN2Zz4=">',
    "<svg onload=alert(1)><circle></circle></svg>",
    '<iframe src="https://evil.example"></iframe>',
    '<form action="https://evil.example"><input><button>go</button></form>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<math><mtext><img src=x onerror=alert(1)></mtext></math>",
    '<math href="javascript:alert(1)"><mi href="javascript:alert(2)">x</mi></math>',
    '<math><mrow style="color:red" class="evil"><mi>x</mi></mrow></math>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<math><maction actiontype="statusline"><mi>x</mi><mtext>y</mtext></maction></math>',
    '<math><annotation-xml encoding="text/html"><img src=x onerror=alert(1)>'
    "</annotation-xml></math>",
    '<object data="x.swf"></object><embed src="x.swf">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<base href="https://evil.example/"><link rel="stylesheet" href="https://evil.example/x.css">',
    '<a href="vbscript:msgbox(1)">x</a>',
    "<style>body{display:none}</style>",
]


@pytest.mark.parametrize("payload", RAW_HTML_PAYLOADS)
def test_sanitizer_makes_raw_html_inert(payload):
    assert inertness_problems(payload), "the payload should be dangerous before sanitizing"
    html = sanitize_html(payload)
    assert inertness_problems(html) == []
    assert "<script" not in html.lower()


def test_sanitizer_drops_mathml_attribute_values_that_could_carry_css():
    html = sanitize_html(
        '<math><mstyle mathcolor="red;background:url(javascript:alert(1))" mathbackground="#eee">'
        "<mi>x</mi></mstyle></math>"
    )
    (mstyle,) = find(html, "mstyle")
    assert mstyle.attrs == {"mathbackground": "#eee"}


@pytest.mark.parametrize(
    "source",
    ["/\t/evil.example/x.png", " //evil.example/x.png", "/\\evil.example/x.png", "x.png"],
)
def test_sanitizer_refuses_image_sources_a_browser_would_treat_as_another_site(source):
    (image,) = find(sanitize_html(f'<img src="{source}" alt="a">'), "img")
    assert "src" not in image.attrs


def test_sanitizer_keeps_what_the_renderer_produces():
    text = (
        "# Title\n\n> quote with **bold**, *em* and ~~del~~\n\n1. one\n2. two\n\n---\n\n"
        "| a |\n|--:|\n| $x$ |\n\n![i](/media/a.png) [l](https://example.com)\n\n"
        "```python\nimport os\n```\n\n$$\\hat{\\theta} = \\frac{1}{n}\\sum_i x_i$$"
    )
    html = render_markdown(text)
    tags = {element.tag for element in parse(html)[0]}
    assert {
        "h1",
        "blockquote",
        "strong",
        "em",
        "s",
        "ol",
        "li",
        "hr",
        "table",
        "th",
        "td",
        "img",
        "a",
        "pre",
        "code",
        "span",
        "math",
        "mover",
        "mfrac",
    } <= tags
    # Sanitizing is idempotent on our own output: nothing the renderer makes is stripped.
    assert sanitize_html(html) == html


def test_sanitizer_strips_unknown_classes_but_keeps_ours():
    html = sanitize_html(
        '<span class="k evil">a</span><pre class="codehilite x"><code class="language-py'
        ' y">b</code></pre><div class="math math-display z"></div>'
    )
    assert find(html, "span")[0].classes == ["k"]
    assert find(html, "pre")[0].classes == ["codehilite"]
    assert find(html, "code")[0].classes == ["language-py"]
    assert find(html, "div")[0].classes == ["math", "math-display"]


_MARKUP_ALPHABET = st.sampled_from(
    [*"ab1 _*$\\{}^[]()<>!`#|~-&;:\n", "javascript:", "onerror=", "\\text", "\\frac", "$$"]
)


@hypothesis_settings(max_examples=300, deadline=None)
@given(st.lists(_MARKUP_ALPHABET, max_size=60).map("".join))
def test_any_input_renders_without_error_and_inert(text):
    html = render_markdown(text)
    assert inertness_problems(html) == []


def test_limit_operators_take_their_limits_underneath_in_display_math():
    html = render_markdown(r"$$\arg\max_\theta \log L(\theta) + \lim_{n \to \infty} a_n$$")
    assert (
        '<munder><mo movablelimits="true" lspace="0" rspace="0.1667em">max</mo><mi>θ</mi>' in html
    )
    assert '<munder><mo movablelimits="true" lspace="0" rspace="0.1667em">lim</mo>' in html
    assert "<msub><mo>max</mo>" not in html


@pytest.mark.parametrize(
    ("latex", "expected"),
    [
        # One thin space between two names (arg max), none at the start of the formula.
        (
            r"\arg\max_\theta f",
            '<mo lspace="0" rspace="0.1667em">arg</mo>'
            '<munder><mo movablelimits="true" lspace="0" rspace="0.1667em">max</mo>',
        ),
        # None before an opening bracket, none after a relation (which brings its own).
        (
            r"y = \max(a, b)",
            '<mo>=</mo><mo lspace="0" rspace="0">max</mo><mo stretchy="false">(</mo>',
        ),
        # A thin space after an identifier, as between log and det.
        (
            r"\log\det A",
            "<mi>log</mi>"
            '<mo movablelimits="true" lspace="0.1667em" rspace="0.1667em">det</mo><mi>A</mi>',
        ),
        (r"x \bmod y", '<mo lspace="0.2222em" rspace="0.2222em">mod</mo>'),
        # Relations latex2mathml leaves as identifiers get a relation's space; \iff TeX's wider one.
        (r"a \iff b", '<mi>a</mi><mo lspace="0.5556em" rspace="0.5556em">⟺</mo><mi>b</mi>'),
        (r"a \implies b", '<mo lspace="0.5556em" rspace="0.5556em">⟹</mo>'),
        (r"f: X \to Y", '<mi>f</mi><mo lspace="0.2778em" rspace="0.2778em">:</mo><mi>X</mi>'),
        (r"u \perp v", '<mo lspace="0.2778em" rspace="0.2778em">⟂</mo>'),
        # ∞ is a symbol, not an operator with space around it.
        (r"n \to \infty", "<mo>→</mo><mi>∞</mi>"),
    ],
)
def test_operators_and_relations_are_spaced_as_in_tex(latex, expected):
    assert expected in render_math(latex, display=False)


def test_accents_use_accent_glyphs_and_sim_is_a_relation():
    html = render_markdown(r"$\hat\theta$, $\tilde{x}$, $x \sim p$")
    assert '<mover accent="true"><mi>θ</mi><mo>\u02c6</mo></mover>' in html
    assert "\u02dc</mo></mover>" in html
    assert "<mo>\u223c</mo>" in html


def test_operator_names_are_followed_by_a_thin_space_before_an_operand():
    html = render_markdown(r"$\log L + \sin\theta + \exp(x)$")
    assert '<mi>log</mi><mspace width="0.1667em"></mspace><mi>L</mi>' in html
    assert '<mi>sin</mi><mspace width="0.1667em"></mspace><mi>θ</mi>' in html
    assert "<mi>exp</mi><mo" in html  # no space before a parenthesis
