"""The one Markdown + math + code rendering pipeline.

`render_markdown` is used both when a post is saved and by the editor's live preview, so what
the author previews is exactly what gets stored. The pipeline is:

1. markdown-it-py (CommonMark + tables + strikethrough), with raw HTML *disabled*: whatever an
   author types as HTML is shown as text, never interpreted.
2. `$…$` / `$$…$$` are parsed before any other inline syntax, so LaTeX reaches the math renderer
   untouched, and converted to MathML on the server with latex2mathml.
3. Fenced code is highlighted with Pygments (class-based spans, see static/css/code.css).
4. The final HTML is sanitized with nh3 against an allow-list, whatever the steps above produced.

Everything configurable is built once at import; nothing that depends on the input is cached.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from xml.etree.ElementTree import Element

import nh3
from latex2mathml.converter import convert_to_element
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml, unescapeAll
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.dollarmath import dollarmath_plugin
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.token import STANDARD_TYPES
from pygments.util import ClassNotFound

__all__ = [
    "highlight_code",
    "render_inline_markdown",
    "render_markdown",
    "render_math",
    "sanitize_html",
]

# The longest Markdown source a post (and so a preview) may have: math costs ~15 µs a character.
MAX_SOURCE_LENGTH = 30_000

MATHML_NAMESPACE = "http://www.w3.org/1998/Math/MathML"

# CSS classes the pipeline emits; the site stylesheet and code.css rely on these names.
CODE_BLOCK_CLASS = "codehilite"
MATH_CLASS = "math"
MATH_INLINE_CLASS = "math-inline"
MATH_DISPLAY_CLASS = "math-display"
MATH_ERROR_CLASS = "math-error"
TABLE_ALIGN_CLASSES = {
    "left": "align-left",
    "center": "align-center",
    "right": "align-right",
}


# --- Math ----------------------------------------------------------------------------------------

# Refused outright, because latex2mathml turns them into attributes (a link target, CSS, a class),
# splices their argument into the output as raw text (\unicode), or expands user-defined macros
# (a few nested definitions make an exponentially large formula).
_BLOCKED_COMMANDS = frozenset(
    {
        "href",
        "url",
        "style",
        "class",
        "cssId",
        "unicode",
        "require",
        "def",
        "gdef",
        "edef",
        "xdef",
        "let",
        "newcommand",
        "renewcommand",
        "providecommand",
        "newenvironment",
        "renewenvironment",
        "DeclareMathOperator",
    }
)

# Operator names people write that latex2mathml does not know (it would print `\arg` as text).
# \operatorname gives them upright operator spacing, as in LaTeX with amsmath.
_OPERATOR_NAMES = frozenset(
    {
        "arg",
        "sgn",
        "sign",
        "tr",
        "Tr",
        "trace",
        "rank",
        "diag",
        "softmax",
        "erf",
        "Var",
        "Cov",
        "Corr",
        "lcm",
        "supp",
    }
)

# One LaTeX control sequence: a backslash and a run of letters, or a backslash and one other
# character (so `\\arg` is a line break followed by the letters "arg", not the command \arg).
_CONTROL_SEQUENCE = re.compile(r"\\([A-Za-z]+|.)", re.DOTALL)

# latex2mathml leaves commands it does not understand in a token element as their own source.
_UNKNOWN_COMMAND_TEXT = re.compile(r"\\[A-Za-z]+\*?")
_TOKEN_ELEMENTS = frozenset({"mi", "mo", "mn"})

# latex2mathml writes symbols as numeric character references inside text (then unescapes the
# whole serialized document, which is what lets `\text{<script>}` through); we decode only these.
_CHARACTER_REFERENCE = re.compile(r"&#(?:x([0-9A-Fa-f]{1,6})|([0-9]{1,7}));")
_ATTRIBUTE_NAME = re.compile(r"[A-Za-z][A-Za-z-]*")


class _UnsupportedFormula(Exception):
    """A formula we refuse to convert (blocked or unknown command)."""


def _prepare_latex(latex: str) -> str:
    """Rewrite known operator names to \\operatorname and refuse blocked commands."""

    def replace(match: re.Match[str]) -> str:
        name = match[1]
        if name in _BLOCKED_COMMANDS:
            raise _UnsupportedFormula(name)
        if name in _OPERATOR_NAMES:
            return rf"\operatorname{{{name}}}"
        return match[0]

    return _CONTROL_SEQUENCE.sub(replace, latex)


def _decode_character_references(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        code_point = int(match[1], 16) if match[1] else int(match[2])
        if code_point == 0 or 0xD800 <= code_point <= 0xDFFF or code_point > 0x10FFFF:
            return "\ufffd"
        return chr(code_point)

    return _CHARACTER_REFERENCE.sub(replace, text)


# latex2mathml writes these as sub/superscripts even in display math; as `munder` with movable
# limits they sit under the operator in display math and beside it inline, as in LaTeX.
_LIMIT_OPERATORS = frozenset(
    {"lim", "max", "min", "sup", "inf", "limsup", "liminf", "argmax", "argmin", "Pr", "det"}
)
# ASCII accents drawn by latex2mathml for \hat and \tilde, and their modifier-letter glyphs,
# which math fonts place over the base instead of beside it.
_ACCENT_GLYPHS = {"^": "\u02c6", "~": "\u02dc"}
_THIN_SPACE = "0.1667em"  # TeX's \, (3mu): between an operator name and what it applies to
_MEDIUM_SPACE = "0.2222em"  # 4mu: around a binary operator written as a word (\bmod)
_THICK_SPACE = "0.2778em"  # 5mu: around a relation
_IFF_SPACE = "0.5556em"  # \iff and \implies are a relation with \; on each side: 10mu
# Relations latex2mathml writes as identifiers, so they get no space around them.
_WIDE_RELATIONS = frozenset("\u27f9\u27f8\u27fa")  # ⟹ ⟸ ⟺ (\implies, \impliedby, \iff)
_RELATION_IDENTIFIERS = frozenset("\u27f6\u27f5\u27f7\u27fc\u22a5\u27c2:") | _WIDE_RELATIONS
_OPENING_FENCES = frozenset("([{\u2016|\u27e8\u230a\u2308")
_CLOSING_FENCES = frozenset(")]}\u27e9\u230b\u2309")
# A sign at the start of a row or right after an operator is unary: TeX puts no space around it.
_SIGNS = frozenset("\u2212+\u00b1\u2213-")
# latex2mathml sometimes gives a script element more children than it has places (a matrix
# with a superscript: `msup` of "(", the table, ")" and the exponent): the extra ones are the
# base, and are put back in one row.
_SCRIPT_ARITY = {"msub": 2, "msup": 2, "msubsup": 3, "munder": 2, "mover": 2, "munderover": 3}
# Symbols latex2mathml writes as operators that are ordinary symbols in TeX (no space).
_ORDINARY_OPERATORS = frozenset("\u221e\u2202\u2207")  # ∞ ∂ ∇
# Elements whose children are a plain row; in the others (msub, mfrac...) position is meaning.
_ROW_ELEMENTS = frozenset({"math", "mrow", "mstyle", "mtd", "mpadded", "msqrt", "menclose"})


def _token_text(element: Element) -> str:
    # latex2mathml leaves characters as references (`&#x0005E;`) in its element tree.
    return _decode_character_references(element.text or "")


def _function_name(element: Element) -> bool:
    # An `mo` (arg, max) already carries operator spacing; an `mi` (log, sin) carries none.
    text = _token_text(element)
    return element.tag == "mi" and len(text) > 1 and text.isalpha()


def _operator_name(element: Element) -> bool:
    """An operator written as a word (arg, max, det, softmax), alone or with its limits."""
    if element.tag in {"munder", "munderover", "msub", "msup", "msubsup"} and len(element):
        element = element[0]
    return element.tag == "mo" and _token_text(element).isalpha()


def _closing(element: Element | None) -> bool:
    return element is not None and element.tag == "mo" and _token_text(element) in _CLOSING_FENCES


def _operator(element: Element | None) -> bool:
    """An operator that brings its own space (a relation, a binary operator, a comma, an
    opening bracket), not a closing bracket, which is followed by space as a letter is."""
    return element is not None and element.tag == "mo" and not _closing(element)


def _space_operator_names(children: list[Element]) -> None:
    """Space operator names as TeX does: a thin space on each side, none at the start of a
    row, before an opening bracket or after an operator that brings its own (one, not two,
    between two names: arg max)."""
    for index, child in enumerate(children):
        if not _operator_name(child):
            continue
        core = child if child.tag == "mo" else child[0]
        if _token_text(core) == "mod":  # \bmod is a binary operator
            core.set("lspace", _MEDIUM_SPACE)
            core.set("rspace", _MEDIUM_SPACE)
            continue
        before = children[index - 1] if index else None
        after = children[index + 1] if index + 1 < len(children) else None
        # An operator before it (a relation, a comma, another name) brings its own space.
        spaced = before is None or _operator(before) or _operator_name(before)
        core.set("lspace", "0" if spaced else _THIN_SPACE)
        opens = after is not None and after.tag == "mo" and _token_text(after) in _OPENING_FENCES
        core.set("rspace", "0" if after is None or opens else _THIN_SPACE)


def _polish_mathml(element: Element) -> None:
    """Fix latex2mathml's layout slips so formulas read as they would in LaTeX.

    Accents use accent glyphs, limit operators take their limits underneath, `\\sim` and the
    long arrows are relations (\\iff and \\implies with TeX's extra space), ∞ is a symbol,
    operator names are spaced as in TeX, and a thin space follows a function name (log, sin)
    before an operand.
    """
    arity = _SCRIPT_ARITY.get(element.tag)
    if arity and len(element) > arity:
        extra = len(element) - arity + 1
        base = Element("mrow")
        base.extend(list(element)[:extra])
        for child in list(element)[:extra]:
            element.remove(child)
        element.insert(0, base)
    for child in element:
        _polish_mathml(child)
    if element.tag == "mover" and len(element) == 2 and element[1].tag == "mo":
        glyph = _ACCENT_GLYPHS.get(_token_text(element[1]))
        if glyph:
            element[1].text = glyph
            element.set("accent", "true")
    limits = element.tag in {"msub", "msubsup"} and len(element) and element[0].tag == "mo"
    if limits and _token_text(element[0]) in _LIMIT_OPERATORS:
        element.tag = "munder" if element.tag == "msub" else "munderover"
        element[0].set("movablelimits", "true")
    if element.tag == "mi" and _token_text(element) == "~":
        element.tag, element.text = "mo", "\u223c"
    if element.tag == "mi" and _token_text(element) in _RELATION_IDENTIFIERS:
        text = _token_text(element)
        space = _IFF_SPACE if text in _WIDE_RELATIONS else _THICK_SPACE
        element.tag, element.text = "mo", text
        element.set("lspace", space)
        element.set("rspace", space)
    if element.tag == "mo" and _token_text(element) in _ORDINARY_OPERATORS:
        element.tag = "mi"
    if element.tag not in _ROW_ELEMENTS:
        return
    children = list(element)
    _space_operator_names(children)
    for index, child in enumerate(children):
        unary = index == 0 or _operator(children[index - 1])
        if unary and child.tag == "mo" and _token_text(child) in _SIGNS:
            child.set("lspace", "0")
            child.set("rspace", "0")
    # A function name (log, sin) is an operator written as a letter run: a thin space before
    # it after a letter or a closing bracket (p(x) log q(x)), and after it before an operand.
    for index, child in enumerate(children):
        if not _function_name(child):
            continue
        before = children[index - 1] if index else None
        after = children[index + 1] if index + 1 < len(children) else None
        position = list(element).index(child)
        if after is not None and after.tag != "mo":
            element.insert(position + 1, Element("mspace", {"width": _THIN_SPACE}))
        if before is not None and not _operator(before) and not _operator_name(before):
            element.insert(position, Element("mspace", {"width": _THIN_SPACE}))


def _serialize_mathml(element: Element, parts: list[str]) -> None:
    """Write an element tree as HTML, escaping every text and attribute value.

    Used instead of latex2mathml's own serializer, which unescapes its output wholesale and so
    turns `\\text{<img onerror=…>}` into live markup.
    """
    tag = element.tag
    if tag in _TOKEN_ELEMENTS and element.text and _UNKNOWN_COMMAND_TEXT.fullmatch(element.text):
        raise _UnsupportedFormula(element.text)
    parts.append(f"<{tag}")
    for name, value in element.attrib.items():
        if _ATTRIBUTE_NAME.fullmatch(name):
            escaped = html.escape(_decode_character_references(value), quote=True)
            parts.append(f' {name}="{escaped}"')
    parts.append(">")
    if element.text:
        parts.append(html.escape(_decode_character_references(element.text), quote=False))
    for child in element:
        _serialize_mathml(child, parts)
    parts.append(f"</{tag}>")
    if element.tail:
        parts.append(html.escape(_decode_character_references(element.tail), quote=False))


def render_math(latex: str, *, display: bool) -> str:
    """Convert one LaTeX formula to a MathML `<math>` element (as an HTML string).

    `display=True` gives `<math display="block">`. A formula that cannot be converted (syntax
    error, unknown or blocked command) never raises: it comes back as its own source, delimiters
    included, escaped inside `<code class="math-error">`.
    """
    try:
        element = convert_to_element(
            _prepare_latex(latex),
            xmlns=MATHML_NAMESPACE,
            display="block" if display else "inline",
        )
        _polish_mathml(element)
        parts: list[str] = []
        _serialize_mathml(element, parts)
    # latex2mathml signals bad input with a zoo of exception types (its own, IndexError,
    # KeyError, RecursionError on deep nesting...): any of them means "show the source".
    except Exception:
        delimiter = "$$" if display else "$"
        source = escapeHtml(f"{delimiter}{latex}{delimiter}")
        return f'<code class="{MATH_ERROR_CLASS}">{source}</code>'
    return "".join(parts)


def _math_inline_rule(state: StateInline, silent: bool) -> bool:
    """Parse `$…$` (inline math) and `$$…$$` inside a paragraph (display math).

    Follows Pandoc's rule so that prices survive: the opening `$` must be followed by a
    non-space, and the closing `$` must be preceded by a non-space and not followed by a digit
    (`$5 and $6` stays text). Only the first unescaped `$` is a candidate closing, so a failed
    match never swallows a later formula. Inside math `\\$` is LaTeX's own escape; outside,
    markdown-it's escape rule turns `\\$` into a literal dollar before this rule sees it.

    Written here rather than using dollarmath's inline rule, whose digit check reads
    `src[pos - 1]` at position 0 (i.e. the paragraph's *last* character), so `$x$ = 1` would not
    be math, and which ignores `posMax`.
    """
    src, start, maximum = state.src, state.pos, state.posMax
    if src[start] != "$":
        return False
    double = start + 1 < maximum and src[start + 1] == "$"
    content_start = start + (2 if double else 1)
    if content_start >= maximum:
        return False
    if not double and src[content_start].isspace():
        return False

    pos = content_start
    while pos < maximum and src[pos] != "$":
        pos += 2 if src[pos] == "\\" else 1
    if pos >= maximum:
        return False

    if double:
        if pos + 1 >= maximum or src[pos + 1] != "$":
            return False
        after = pos + 2
    else:
        if src[pos - 1].isspace():
            return False
        if pos + 1 < maximum and src[pos + 1].isdigit():
            return False
        after = pos + 1

    content = src[content_start:pos]
    if not content.strip():
        return False
    if not silent:
        token = state.push("math_inline_double" if double else "math_inline", "math", 0)
        token.content = content
        token.markup = "$$" if double else "$"
    state.pos = after
    return True


def _render_math_inline(
    self: object, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    mathml = render_math(tokens[idx].content.strip(), display=False)
    return f'<span class="{MATH_CLASS} {MATH_INLINE_CLASS}">{mathml}</span>'


def _render_math_inline_double(
    self: object, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    # A span, not a div: this sits inside a paragraph, which cannot contain a div.
    mathml = render_math(tokens[idx].content.strip(), display=True)
    return f'<span class="{MATH_CLASS} {MATH_DISPLAY_CLASS}">{mathml}</span>'


def _render_math_block(
    self: object, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    mathml = render_math(tokens[idx].content.strip(), display=True)
    return f'<div class="{MATH_CLASS} {MATH_DISPLAY_CLASS}">\n{mathml}\n</div>\n'


# --- Code ----------------------------------------------------------------------------------------

_HTML_FORMATTER = HtmlFormatter(nowrap=True)
_LANGUAGE_NAME = re.compile(r"[a-z0-9_+#.-]{1,40}")
_PYGMENTS_CLASSES = frozenset(name for name in STANDARD_TYPES.values() if name)


def highlight_code(code: str, language: str) -> str:
    """Return `code` as HTML: Pygments token spans for a known language, else escaped text."""
    try:
        lexer = get_lexer_by_name(language, stripnl=False)
    except ClassNotFound:
        return escapeHtml(code)
    return highlight(code, lexer, _HTML_FORMATTER)


def _render_fence(
    self: object, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    token = tokens[idx]
    info = unescapeAll(token.info).strip()
    language = info.split(maxsplit=1)[0].lower() if info else ""
    if language and _LANGUAGE_NAME.fullmatch(language):
        body = highlight_code(token.content, language)
        code_open = f'<code class="language-{escapeHtml(language)}">'
    else:
        body = escapeHtml(token.content)
        code_open = "<code>"
    return f'<pre class="{CODE_BLOCK_CLASS}">{code_open}{body}</code></pre>\n'


def _render_code_block(
    self: object, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    body = escapeHtml(tokens[idx].content)
    return f'<pre class="{CODE_BLOCK_CLASS}"><code>{body}</code></pre>\n'


# --- Tables --------------------------------------------------------------------------------------

_TEXT_ALIGN_STYLE = re.compile(r"text-align:(left|center|right)")


def _table_alignment_to_classes(state: StateCore) -> None:
    """Replace the `style="text-align:…"` markdown-it puts on cells with a class.

    The sanitizer removes every style attribute; a class keeps the column alignment.
    """
    for token in state.tokens:
        if token.type not in ("th_open", "td_open"):
            continue
        style = token.attrs.pop("style", None)
        match = _TEXT_ALIGN_STYLE.fullmatch(str(style)) if style is not None else None
        if match:
            token.attrSet("class", TABLE_ALIGN_CLASSES[match[1]])


# --- Markdown ------------------------------------------------------------------------------------


def _build_markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
    # The plugin provides the `$$` block rule; its inline rule is replaced by ours (see above).
    dollarmath_plugin(
        md,
        allow_labels=False,
        allow_space=False,
        allow_digits=True,
        allow_blank_lines=False,
        double_inline=True,
    )
    md.inline.ruler.at("math_inline", _math_inline_rule)
    md.core.ruler.push("table_alignment_classes", _table_alignment_to_classes)
    md.add_render_rule("math_inline", _render_math_inline)
    md.add_render_rule("math_inline_double", _render_math_inline_double)
    md.add_render_rule("math_block", _render_math_block)
    md.add_render_rule("fence", _render_fence)
    md.add_render_rule("code_block", _render_code_block)
    return md


def _build_inline_markdown() -> MarkdownIt:
    """The inline subset for comments: emphasis, strikethrough, links, code spans and inline
    math; no images, headings, lists, blocks or display math (a comment is one short remark
    under a post, not a second answer)."""
    md = MarkdownIt("commonmark", {"html": False}).enable(["strikethrough"]).disable(["image"])
    md.inline.ruler.before("escape", "math_inline", _math_inline_rule)
    md.add_render_rule("math_inline", _render_math_inline)
    # `$$…$$` inside a comment is shown inline too: a comment line holds no display block.
    md.add_render_rule("math_inline_double", _render_math_inline)
    return md


# --- Sanitizing ----------------------------------------------------------------------------------

_HTML_TAGS = frozenset(
    {
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "blockquote",
        "pre",
        "code",
        "em",
        "strong",
        "del",
        "s",
        "a",
        "img",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "hr",
        "br",
        "span",
        "div",
    }
)

_MATHML_TAGS = frozenset(
    {
        "math",
        "mrow",
        "mi",
        "mn",
        "mo",
        "ms",
        "mtext",
        "mspace",
        "msub",
        "msup",
        "msubsup",
        "mfrac",
        "msqrt",
        "mroot",
        "mover",
        "munder",
        "munderover",
        "mtable",
        "mtr",
        "mtd",
        "mstyle",
        "mpadded",
        "mphantom",
        "menclose",
        "semantics",
        "annotation",
        "mmultiscripts",
        "mprescripts",
        "none",
    }
)

# Presentation attributes only: nothing that takes a URL (href), script or CSS (style, class).
_MATHML_ATTRIBUTES = frozenset(
    {
        "mathvariant",
        "mathsize",
        "mathcolor",
        "mathbackground",
        "stretchy",
        "fence",
        "separator",
        "form",
        "lspace",
        "rspace",
        "largeop",
        "movablelimits",
        "symmetric",
        "minsize",
        "maxsize",
        "accent",
        "accentunder",
        "displaystyle",
        "scriptlevel",
        "width",
        "height",
        "depth",
        "voffset",
        "linethickness",
        "linebreak",
        "notation",
        "columnalign",
        "rowalign",
        "rowspacing",
        "columnspacing",
        "columnlines",
        "rowlines",
        "frame",
        "encoding",
    }
)

_ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
    "th": {"class"},
    "td": {"class"},
    "span": {"class"},
    "div": {"class"},
    "pre": {"class"},
    "code": {"class"},
    **{tag: set(_MATHML_ATTRIBUTES) for tag in _MATHML_TAGS},
}
_ATTRIBUTES["math"] |= {"display", "xmlns"}

_ALLOWED_CLASSES: dict[str, frozenset[str]] = {
    "span": _PYGMENTS_CLASSES | {MATH_CLASS, MATH_INLINE_CLASS, MATH_DISPLAY_CLASS},
    "div": frozenset({MATH_CLASS, MATH_DISPLAY_CLASS}),
    "pre": frozenset({CODE_BLOCK_CLASS}),
    "code": frozenset({MATH_ERROR_CLASS}),
    "th": frozenset(TABLE_ALIGN_CLASSES.values()),
    "td": frozenset(TABLE_ALIGN_CLASSES.values()),
}
_LANGUAGE_CLASS = re.compile(r"language-[a-z0-9_+#.-]{1,40}")

# Lengths ("0.167em"), colours ("red", "#ff0000"), keywords and alignment lists: nothing with
# parentheses, quotes, colons or semicolons, so no url(…), expression(…) or smuggled CSS.
_MATHML_VALUE = re.compile(r"[A-Za-z0-9#.%+ -]{0,64}")


def _filter_classes(tag: str, value: str) -> str | None:
    allowed = _ALLOWED_CLASSES.get(tag, frozenset())
    kept = [
        name
        for name in value.split()
        if name in allowed or (tag == "code" and _LANGUAGE_CLASS.fullmatch(name))
    ]
    return " ".join(kept) or None


def _is_safe_image_source(url: str) -> bool:
    """Absolute http(s) or site-relative (`/media/…`); never protocol-relative or other schemes."""
    # Browsers drop tabs/newlines inside URLs and trim spaces, so "/\t/evil" would mean "//evil".
    if any(ord(character) <= 0x20 for character in url):
        return False
    lowered = url.lower()
    if lowered.startswith(("http://", "https://")):
        return True
    return url.startswith("/") and not url.startswith(("//", "/\\"))


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    """Second pass over the attributes nh3 kept: restrict their values."""
    if attribute == "class":
        return _filter_classes(tag, value)
    if tag == "img" and attribute == "src":
        return value if _is_safe_image_source(value) else None
    if tag in _MATHML_TAGS:
        if attribute == "xmlns":
            return value if value == MATHML_NAMESPACE else None
        if attribute == "display":
            return value if value in ("block", "inline") else None
        return value if _MATHML_VALUE.fullmatch(value) else None
    return value


_CLEANER = nh3.Cleaner(
    tags=set(_HTML_TAGS | _MATHML_TAGS),
    # Dropped together with their content, not just unwrapped.
    clean_content_tags={
        "script",
        "style",
        "svg",
        "iframe",
        "object",
        "embed",
        "noscript",
        "noembed",
        "noframes",
        "template",
        "textarea",
        "title",
        "xmp",
    },
    attributes=_ATTRIBUTES,
    attribute_filter=_filter_attribute,
    strip_comments=True,
    link_rel="nofollow ugc noopener",
    url_schemes={"http", "https", "mailto"},
    set_tag_attribute_values={"img": {"loading": "lazy"}},
)

_MARKDOWN = _build_markdown()
_INLINE_MARKDOWN = _build_inline_markdown()


def sanitize_html(fragment: str) -> str:
    """Clean an HTML fragment against the allow-list used for all rendered posts.

    Keeps Markdown's output tags, Pygments spans and presentation MathML with harmless
    attributes; removes scripts, styles, event handlers, non-http(s) URLs (links may also be
    mailto: or relative, images only http(s) or site-relative) and everything else. Every link
    gets `rel="nofollow ugc noopener"`.
    """
    return _CLEANER.clean(fragment)


def render_markdown(text: str) -> str:
    """Render a post body (Markdown with `$`/`$$` math and fenced code) to safe HTML.

    The single rendering function: called when a question or answer is saved and by the
    editor's live preview (settings.MARKDOWNX_MARKDOWNIFY_FUNCTION). Never raises on bad math.
    """
    return sanitize_html(_MARKDOWN.render(text or ""))


def render_inline_markdown(text: str) -> str:
    """Render a comment (the inline subset: see `_build_inline_markdown`) to safe HTML, one
    run of text with no paragraph around it: line breaks are spaces, as in a paragraph."""
    return sanitize_html(_INLINE_MARKDOWN.renderInline(text or "").strip())
