"""A card's formula, rendered once by the project's math pipeline (apps.markup)."""

from apps.markup.rendering import (
    MATH_CLASS,
    MATH_DISPLAY_CLASS,
    render_math,
    sanitize_html,
)


def formula_html(latex: str) -> str:
    """The LaTeX as display MathML, sanitized like every post ("" for no formula). A formula
    the converter refuses comes back as its source in a code element, never raw."""
    latex = latex.strip()
    if not latex:
        return ""
    mathml = render_math(latex, display=True)
    return sanitize_html(f'<div class="{MATH_CLASS} {MATH_DISPLAY_CLASS}">{mathml}</div>')
