"""Excerpts: a post's Markdown source as one short line of text with its formulas rendered.

Search snippets, the flag form and the moderation queue show a few lines of a post. Stripping
the Markdown leaves half a formula ("hat theta = arg max theta"); cutting the stored HTML cuts
formulas in two. Here each formula stays whole: while the text is measured, cut and marked it
is one placeholder character, and in the HTML it is the formula rendered by the one pipeline
(inline, so it keeps to the line), or a short "[formula]" when it is too long to fit a line.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from apps.markup.rendering import MATH_CLASS, MATH_INLINE_CLASS, render_math, sanitize_html

FORMULA = "\ue000"  # a private-use character: no post text can mean it
LONGEST_SHOWN_FORMULA = 80  # characters of LaTeX; a longer one is shown as "[formula]"

# Code first (its `$` is a shell variable or a price, not math), then display and inline math
# as the pipeline reads them: `$…$` neither starts nor ends with a space, `\$` is a dollar sign.
_CODE = re.compile(r"```.*?(?:```|$)|~~~.*?(?:~~~|$)|`[^`\n]*`", re.DOTALL)
_MATH = re.compile(
    r"(?<!\\)\$\$(?P<display>.+?)(?<!\\)\$\$|(?<!\\)\$(?P<inline>[^\s$](?:[^$\n]*?[^\s\\$])?)\$",
    re.DOTALL,
)
_MARKUP = re.compile(r"[#*_`>\[\]()|~]+|\\(?=\S)")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Excerpt:
    """A post's text as one line: `text` holds FORMULA where `formulas[i]` (LaTeX) stood."""

    text: str
    formulas: tuple[str, ...]

    @classmethod
    def of(cls, source: str) -> "Excerpt":
        formulas: list[str] = []

        def formula(match: re.Match[str]) -> str:
            formulas.append(match.group("display") or match.group("inline"))
            return f" {FORMULA} "

        pieces = []
        position = 0
        for code in _CODE.finditer(source or ""):
            pieces.append(_MATH.sub(formula, source[position : code.start()]))
            pieces.append(_code_text(code.group()))
            position = code.end()
        pieces.append(_MATH.sub(formula, (source or "")[position:]))
        text = _SPACE.sub(" ", _MARKUP.sub(" ", "".join(pieces))).strip()
        return cls(text=text, formulas=tuple(formulas))

    def window(self, start: int, width: int) -> tuple[str, int, bool, bool]:
        """The `width` characters from `start`: (text, index of its first formula, cut before,
        cut after). A formula is one character, so a window never splits one."""
        start = max(0, min(start, len(self.text)))
        return (
            self.text[start : start + width],
            self.text.count(FORMULA, 0, start),
            start > 0,
            start + width < len(self.text),
        )


def _code_text(code: str) -> str:
    """A code span's or block's text, without its fences and the block's language line."""
    if code.startswith(("```", "~~~")):
        code = code[3:].split("\n", 1)[1] if "\n" in code else code[3:]
    return code.strip("`~")


def _formula_html(latex: str) -> str:
    latex = latex.strip()
    if len(latex) > LONGEST_SHOWN_FORMULA:
        return format_html('<span class="math-placeholder">[{}]</span>', _("formula"))
    mathml = render_math(latex, display=False)
    return sanitize_html(f'<span class="{MATH_CLASS} {MATH_INLINE_CLASS}">{mathml}</span>')


def excerpt_html(
    excerpt: Excerpt,
    *,
    start: int = 0,
    width: int = 300,
    mark: Callable[[str], list[str]] | None = None,
) -> SafeString:
    """The excerpt's window as HTML: text escaped, formulas rendered, "…" where it was cut.

    `mark` splits a stretch of text into plain and matched pieces, alternately (as
    `re.Pattern.split` with one group does); matched pieces are wrapped in `<mark>`.
    """
    text, first, cut_before, cut_after = excerpt.window(start, width)
    parts: list[str] = []
    for index, stretch in enumerate(text.split(FORMULA)):
        if index:
            parts.append(_formula_html(excerpt.formulas[first + index - 1]))
        pieces = mark(stretch) if mark else [stretch]
        for number, piece in enumerate(pieces):
            parts.append(format_html("<mark>{}</mark>", piece) if number % 2 else escape(piece))
    html = "".join(parts)
    return mark_safe(("… " if cut_before else "") + html + (" …" if cut_after else ""))


def excerpt(source: str, width: int = 300) -> SafeString:
    """The start of a post for a list of posts (flags, the moderation queue)."""
    return excerpt_html(Excerpt.of(source), width=width)
