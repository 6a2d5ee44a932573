"""Cards come from a JSON file through `manage.py seed` (idempotent, staff edits kept), and
staff edits in the admin show on the kept concept page at once, formula rendered again."""

import io
import json

import pytest
from django.core.management import call_command
from django.test import Client

from apps.cards import seeding
from apps.cards.models import DefinitionCard
from tests.conftest import admin_form_data

pytestmark = pytest.mark.django_db

CARDS = {
    "likelihood": {
        "definition_ko": "관측값을 고정하고 모수의 함수로 본 확률입니다.",
        "definition_en": "The probability of the data, seen as a function of the parameter.",
        "formula": "L(\\theta) = p(x \\mid \\theta)",
        "used_ko": "최대우도추정",
        "used_en": "Maximum likelihood estimation",
    },
    "sigmoid": {
        "definition_ko": "실수를 0과 1 사이로 보내는 함수입니다.",
        "definition_en": "A function squashing reals into (0, 1).",
        "formula": "",
        "used_ko": "로지스틱 회귀",
        "used_en": "Logistic regression",
    },
    "no-such-concept": {"definition_ko": "없음", "definition_en": "none"},
}


def _write(tmp_path, data=CARDS):
    path = tmp_path / "cards.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_seeding_creates_missing_cards_once_and_keeps_staff_edits(tmp_path, make_tag):
    make_tag("likelihood")
    make_tag("sigmoid")
    path = _write(tmp_path)
    assert seeding.seed_cards(path) == 2  # the unknown concept is skipped
    card = DefinitionCard.objects.get(concept__slug="likelihood")
    assert "<math" in card.formula_html and "θ" in card.formula_html
    assert DefinitionCard.objects.get(concept__slug="sigmoid").formula_html == ""

    DefinitionCard.objects.filter(pk=card.pk).update(definition_ko="스태프가 고친 정의입니다.")
    assert seeding.seed_cards(path) == 0
    card.refresh_from_db()
    assert card.definition_ko == "스태프가 고친 정의입니다."


def test_without_a_cards_file_the_seed_creates_none(tmp_path, make_tag):
    make_tag("likelihood")
    assert seeding.seed_cards(tmp_path / "missing.json") == 0
    assert not DefinitionCard.objects.exists()


def test_the_seed_command_loads_the_cards_after_the_concepts(tmp_path, monkeypatch):
    # The shipped concepts, and a cards file naming one of them.
    monkeypatch.setattr(seeding, "CARDS_PATH", _write(tmp_path))
    out = io.StringIO()
    call_command("seed", stdout=out)
    assert "definition cards: 1 created" in out.getvalue()
    assert DefinitionCard.objects.filter(concept__slug="likelihood").exists()


def test_a_card_edited_in_the_admin_shows_on_the_concept_page_at_once(
    staff_client, make_tag, make_card
):
    tag = make_tag("likelihood")
    card = make_card(tag, formula="x^2")
    # A visitor's page is kept...
    visitor = Client()
    assert "<msup>" in visitor.get("/tags/likelihood/").content.decode()
    url = f"/admin/cards/definitioncard/{card.pk}/change/"
    data = admin_form_data(staff_client.get(url))
    data.update(definition_ko="새로 고친 정의입니다.", formula="\\frac{a}{b}")
    assert staff_client.post(url, data).status_code == 302
    # ...and the edit shows at once, the formula rendered again.
    html = visitor.get("/tags/likelihood/").content.decode()
    assert "새로 고친 정의입니다." in html and "<mfrac>" in html and "<msup>" not in html


def test_a_broken_or_hostile_formula_is_shown_safely(make_card):
    card = make_card(formula="\\text{<script>alert(1)</script>} \\frac{")
    assert "<script>" not in card.formula_html
    card = make_card(formula="\\href{javascript:alert(1)}{x}")
    assert "href=" not in card.formula_html and "<code" in card.formula_html  # as its source
