"""A concept's label under its circle: its name in the reader's language, wrapped to the column,
and its name in the other language on one line below, both measured without a browser.

Widths are estimated per character (Hangul and other wide characters count almost a full em), so
the server can wrap and cut labels the same way for every reader and keep the result.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from apps.tags.conceptmap.geometry import COL_W, R_MAX

LABEL_GAP = 17  # from the bottom of the largest circle to the first label baseline
LINE_H = 16.5  # between primary label lines
OTHER_GAP = 15  # from the last primary line to the other-language line
PRIMARY_SIZE = 13.5  # px; keep in step with .cm-label in static/css/conceptmap.css
OTHER_SIZE = 11.0  # px; .cm-label-other
LABEL_MAX_W = COL_W - 14


@dataclass(frozen=True)
class LabelLine:
    text: str
    y: float
    primary: bool


# --- Text measurement --------------------------------------------------------------------------
_NARROW = set("ijlI.,:;'|!()[]{}`")
_SEMI = set('frt-/"*')
_WIDE_LATIN = set("mwMW@%")


def _char_em(ch: str) -> float:
    """Approximate advance width in em of one character in Pretendard / Noto Sans KR."""
    if ch == " ":
        return 0.27
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 0.92
    if ch in _NARROW:
        return 0.28
    if ch in _SEMI:
        return 0.38
    if ch in _WIDE_LATIN:
        return 0.85
    if ch.isupper():
        return 0.66
    if ch.isdigit():
        return 0.58
    if ch.isascii():
        return 0.54
    return 0.6  # Greek, accents, symbols


def text_width(text: str, size: float) -> float:
    return sum(_char_em(ch) for ch in text) * size


def fit_text(text: str, size: float, max_w: float) -> str:
    """`text` cut with an ellipsis so that it fits in `max_w`."""
    if text_width(text, size) <= max_w:
        return text
    out = ""
    for ch in text:
        if text_width(out + ch + "…", size) > max_w:
            break
        out += ch
    return out.rstrip() + "…"


def _split_long(word: str, size: float, max_w: float) -> list[str]:
    """Break a word that is wider than a line into pieces by character."""
    pieces, cur = [], ""
    for ch in word:
        if cur and text_width(cur + ch, size) > max_w:
            pieces.append(cur)
            cur = ch
        else:
            cur += ch
    if cur:
        pieces.append(cur)
    return pieces


def wrap_label(text: str, size: float, max_w: float, max_lines: int = 2) -> list[str]:
    """Wrap at spaces (Korean too: words are not broken inside unless they must be) into at most
    `max_lines` lines; the last line ends in an ellipsis if the text does not fit."""
    text = " ".join(text.split())
    if not text:
        return []
    if max_lines <= 1:  # the loop below keeps the rest for the last line only from the second
        return [fit_text(text, size, max_w)]
    words: list[str] = []
    for word in text.split(" "):
        words.extend(_split_long(word, size, max_w) if text_width(word, size) > max_w else [word])
    lines: list[str] = []
    cur = ""
    for i, word in enumerate(words):
        candidate = f"{cur} {word}" if cur else word
        if text_width(candidate, size) <= max_w:
            cur = candidate
            continue
        lines.append(cur)
        cur = word
        if len(lines) == max_lines - 1:
            cur = " ".join([cur, *words[i + 1 :]])
            break
    lines.append(fit_text(cur, size, max_w))
    return lines[:max_lines]


# --- Names and counts --------------------------------------------------------------------------
def other_name(obj: Any) -> str:
    """The name in the language the reader is not using: the row's own `other_name` when it has
    one, else whichever of `name_ko`/`name_en` is not `name` (the localized one)."""
    other = getattr(obj, "other_name", None)
    if other is not None:
        return other
    name_ko, name_en = getattr(obj, "name_ko", ""), getattr(obj, "name_en", "")
    return name_en if obj.name == name_ko else name_ko


def count_label(count: int) -> str:
    """The number of questions as drawn inside a circle: "" for none, then 7, 1.2k, 15k."""
    if count <= 0:
        return ""
    if count < 1000:
        return str(count)
    if count < 10_000:
        return f"{count / 1000:.1f}".rstrip("0").rstrip(".") + "k"
    return f"{count // 1000}k"


def label_lines(name: str, other: str, cy: float) -> tuple[LabelLine, ...]:
    """The label of a concept whose circle is centred at height `cy`: `name` on up to two lines,
    then `other` (unless empty or the same) cut to one smaller line."""
    first = cy + R_MAX + LABEL_GAP
    primary = wrap_label(name, PRIMARY_SIZE, LABEL_MAX_W)
    lines = [LabelLine(text, round(first + i * LINE_H, 1), True) for i, text in enumerate(primary)]
    if other and other != name:
        lines.append(
            LabelLine(
                fit_text(" ".join(other.split()), OTHER_SIZE, LABEL_MAX_W),
                round(first + (len(primary) - 1) * LINE_H + OTHER_GAP, 1),
                False,
            )
        )
    return tuple(lines)
