"""The definition cards' content (apps/cards/data/cards.json): one card per concept, every
text written in both languages, every formula rendered by the site's own math pipeline."""

import json
import re
from pathlib import Path

import pytest

from apps.markup.rendering import MATH_ERROR_CLASS, render_markdown

ROOT = Path(__file__).resolve().parents[2]
CARDS = json.loads((ROOT / "apps/cards/data/cards.json").read_text(encoding="utf-8"))
CONCEPTS = json.loads((ROOT / "apps/tags/data/concepts.json").read_text(encoding="utf-8"))
FIELDS = ("definition_ko", "definition_en", "formula", "used_ko", "used_en")


def test_every_concept_has_exactly_one_card():
    slugs = [concept["slug"] for concept in CONCEPTS["concepts"]]
    assert sorted(CARDS) == sorted(slugs)
    assert len(CARDS) >= 80


@pytest.mark.parametrize("slug", sorted(CARDS))
def test_a_card_has_its_fields_written_in_both_languages(slug):
    card = CARDS[slug]
    assert set(card) == set(FIELDS)
    assert all(isinstance(card[field], str) for field in FIELDS)
    for field in ("definition_ko", "used_ko"):
        assert re.search(r"[가-힣]", card[field]), field
    for field in ("definition_en", "used_en"):
        assert card[field].strip() and not re.search(r"[가-힣]", card[field]), field
    assert card["formula"] == card["formula"].strip()
    assert "$" not in card["formula"], "formulas are stored without delimiters"
    # The pipeline draws the star of \operatorname* as a literal "*": use \operatorname{argmax}.
    assert "\\operatorname*" not in card["formula"]


@pytest.mark.parametrize("slug", sorted(slug for slug, card in CARDS.items() if card["formula"]))
def test_a_cards_formula_renders_as_mathml(slug):
    html = render_markdown(f"$${CARDS[slug]['formula']}$$")
    assert re.search(r'<math[^>]* display="block"', html)
    assert MATH_ERROR_CLASS not in html
    # No LaTeX command may come through as text (\big\| once did): each one became MathML.
    assert "\\" not in html, html


def test_most_cards_have_a_formula():
    with_formula = [slug for slug, card in CARDS.items() if card["formula"]]
    assert len(with_formula) >= 0.9 * len(CARDS)
