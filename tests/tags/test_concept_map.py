import re
import xml.etree.ElementTree as ET
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from apps.tags.conceptmap import (
    EMPTY_FILL,
    PALETTE,
    PRIMARY_SIZE,
    build_concept_map,
    concept_map_for_site,
    radius_for,
    text_width,
    wrap_label,
)
from apps.tags.models import Area, ConceptTag
from tests.conftest import caches_clear

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
URL = "/concepts/map/"


def get_svg(client) -> tuple[str, ET.Element]:
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    match = re.search(
        r'<svg xmlns="http://www.w3.org/2000/svg" class="cm-svg".*?</svg>', html, re.S
    )
    assert match, "the map's SVG is in the page"
    return match.group(0), ET.fromstring(match.group(0))


def classed(root: ET.Element, tag: str, cls: str) -> list[ET.Element]:
    return [el for el in root.iter(SVG + tag) if cls in el.get("class", "").split()]


def node_links(root: ET.Element) -> dict[str, ET.Element]:
    return {a.get("href"): a for a in classed(root, "a", "cm-link")}


@pytest.fixture
def areas(db):
    return [
        Area.objects.create(slug="linear-algebra", name_ko="선형대수", name_en="Linear algebra"),
        Area.objects.create(
            slug="probability", name_ko="확률론", name_en="Probability", position=1
        ),
    ]


@pytest.fixture
def small_graph(make_tag, areas):
    """vector → matrix → eigen; probability → likelihood; matrix → likelihood."""
    linalg, prob = areas
    vector = make_tag("vector", name_ko="벡터", name_en="Vector", area=linalg)
    matrix = make_tag("matrix", name_ko="행렬", name_en="Matrix", area=linalg)
    eigen = make_tag("eigen", name_ko="고윳값", name_en="Eigenvalue", area=linalg)
    probability = make_tag("probability", name_ko="확률", name_en="Probability", area=prob)
    likelihood = make_tag("likelihood", name_ko="가능도", name_en="Likelihood", area=prob)
    matrix.prerequisites.add(vector)
    eigen.prerequisites.add(matrix)
    likelihood.prerequisites.add(probability, matrix)
    return {t.slug: t for t in (vector, matrix, eigen, probability, likelihood)}


def make_chain(make_tag, areas, n: int) -> None:
    tags = [make_tag(f"c{i:02d}", area=areas[i % len(areas)], question_count=i) for i in range(n)]
    for i, tag in enumerate(tags[1:], start=1):
        tag.prerequisites.add(*tags[max(0, i - 3) : i : 2])


def test_the_map_page_shows_an_svg_that_parses_as_xml(client, small_graph):
    _svg, root = get_svg(client)
    assert root.tag == SVG + "svg"
    assert root.get("viewBox").startswith("0 0 ")
    title = root.find(SVG + "title")
    assert title is not None and title.text
    assert root.get("aria-labelledby") == title.get("id")
    assert root.find(SVG + "desc") is not None


def test_one_node_per_concept_each_linking_to_its_tag_page(client, small_graph):
    _svg, root = get_svg(client)
    links = node_links(root)
    assert len(classed(root, "a", "cm-link")) == len(small_graph)
    assert set(links) == {reverse("tags:detail", args=[slug]) for slug in small_graph}
    for slug, tag in small_graph.items():
        link = links[f"/tags/{slug}/"]
        # Named by what it shows (both names), described by its area and question count.
        shown = "".join(link.itertext())
        assert tag.name_ko in shown.replace("\n", "") or tag.name_ko.replace(" ", "") in shown
        assert link.get("aria-label") is None
        description = next(child for child in link if child.tag.endswith("desc"))
        assert "질문" in description.text or "question" in description.text


def test_one_edge_per_prerequisite_link(client, small_graph):
    _svg, root = get_svg(client)
    edges = classed(root, "path", "cm-edge")
    assert len(edges) == ConceptTag.prerequisites.through.objects.count() == 4
    assert all(edge.get("d").startswith("M") and "C" in edge.get("d") for edge in edges)


