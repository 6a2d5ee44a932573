"""The curated concept-tag data (apps/tags/data) is consistent with itself and with D2L.

Pure Python on purpose: no database, no models. These files are hand-edited, so every rule a
reviewer would check by eye (a link that really exists, a prerequisite that really is a concept,
no cycles) is checked here instead.
"""

import csv
import json
import re
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "apps" / "tags" / "data"
NOTES = ROOT / "apps" / "masterclass" / "seed_data" / "masterclass-notes.md"

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

REQUIRED_AREAS = {
    "linear-algebra",
    "probability",
    "statistics",
    "calculus",
    "optimization",
    "information-theory",
    "machine-learning",
    "deep-learning",
    "recommender-systems",
    "reinforcement-learning",
}

REQUIRED_CONCEPTS = {
    "linear-algebra",
    "vector",
    "matrix",
    "rank",
    "eigendecomposition",
    "singular-value-decomposition",
    "norm",
    "calculus",
    "derivative",
    "gradient",
    "chain-rule",
    "gradient-descent",
    "stochastic-gradient-descent",
    "convexity",
    "optimization",
    "probability",
    "random-variable",
    "expectation",
    "variance",
    "likelihood",
    "maximum-likelihood-estimation",
    "bayes-theorem",
    "bayesian-inference",
    "distributions",
    "naive-bayes",
    "statistics",
    "hypothesis-testing",
    "entropy",
    "cross-entropy",
    "kl-divergence",
    "softmax-regression",
    "linear-regression",
    "overfitting-regularization",
    "mlp",
    "cnn",
    "rnn",
    "attention",
    "transformer",
    "recommender-systems",
    "matrix-factorization",
    "collaborative-filtering",
    "bandits",
    "reinforcement-learning",
    "mdp",
    "q-learning",
    "causality",
}

# Areas added with the study paths by field (issue 17): their concepts would crowd deep learning.
FIELD_AREAS = {"computer-vision", "nlp", "generative-models"}

# Concepts the six study paths need beyond the agreed ones.
PATH_CONCEPTS = {
    "convolution",
    "backpropagation",
    "embedding",
    "word-embedding",
    "tokenization",
    "language-model",
    "beam-search",
    "bellman-equation",
    "policy-gradient",
    "potential-outcomes",
    "confounding",
    "causal-graph",
    "propensity-score",
    "vae",
    "gan",
    "diffusion-model",
    "normalizing-flow",
    "gaussian-distribution",
    "markov-chain",
}

# D2L has no section on these; their links may only be "closest" pages.
NO_D2L_SECTION = {
    "bandits",
    "singular-value-decomposition",
    "causality",
    "potential-outcomes",
    "confounding",
    "causal-graph",
    "propensity-score",
    "policy-gradient",
    "vae",
    "diffusion-model",
    "normalizing-flow",
}

# ConceptTag.aliases is a comma-separated CharField(max_length=300).
ALIASES_MAX_CHARS = 300


