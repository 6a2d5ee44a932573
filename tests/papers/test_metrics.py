from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from apps.papers.metrics import gap_format, metric_gap, metric_parse


@pytest.mark.parametrize(
    ("text", "value", "label"),
    [
        ("76.1 % top-1", "76.1", "% top-1"),
        ("76.1% top-1", "76.1", "% top-1"),
        ("BLEU 27.3", "27.3", "BLEU"),
        ("27.3  BLEU", "27.3", "BLEU"),
        ("Recall@10 0.412", "0.412", "Recall@10"),
        ("-3.5 dB", "-3.5", "dB"),
        ("3 h/epoch", "3", "h/epoch"),
    ],
)
def test_a_result_reads_as_one_number_and_what_it_measures(text, value, label):
    metric = metric_parse(text)
    assert metric.value == Decimal(value)
    assert metric.label == label


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("76.1", "label"),
        ("76.1%", None),  # a bare percentage is a unit: accepted
        ("BLEU", "number"),
        ("top-1 accuracy", "number"),
        ("76.1 or 77.0 BLEU", "number"),
        ("1e5 steps", "number"),
        ("BLEU " + "9" * 13, "number"),
        ("BLEU 27." + "1" * 7, "number"),
        ("27.3 " + "B" * 41, "too_long"),
        ("x" * 61 + " 1", "too_long"),
    ],
)
def test_a_result_without_exactly_one_number_and_a_label_is_refused(text, code):
    if code is None:
        assert metric_parse(text).label == "%"
        return
    with pytest.raises(ValidationError) as refused:
        metric_parse(text)
    assert refused.value.code == code


def test_the_gap_is_computed_only_when_both_measure_the_same_thing():
    reported = metric_parse("76.1 % top-1")
    assert metric_gap(reported, metric_parse("75.7%  Top-1")) == Decimal("-0.4")
    assert metric_gap(reported, metric_parse("BLEU 27.3")) is None
    assert metric_gap(reported, None) is None
    assert gap_format(Decimal("-0.4"), "% top-1") == "−0.4 % top-1"
    assert gap_format(Decimal("1.50"), "BLEU") == "+1.5 BLEU"
    assert gap_format(Decimal("0"), "BLEU") == "±0 BLEU"
