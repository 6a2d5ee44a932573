"""The concept map's labels: widths measured on the server, Korean and English names wrapped to
the column and cut with an ellipsis when they do not fit."""

import re
from pathlib import Path

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from apps.tags.conceptmap import build_concept_map, concept_map_for_site
from apps.tags.conceptmap.geometry import R_MAX
from apps.tags.conceptmap.labels import (
    LABEL_GAP,
    LABEL_MAX_W,
    LINE_H,
    OTHER_GAP,
    OTHER_SIZE,
    PRIMARY_SIZE,
    count_label,
    fit_text,
    label_lines,
    other_name,
    text_width,
    wrap_label,
)
from apps.tags.models import Area, ConceptTag
from apps.tags.seeding import seed_concepts
from tests.tags.conceptmap_graphs import area, concept

CSS = Path(__file__).resolve().parents[2] / "static" / "css" / "conceptmap.css"

# Hangul syllables and jamo, Latin letters, digits, Greek, punctuation and spaces.
label_text = st.text(
    alphabet=st.sampled_from(
        "가나다라마바사아자차카타파하힣ㄱㅏ abcdefgmwijlMWI0123456789αβΣ-/(),. "
    ),
    max_size=80,
)


# --- Measuring ---------------------------------------------------------------------------------
def test_a_hangul_syllable_is_almost_a_full_em():
    assert text_width("가", 10) == pytest.approx(9.2)
    assert text_width("가나다라", 10) == pytest.approx(4 * 9.2)
    assert text_width("ㄱ", 10) == pytest.approx(9.2)  # compatibility jamo are wide too
    assert text_width("Ａ", 10) == pytest.approx(9.2)  # full-width Latin


@pytest.mark.parametrize(
    "text, em",
    [
        *[(" ", 0.27), ("i", 0.28), ("(", 0.28), ("t", 0.38), ("-", 0.38), ("m", 0.85)],
        *[("W", 0.85), ("A", 0.66), ("7", 0.58), ("a", 0.54), ("α", 0.6), ("é", 0.6)],
    ],
)
def test_latin_widths_follow_the_letter_shapes(text, em):
    assert text_width(text, 10) == pytest.approx(em * 10)


def test_a_korean_name_is_wider_than_an_english_one_of_as_many_characters():
    assert text_width("경사하강법", PRIMARY_SIZE) > text_width("slope", PRIMARY_SIZE)
    assert text_width("", PRIMARY_SIZE) == 0


def test_width_scales_with_the_font_size():
    assert text_width("행렬 Matrix", 22) == pytest.approx(2 * text_width("행렬 Matrix", 11))


def test_the_sizes_match_the_stylesheet():
    css = CSS.read_text(encoding="utf-8")

    def font_size(selector: str) -> float:
        rule = re.search(re.escape(selector) + r"\s*\{([^}]*)\}", css)
        assert rule, selector
        return float(re.search(r"font-size:\s*([\d.]+)px", rule.group(1)).group(1))

    assert font_size(".cm-label-main") == PRIMARY_SIZE
    assert font_size(".cm-label-other") == OTHER_SIZE


# --- Cutting and wrapping ----------------------------------------------------------------------
def test_text_that_fits_is_left_alone():
    assert fit_text("행렬", PRIMARY_SIZE, LABEL_MAX_W) == "행렬"
    assert wrap_label("벡터", PRIMARY_SIZE, LABEL_MAX_W) == ["벡터"]


def test_text_that_does_not_fit_is_cut_with_an_ellipsis_and_no_space_before_it():
    cut = fit_text("Singular value decomposition", PRIMARY_SIZE, 100)
    assert cut.endswith("…") and not cut.endswith(" …")
    assert text_width(cut, PRIMARY_SIZE) <= 100
    assert "Singular value decomposition".startswith(cut[:-1])


def test_korean_wraps_between_words_not_inside_them():
    name = "확률적 경사 하강법의 수렴"
    lines = wrap_label(name, PRIMARY_SIZE, 80)
    assert len(lines) == 2
    assert " ".join(lines) == name
    assert all(text_width(line, PRIMARY_SIZE) <= 80 for line in lines)


def test_a_word_wider_than_the_line_is_broken_by_character():
    word = "가" * 15
    lines = wrap_label(word, PRIMARY_SIZE, LABEL_MAX_W)
    assert lines == ["가" * 10, "가" * 5]
    assert all(text_width(line, PRIMARY_SIZE) <= LABEL_MAX_W for line in lines)


def test_text_beyond_the_last_line_ends_in_an_ellipsis():
    lines = wrap_label("하나 둘 셋 넷 다섯 여섯 일곱 여덟 아홉 열", PRIMARY_SIZE, 60)
    assert len(lines) == 2
    assert lines[-1].endswith("…") and not lines[0].endswith("…")


def test_one_line_at_most_when_asked():
    assert wrap_label("Kullback Leibler divergence", PRIMARY_SIZE, 80, max_lines=1) == [
        fit_text("Kullback Leibler divergence", PRIMARY_SIZE, 80)
    ]


def test_spaces_are_collapsed_and_blank_names_have_no_lines():
    assert wrap_label("  교차 \n\t엔트로피  ", PRIMARY_SIZE, LABEL_MAX_W) == ["교차 엔트로피"]
    assert wrap_label(" \n ", PRIMARY_SIZE, LABEL_MAX_W) == []


