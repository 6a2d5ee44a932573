"""`/help/markdown/`: how to write a post, each example rendered by the one pipeline.

The examples are the page's point: what you type, and beside it exactly what the site makes of
it (rendered here by `render_markdown`, as a post is on save), so the help can never drift from
the renderer. They are rendered once per language and process.
"""

from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.shortcuts import render
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from apps.markup.rendering import render_inline_markdown, render_markdown


@dataclass(frozen=True)
class Example:
    title: str
    note: str
    source: str
    html: SafeString


def _examples() -> list[tuple[str, str, str]]:
    """(title, note, source) for each example, in the reader's language."""
    return [
        (
            _("Emphasis, links and lists"),
            _("Two asterisks for bold, one for italic; a link is [text](address)."),
            _(
                "**Likelihood** is *not* a probability of θ.\n\n"
                "- Read [D2L 22.7](https://d2l.ai/chapter_appendix-mathematics-for-deep-learning/"
                "maximum-likelihood.html)\n"
                "- Then try an example\n\n"
                "> Never study alone."
            ),
        ),
        (
            _("Inline math"),
            _("Between single dollar signs, inside a sentence."),
            _("The likelihood $L(\\theta) = p(x \\mid \\theta)$ is a function of $\\theta$."),
        ),
        (
            _("Display math"),
            _("Between double dollar signs, on lines of their own: centred, limits underneath."),
            "$$\n\\hat\\theta = \\arg\\max_\\theta \\sum_{i=1}^{n} \\log p(x_i \\mid \\theta)\n$$",
        ),
        (
            _("Matrices and aligned steps"),
            _("LaTeX environments work inside display math."),
            "$$\nA = \\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}, \\quad\n"
            "\\det A = 1 \\cdot 4 - 2 \\cdot 3 = -2\n$$",
        ),
        (
            _("A dollar sign that is not math"),
            _("Write \\$ for a dollar sign; inside code, $ stays as it is."),
            _("The course costs \\$5, and `echo $HOME` prints your home folder."),
        ),
        (
            _("Code"),
            _("Backticks for code in a sentence; three backticks and a language for a block."),
            "`np.log` vs `torch.log`:\n\n"
            "```python\n"
            "import torch\n\n"
            "def nll(p: torch.Tensor) -> torch.Tensor:\n"
            '    """Negative log-likelihood."""\n'
            "    return -torch.log(p).mean()\n"
            "```",
        ),
        (
            _("Tables"),
            _("Columns between |, a line of dashes under the head; colons align a column."),
            _("| concept | D2L |\n|:--|--:|\n| likelihood | 22.7 |\n| expectation | 22.6 |"),
        ),
    ]


@cache
def _rendered(language: str) -> tuple[Example, ...]:
    return tuple(
        Example(title, note, source, mark_safe(render_markdown(source)))  # sanitized output
        for title, note, source in _examples()
    )


@cache
def _comment_example(language: str) -> tuple[str, SafeString]:
    source = _("Do you mean $\\theta$ in **eq. 3**? See `torch.log`.")
    return source, mark_safe(render_inline_markdown(source))


def markdown_help(request):
    language = get_language()
    comment_source, comment_html = _comment_example(language)
    return render(
        request,
        "markup/markdown_help.html",
        {
            "examples": _rendered(language),
            "comment_source": comment_source,
            "comment_html": comment_html,
            "new_user_reputation": settings.NEW_USER_REPUTATION,
            "new_user_max_links": settings.NEW_USER_MAX_LINKS,
            "upload_max_megabytes": settings.UPLOAD_MAX_BYTES // (1024 * 1024),
        },
    )