def test_prerequisites_sit_left_of_the_concepts_that_build_on_them(small_graph):
    cmap = concept_map_for_site()
    x = {node.slug: node.x for node in cmap.nodes}
    assert x["vector"] < x["matrix"] < x["eigen"]
    assert x["probability"] < x["likelihood"] and x["matrix"] < x["likelihood"]
    edges = {(e.source_id, e.target_id) for e in cmap.edges}
    ids = {slug: tag.id for slug, tag in small_graph.items()}
    assert (ids["vector"], ids["matrix"]) in edges  # drawn from prerequisite to dependent


def test_areas_are_bands_in_position_order(client, small_graph):
    cmap = concept_map_for_site()
    assert [b.slug for b in cmap.bands] == ["linear-algebra", "probability"]
    first, second = cmap.bands
    assert first.y + first.height <= second.y
    for node in cmap.nodes:
        band = first if node.area_slug == "linear-algebra" else second
        assert band.y < node.y < band.y + band.height


def test_a_concept_with_more_questions_gets_a_bigger_circle(client, small_graph):
    ConceptTag.objects.filter(slug="matrix").update(question_count=40)
    ConceptTag.objects.filter(slug="eigen").update(question_count=3)
    _svg, root = get_svg(client)
    links = node_links(root)

    def radius(slug):
        (dot,) = classed(links[f"/tags/{slug}/"], "circle", "cm-dot")
        return float(dot.get("r")), dot.get("fill")

    assert radius("matrix")[0] > radius("eigen")[0] > radius("vector")[0]
    assert radius("vector")[1] == EMPTY_FILL  # no questions yet: hollow
    assert radius_for(10_000, 40) == radius_for(40, 40)


def test_the_page_costs_the_same_queries_for_3_or_30_concepts(
    client, make_tag, areas, django_assert_max_num_queries
):
    make_chain(make_tag, areas, 3)
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL).status_code == 200
    ConceptTag.objects.all().delete()
    make_chain(make_tag, areas, 30)
    caches_clear()  # the rows were changed behind the services' back: as after a restart
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL)
    assert response.status_code == 200
    assert len(few) == len(many) == 3
    assert response.content.decode().count('class="cm-link"') == 30
    with django_assert_max_num_queries(0):  # laid out once, then served from the cache
        assert client.get(URL).status_code == 200


def test_concept_names_are_escaped(client, make_tag, areas):
    make_tag("xss", name_ko="<script>alert(1)</script>", name_en='"><img src=x onerror=alert(1)>')
    html = client.get(URL).content.decode()
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;" in html
    _svg, root = get_svg(client)  # still well-formed
    assert len(node_links(root)) == 1


def test_the_page_has_no_inline_script_or_style_attributes(client, small_graph):
    html = client.get(URL).content.decode()
    assert " style=" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert "<style" not in html


def test_the_legend_names_every_area_and_the_page_links_to_the_list(client, small_graph):
    html = client.get(URL).content.decode()
    legend = html[html.index('class="cm-legend"') : html.index('class="cm-frame"')]
    assert "선형대수" in legend and "확률론" in legend
    assert 'href="/tags/"' in html


def test_the_layout_is_deterministic(client, small_graph):
    first, _ = get_svg(client)
    second, _ = get_svg(client)
    assert first == second
    areas = list(Area.objects.all())
    tags = list(ConceptTag.objects.all())
    edges = list(
        ConceptTag.prerequisites.through.objects.values_list(
            "from_concepttag_id", "to_concepttag_id"
        )
    )
    assert build_concept_map(areas, tags, edges) == build_concept_map(
        areas, tags[::-1], edges[::-1]
    )


