"""The curated study paths (apps/paths/data/paths.json) are consistent with the concepts.

Pure Python, no database: the file is hand-edited, so what a reviewer would check by eye is
checked here."""

import json
import re
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PATHS = json.loads((ROOT / "apps/paths/data/paths.json").read_text(encoding="utf-8"))["paths"]
CONCEPTS = json.loads((ROOT / "apps/tags/data/concepts.json").read_text(encoding="utf-8"))

FIELDS = {
    "recommender-systems",
    "computer-vision",
    "natural-language-processing",
    "reinforcement-learning",
    "causal-inference",
    "generative-models",
}


def test_the_six_fields_each_have_one_path():
    slugs = [path["slug"] for path in PATHS]
    assert [s for s, n in Counter(slugs).items() if n > 1] == []
    assert set(slugs) >= FIELDS


@pytest.mark.parametrize("path", PATHS, ids=lambda path: path["slug"])
def test_a_path_has_8_to_16_distinct_known_concepts(path):
    known = {concept["slug"] for concept in CONCEPTS["concepts"]}
    tags = [step["tag"] for step in path["steps"]]
    assert 8 <= len(tags) <= 16
    assert len(set(tags)) == len(tags)
    assert set(tags) - known == set()


@pytest.mark.parametrize("path", PATHS, ids=lambda path: path["slug"])
def test_a_path_and_each_step_say_why_in_korean_and_english(path):
    for field in ("name_ko", "name_en", "description_ko", "description_en"):
        assert path[field].strip(), field
    assert re.search(r"[가-힣]", path["name_ko"] + path["description_ko"])
    for step in path["steps"]:
        assert re.search(r"[가-힣]", step["why_ko"]), step["tag"]
        assert step["why_en"].strip() and not re.search(r"[가-힣]", step["why_en"]), step["tag"]