@settings(max_examples=200, deadline=None)
@given(
    text=label_text, max_w=st.sampled_from([40.0, 80.0, LABEL_MAX_W]), max_lines=st.integers(1, 3)
)
def test_every_wrapped_line_fits_and_nothing_is_reordered(text, max_w, max_lines):
    lines = wrap_label(text, PRIMARY_SIZE, max_w, max_lines)
    words = text.split()
    assert bool(lines) == bool(words)
    assert len(lines) <= max_lines
    for line in lines:
        assert line and line == line.strip()
        assert text_width(line, PRIMARY_SIZE) <= max_w
    if lines and not lines[-1].endswith("…"):
        # Nothing was cut: the lines hold every character, in order.
        assert "".join(lines).replace(" ", "") == "".join(words)
    elif lines:
        kept = "".join(lines)[:-1].replace(" ", "")
        assert "".join(words).startswith(kept)


# --- Names -------------------------------------------------------------------------------------
def test_the_other_name_is_the_row_s_own_when_it_has_one():
    assert other_name(concept(1, other="Vector")) == "Vector"
    assert other_name(concept(1, other="")) == ""


def test_the_other_name_of_a_model_follows_the_reader_s_language():
    algebra = Area(slug="linear-algebra", name_ko="선형대수", name_en="Linear algebra")
    vector = ConceptTag(slug="vector", name_ko="벡터", name_en="Vector")
    assert (algebra.name, other_name(algebra)) == ("선형대수", "Linear algebra")
    assert other_name(vector) == "Vector"
    with translation.override("en"):
        assert (algebra.name, other_name(algebra)) == ("Linear algebra", "선형대수")
        assert other_name(vector) == "벡터"


@pytest.mark.parametrize(
    "count, label",
    [
        *[(-1, ""), (0, ""), (7, "7"), (999, "999"), (1000, "1k"), (1050, "1.1k")],
        *[(1500, "1.5k"), (9_940, "9.9k"), (10_000, "10k"), (12_345, "12k"), (250_000, "250k")],
    ],
)
def test_counts_are_short_enough_for_a_small_circle(count, label):
    assert count_label(count) == label


# --- A concept's lines -------------------------------------------------------------------------
def test_the_other_language_sits_one_gap_below_the_name():
    lines = label_lines("벡터", "Vector", cy=100.0)
    first = 100.0 + R_MAX + LABEL_GAP
    assert [(line.text, line.y, line.primary) for line in lines] == [
        ("벡터", first, True),
        ("Vector", first + OTHER_GAP, False),
    ]


def test_a_two_line_name_pushes_the_other_language_down():
    lines = label_lines("아주 긴 이름을 가진 개념 하나", "A long name", cy=100.0)
    main = [line for line in lines if line.primary]
    other = [line for line in lines if not line.primary]
    assert len(main) == 2 and len(other) == 1
    assert main[1].y == pytest.approx(main[0].y + LINE_H, abs=0.05)
    assert other[0].y == pytest.approx(main[1].y + OTHER_GAP, abs=0.05)


@pytest.mark.parametrize("other", ["", "벡터"])
def test_no_second_line_when_there_is_no_other_name(other):
    lines = label_lines("벡터", other, cy=50.0)
    assert [line.text for line in lines] == ["벡터"]


def test_the_other_language_is_one_line_cut_to_the_column():
    other = "Maximum a posteriori estimation with conjugate priors"
    (_main, line) = label_lines("최대 사후 확률", other, cy=0.0)
    assert line.text.endswith("…")
    assert text_width(line.text, OTHER_SIZE) <= LABEL_MAX_W
    assert label_lines("x", "  a  \n b ", cy=0.0)[1].text == "a b"


@settings(max_examples=100, deadline=None)
@given(name=label_text.filter(str.strip), other=label_text)
def test_every_label_line_fits_its_column(name, other):
    cmap = build_concept_map([area(0)], [concept(1, name=name, other=other)], [])
    (node,) = cmap.nodes
    sizes = {True: PRIMARY_SIZE, False: OTHER_SIZE}
    for line in node.lines:
        assert text_width(line.text, sizes[line.primary]) <= LABEL_MAX_W
        assert node.hit_y < line.y < node.hit_y + node.hit_height  # inside the clickable cell
    assert sum(line.primary for line in node.lines) <= 2
    assert sum(not line.primary for line in node.lines) <= 1


# --- The curated concepts ----------------------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ko", "en"])
def test_the_curated_concepts_labels_fit_and_keep_words_whole(language):
    seed_concepts()
    names = {tag.slug: (tag.name_ko, tag.name_en) for tag in ConceptTag.objects.all()}
    with translation.override(language):
        cmap = concept_map_for_site()
    assert len(cmap.nodes) == len(names)
    for node in cmap.nodes:
        name_ko, name_en = names[node.slug]
        first, second = (name_ko, name_en) if language == "ko" else (name_en, name_ko)
        assert (node.name, node.other_name) == (first, second)
        main = [line.text for line in node.lines if line.primary]
        assert main and all(text_width(t, PRIMARY_SIZE) <= LABEL_MAX_W for t in main)
        if not main[-1].endswith("…"):
            # Wrapped at spaces only: every word of the name is on one line, whole.
            assert " ".join(main) == " ".join(first.split())
        others = [line.text for line in node.lines if not line.primary]
        assert others == [fit_text(second, OTHER_SIZE, LABEL_MAX_W)]
