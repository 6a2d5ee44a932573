"""Small graphs for the concept map's tests: plain objects shaped like the rows the map reads."""

from types import SimpleNamespace

from hypothesis import strategies as st


def area(index: int, name_ko: str = "", name_en: str = "") -> SimpleNamespace:
    name_ko = name_ko or f"분야 {index}"
    return SimpleNamespace(
        id=index,
        slug=f"area-{index}",
        name=name_ko,
        name_ko=name_ko,
        name_en=name_en or f"Area {index}",
    )


def concept(
    index: int, area_id: int = 0, questions: int = 0, name: str = "", other: str | None = None
) -> SimpleNamespace:
    return SimpleNamespace(
        id=index,
        slug=f"c{index:03d}",
        name=name or f"개념 {index}",
        other_name=f"Concept {index}" if other is None else other,
        area_id=area_id,
        question_count=questions,
        url=f"/tags/c{index:03d}/",
    )


@st.composite
def graphs(draw, max_areas: int = 5, max_concepts: int = 30, max_links: int = 60):
    """(areas, concepts, links): links are `(concept, prerequisite)` pairs and may form cycles,
    point at themselves or repeat, as hand-edited data can."""
    n_areas = draw(st.integers(1, max_areas))
    n_concepts = draw(st.integers(1, max_concepts))
    areas = [area(i) for i in range(n_areas)]
    concepts = [
        concept(
            i,
            area_id=draw(st.integers(0, n_areas - 1)),
            questions=draw(st.sampled_from([0, 0, 1, 4, 30, 2500])),
        )
        for i in range(n_concepts)
    ]
    ids = st.integers(0, n_concepts - 1)
    links = draw(st.lists(st.tuples(ids, ids), max_size=max_links))
    return areas, concepts, links


@st.composite
def acyclic_graphs(draw, max_areas: int = 5, max_concepts: int = 30, max_links: int = 60):
    """Graphs whose links all point from a higher id to a lower one: no cycles."""
    areas, concepts, links = draw(graphs(max_areas, max_concepts, max_links))
    return areas, concepts, [(max(a, b), min(a, b)) for a, b in links if a != b]