def test_an_empty_site_shows_a_message(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert 'class="cm-svg"' not in response.content.decode()


def test_a_prerequisite_cycle_still_draws_every_node_and_link(client, make_tag, areas):
    a = make_tag("a", area=areas[0])
    b = make_tag("b", area=areas[0])
    c = make_tag("c", area=areas[0])
    a.prerequisites.add(c)
    b.prerequisites.add(a)
    c.prerequisites.add(b)
    _svg, root = get_svg(client)
    assert len(node_links(root)) == 3
    assert len(classed(root, "path", "cm-edge")) == 3


def test_english_ui_puts_the_english_name_first(small_graph):
    with translation.override("en"):
        cmap = concept_map_for_site()
    vector = next(n for n in cmap.nodes if n.slug == "vector")
    assert [line.text for line in vector.lines] == ["Vector", "벡터"]
    assert cmap.bands[0].name == "Linear algebra"


def test_labels_wrap_to_at_most_two_lines(make_tag, areas):
    make_tag(
        "long",
        name_ko="아주 긴 이름을 가진 개념 하나가 여기에 있습니다 정말로 깁니다",
        name_en="A concept with an extraordinarily long English name indeed",
        area=areas[0],
    )
    (node,) = concept_map_for_site().nodes
    main = [line for line in node.lines if line.primary]
    assert len(main) == 2 and main[-1].text.endswith("…")
    assert len(node.lines) == 3
    assert wrap_label("벡터", PRIMARY_SIZE, 130) == ["벡터"]
    assert all(text_width(t, PRIMARY_SIZE) <= 130 for t in wrap_label("가" * 40, PRIMARY_SIZE, 130))


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize("colour, dark, tint", PALETTE)
def test_palette_text_meets_wcag_aa(colour, dark, tint):
    ink, ink_soft = "#1c2330", "#4f5a6b"
    assert contrast("#ffffff", colour) >= 4.5  # question count inside a filled circle
    assert contrast(dark, tint) >= 4.5  # area name on its band
    assert contrast(ink, tint) >= 4.5  # concept names on the band
    assert contrast(ink_soft, tint) >= 4.5  # other-language names
    assert contrast(colour, tint) >= 3  # a hollow circle's outline against its band


def fake_graph(n_areas: int, n_tags: int, edges: list[tuple[int, int]]):
    areas = [
        SimpleNamespace(id=a, slug=f"a{a}", name=f"분야 {a}", name_ko=f"분야 {a}", name_en=f"A{a}")
        for a in range(n_areas)
    ]
    tags = [
        SimpleNamespace(
            id=t,
            slug=f"t{t:03d}",
            name=f"개념 {t}",
            other_name=f"Concept {t}",
            area_id=(t * 7) % n_areas,
            question_count=(t * 13) % 9,
            url=f"/tags/t{t:03d}/",
        )
        for t in range(n_tags)
    ]
    return areas, tags, edges


@settings(max_examples=60, deadline=None)
@given(
    n_areas=st.integers(1, 6),
    n_tags=st.integers(1, 40),
    raw_edges=st.lists(st.tuples(st.integers(0, 39), st.integers(0, 39)), max_size=80),
)
def test_any_graph_gets_one_non_overlapping_node_per_concept(n_areas, n_tags, raw_edges):
    edges = [(a, b) for a, b in raw_edges if a < n_tags and b < n_tags]
    cmap = build_concept_map(*fake_graph(n_areas, n_tags, edges))
    assert len(cmap.nodes) == n_tags
    assert len({(n.x, n.y) for n in cmap.nodes}) == n_tags
    assert len(cmap.edges) == len({(a, b) for a, b in edges if a != b})
    x = {n.id: n.x for n in cmap.nodes}
    for edge in cmap.edges:
        assert edge.back or x[edge.source_id] < x[edge.target_id]
    for node in cmap.nodes:
        assert 0 < node.x < cmap.width and 0 < node.y < cmap.height
        assert sum(line.primary for line in node.lines) <= 2