def _load_json(name: str):
    return json.loads((DATA / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def data() -> dict:
    return _load_json("concepts.json")


@pytest.fixture(scope="module")
def concepts(data) -> list[dict]:
    return data["concepts"]


@pytest.fixture(scope="module")
def by_slug(concepts) -> dict[str, dict]:
    return {c["slug"]: c for c in concepts}


@pytest.fixture(scope="module")
def d2l_rows() -> dict[str, dict[str, dict]]:
    """lang -> url -> row of the project's copy of d2l_sections.tsv."""
    rows: dict[str, dict[str, dict]] = {"en": {}, "ko": {}}
    with (DATA / "d2l_sections.tsv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            rows[row["lang"]][row["url"]] = row
    return rows


@pytest.fixture(scope="module")
def masterclass_headings() -> list[str]:
    lines = NOTES.read_text(encoding="utf-8").splitlines()
    return [line[4:].strip() for line in lines if line.startswith("### ")]


def _all_links(concepts):
    for concept in concepts:
        for position, link in enumerate(concept["links"]):
            yield concept["slug"], position, link


# ----------------------------------------------------------------------------- D2L copy


def test_d2l_sections_copy_lists_both_editions(d2l_rows):
    assert len(d2l_rows["en"]) > 150
    assert len(d2l_rows["ko"]) > 150
    assert all(url.startswith("https://d2l.ai/") for url in d2l_rows["en"])
    assert all(url.startswith("https://ko.d2l.ai/") for url in d2l_rows["ko"])


# ----------------------------------------------------------------------------- areas


def test_there_are_at_least_eight_areas_with_unique_well_formed_slugs(data):
    slugs = [area["slug"] for area in data["areas"]]
    assert len(slugs) >= 8
    assert [s for s, n in Counter(slugs).items() if n > 1] == []
    assert [s for s in slugs if not SLUG_RE.match(s)] == []


def test_the_agreed_area_slugs_are_all_present(data):
    slugs = {area["slug"] for area in data["areas"]}
    assert REQUIRED_AREAS - slugs == set()
    # Beyond the agreed ten, only the fields the study paths (apps/paths) brought in.
    assert slugs - REQUIRED_AREAS <= FIELD_AREAS


def test_every_area_has_names_in_both_languages(data):
    for area in data["areas"]:
        assert area["name_ko"].strip(), area
        assert area["name_en"].strip(), area


def test_every_concept_area_is_defined_and_every_area_has_two_concepts(data, concepts):
    areas = {area["slug"] for area in data["areas"]}
    undefined = {c["slug"]: c["area"] for c in concepts if c["area"] not in areas}
    assert undefined == {}
    per_area = Counter(c["area"] for c in concepts)
    thin = {area: per_area[area] for area in areas if per_area[area] < 2}
    assert thin == {}


# ----------------------------------------------------------------------------- concepts


def test_there_are_at_least_eighty_concepts(concepts):
    assert len(concepts) >= 80


def test_the_concepts_the_study_paths_need_are_present(by_slug):
    assert PATH_CONCEPTS - set(by_slug) == set()


def test_no_name_or_alias_names_two_concepts(concepts):
    # A name typed in the tags field must mean one concept.
    owners: dict[str, set[str]] = {}
    for concept in concepts:
        for name in (concept["slug"], concept["name_ko"], concept["name_en"], *concept["aliases"]):
            owners.setdefault(name.casefold(), set()).add(concept["slug"])
    assert {name: slugs for name, slugs in owners.items() if len(slugs) > 1} == {}


def test_concept_slugs_are_unique_and_well_formed(concepts):
    slugs = [c["slug"] for c in concepts]
    assert [s for s, n in Counter(slugs).items() if n > 1] == []
    assert [s for s in slugs if not SLUG_RE.match(s)] == []


def test_the_agreed_concepts_are_all_present(by_slug):
    assert REQUIRED_CONCEPTS - set(by_slug) == set()


def test_every_concept_has_names_and_descriptions_in_both_languages(concepts):
    for concept in concepts:
        for field in ("name_ko", "name_en", "description_ko", "description_en"):
            value = concept[field]
            assert isinstance(value, str), (concept["slug"], field)
            assert value.strip(), (concept["slug"], field)
        assert len(concept["name_ko"]) <= 60, concept["slug"]
        assert len(concept["name_en"]) <= 60, concept["slug"]
        # The Korean fields must actually be Korean.
        assert re.search(r"[가-힣]", concept["name_ko"]), concept["slug"]
        assert re.search(r"[가-힣]", concept["description_ko"]), concept["slug"]


def test_aliases_are_short_distinct_strings_that_fit_the_model(concepts):
    for concept in concepts:
        aliases = concept["aliases"]
        assert isinstance(aliases, list), concept["slug"]
        assert all(isinstance(a, str) and a.strip() == a and a for a in aliases), concept["slug"]
        assert all("," not in a for a in aliases), "aliases are stored comma-separated"
        assert len({a.casefold() for a in aliases}) == len(aliases), concept["slug"]
        assert len(", ".join(aliases)) <= ALIASES_MAX_CHARS, concept["slug"]


# ----------------------------------------------------------------------------- links


def test_every_concept_has_one_to_three_distinct_links(concepts):
    for concept in concepts:
        urls = [link["url_en"] for link in concept["links"]]
        assert 1 <= len(urls) <= 3, concept["slug"]
        assert len(set(urls)) == len(urls), concept["slug"]


def test_every_english_link_is_a_d2l_section_with_its_exact_number_and_title(concepts, d2l_rows):
    wrong = []
    for slug, position, link in _all_links(concepts):
        row = d2l_rows["en"].get(link["url_en"])
        if row is None:
            wrong.append((slug, position, "unknown url_en", link["url_en"]))
        elif (row["section_number"], row["title"]) != (link["section"], link["title_en"]):
            wrong.append((slug, position, row["section_number"], row["title"]))
    assert wrong == []


def test_every_korean_link_is_a_korean_d2l_page_with_our_own_title(concepts, d2l_rows):
    wrong = []
    for slug, position, link in _all_links(concepts):
        url_ko, title_ko = link["url_ko"], link["title_ko"]
        if url_ko is None:
            if title_ko is not None:
                wrong.append((slug, position, "title_ko without url_ko"))
        elif url_ko not in d2l_rows["ko"]:
            wrong.append((slug, position, "unknown url_ko", url_ko))
        elif not (isinstance(title_ko, str) and re.search(r"[가-힣A-Za-z]", title_ko)):
            wrong.append((slug, position, "missing title_ko"))
    assert wrong == []


def test_korean_titles_do_not_reuse_known_machine_translation_errors(concepts):
    # D2L-ko's titles are machine translated; these are the ones that mean something else.
    bad = ("그라데이션", "배포판", "유통 변화", "고유 컴포지션", "최대화 가능성", "추천인", "예선")
    found = [
        (slug, link["title_ko"])
        for slug, _, link in _all_links(concepts)
        if link["title_ko"] and any(b in link["title_ko"] for b in bad)
    ]
    assert found == []


def test_closest_is_a_boolean_and_marks_the_concepts_d2l_does_not_teach(by_slug):
    for concept in by_slug.values():
        assert all(isinstance(link["closest"], bool) for link in concept["links"])
    for slug in NO_D2L_SECTION:
        links = by_slug[slug]["links"]
        assert links, slug
        assert all(link["closest"] for link in links), slug


# ----------------------------------------------------------------------------- prerequisites


def test_prerequisites_are_known_concepts_without_self_loops(by_slug):
    for slug, concept in by_slug.items():
        prereqs = concept["prerequisites"]
        assert len(prereqs) <= 3, slug
        assert len(set(prereqs)) == len(prereqs), slug
        assert slug not in prereqs, slug
        assert set(prereqs) <= set(by_slug), (slug, set(prereqs) - set(by_slug))


def test_prerequisite_graph_is_acyclic(by_slug):
    # Kahn's algorithm: whatever cannot be removed sits on (or behind) a cycle.
    remaining = {slug: set(c["prerequisites"]) & set(by_slug) for slug, c in by_slug.items()}
    while True:
        ready = [slug for slug, prereqs in remaining.items() if not prereqs]
        if not ready:
            break
        for slug in ready:
            del remaining[slug]
        for prereqs in remaining.values():
            prereqs.difference_update(ready)
    assert remaining == {}, f"cycle among {sorted(remaining)}"


# ----------------------------------------------------------------------------- master class


def test_the_notes_have_twelve_sections(masterclass_headings):
    assert len(masterclass_headings) == 12
    assert len(set(masterclass_headings)) == 12


def test_masterclass_tags_cover_exactly_the_twelve_headings(masterclass_headings):
    tags = _load_json("masterclass_tags.json")
    assert len(tags) == 12
    assert set(tags) == set(masterclass_headings)


def test_every_masterclass_thread_has_one_to_five_known_tags(by_slug):
    tags = _load_json("masterclass_tags.json")
    for heading, slugs in tags.items():
        assert isinstance(slugs, list), heading
        assert 1 <= len(slugs) <= 5, heading
        assert len(set(slugs)) == len(slugs), heading
        assert set(slugs) <= set(by_slug), (heading, set(slugs) - set(by_slug))
