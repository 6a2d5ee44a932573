"""Checks on user-chosen names and titles that other people will read."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Zero-width characters (U+200B–U+200F, U+FEFF) and bidirectional embeddings, overrides and
# isolates (U+202A–U+202E, U+2066–U+2069). Invisible on the page, they let a name look like
# someone else's (관리자 vs 관리\u200b자) or make a title display reversed (U+202E).
INVISIBLE_CONTROLS = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")

INVISIBLE_CONTROLS_MESSAGE = _(
    "Remove the invisible control characters (zero-width or text-direction marks)."
)


def has_invisible_controls(text: str) -> bool:
    return INVISIBLE_CONTROLS.search(text) is not None


def without_invisible_controls(text: str) -> str:
    """`text` safe to echo back in a message: the controls would reorder the message itself."""
    return INVISIBLE_CONTROLS.sub("", text)


def reject_invisible_controls(value: str) -> None:
    """Form-field validator for titles and display names."""
    if isinstance(value, str) and has_invisible_controls(value):
        raise ValidationError(INVISIBLE_CONTROLS_MESSAGE, code="invisible_controls")
