"""A reported or reproduced result as people write it: one number and what it measures.

"76.1 % top-1", "76.1% top-1", "BLEU 27.3", "27.3 BLEU", "0.912 AUC", "3.2 h/epoch": exactly one
number standing as its own word (a "%" may stick to it), and a label made of the rest (a unit,
a metric's name, or both). Numbers inside the label's words ("top-1", "R@10") are part of the
label. Two results can be compared, and their gap computed, when their labels agree up to
case and spacing: "% top-1" and "%Top-1" do; "BLEU" and "% top-1" do not.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

METRIC_MAX_LENGTH = 60
LABEL_MAX_LENGTH = 40
# Up to 12 digits before the point and 6 after: the stored column's size.
NUMBER = re.compile(r"^([+\-−]?)(\d{1,12}(?:\.\d{1,6})?)(%?)$")
EXAMPLES = "“76.1 % top-1”, “BLEU 27.3”"


@dataclass(frozen=True)
class Metric:
    text: str  # as shown: the words as written, spaces made single
    value: Decimal
    label: str

    @property
    def key(self) -> str:
        """What must agree for two results to be compared."""
        return "".join(self.label.split()).casefold()


def metric_parse(text: str) -> Metric:
    """The `Metric` written in `text`, or a ValidationError that says what is wrong."""
    words = text.split()
    text = " ".join(words)
    if len(text) > METRIC_MAX_LENGTH:
        raise ValidationError(
            _("Keep a result to %(limit)d characters."),
            code="too_long",
            params={"limit": METRIC_MAX_LENGTH},
        )
    numbers = [(index, NUMBER.match(word)) for index, word in enumerate(words)]
    numbers = [(index, match) for index, match in numbers if match]
    if len(numbers) != 1:
        raise ValidationError(
            _("Write one number with its unit or metric name, e.g. %(examples)s."),
            code="number",
            params={"examples": EXAMPLES},
        )
    index, match = numbers[0]
    sign, digits, percent = match.groups()
    rest = words[:index] + words[index + 1 :]
    label = " ".join(([percent] if percent else []) + rest)
    if not label:
        raise ValidationError(
            _("Say what the number measures: a unit or a metric name, e.g. %(examples)s."),
            code="label",
            params={"examples": EXAMPLES},
        )
    if len(label) > LABEL_MAX_LENGTH:
        raise ValidationError(
            _("Keep a result to %(limit)d characters."),
            code="too_long",
            params={"limit": LABEL_MAX_LENGTH},
        )
    value = Decimal(digits)
    return Metric(text=text, value=-value if sign else value, label=label)


def metric_gap(reported: Metric | None, reproduced: Metric | None) -> Decimal | None:
    """Reproduced minus reported, when both are given and measure the same thing."""
    if reported is None or reproduced is None or reported.key != reproduced.key:
        return None
    return reproduced.value - reported.value


def gap_format(gap: Decimal, label: str) -> str:
    """ "+0.4 BLEU", "−1.2 % top-1", "±0 BLEU": a signed number and the label."""
    if gap == 0:
        return f"±0 {label}"
    return f"{'+' if gap > 0 else '−'}{format(abs(gap).normalize(), 'f')} {label}"
