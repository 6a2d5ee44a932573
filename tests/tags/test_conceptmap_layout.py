"""The concept map's layout: depth columns, cells in bands, circles. Pure: no database."""

import random

import pytest
from hypothesis import given, settings

from apps.tags.conceptmap import build_concept_map
from apps.tags.conceptmap.geometry import (
    AXIS_H,
    BAND_GAP,
    BAND_HEADER,
    BAND_PAD_BOTTOM,
    BOTTOM_PAD,
    COL_W,
    LANE_H,
    PAD_X,
    R_MAX,
    R_MIN,
)
from apps.tags.conceptmap.layout import (
    MAX_SHIFT,
    PALETTE,
    heights,
    lay_out,
    levels,
    radius_for,
    read_graph,
    size_samples,
)
from tests.tags.conceptmap_graphs import acyclic_graphs, area, concept, graphs


def layout_of(areas, concepts, links):
    return lay_out(read_graph(areas, concepts, links))


def cell(layout, node: int) -> tuple[int, int, int]:
    return layout.graph.rank(node), layout.column[node], layout.lane[node]


# --- Reading the rows --------------------------------------------------------------------------
def test_reading_drops_concepts_of_unknown_areas_self_links_and_dangling_links():
    graph = read_graph(
        [area(0)],
        [concept(1), concept(2), concept(3, area_id=7)],
        [(2, 1), (2, 1), (1, 1), (2, 3), (9, 1)],
    )
    assert graph.order == [1, 2]
    assert graph.links == [(1, 2)]  # (prerequisite, concept), once
    assert graph.prereqs == {1: [], 2: [1]}


def test_concepts_are_read_in_area_order_then_by_slug():
    graph = read_graph(
        [area(5), area(3)],
        [concept(1, area_id=3), concept(4, area_id=5), concept(2, area_id=5)],
        [],
    )
    assert graph.order == [2, 4, 1]
    assert [graph.rank(node) for node in graph.order] == [0, 0, 1]


# --- Depth -------------------------------------------------------------------------------------
def test_depth_is_the_longest_chain_of_prerequisites():
    # 1 → 2 → 3, and 1 → 3 directly: 3 is still two steps deep.
    topo, level, back = levels([1, 2, 3, 4], {1: [], 2: [1], 3: [1, 2], 4: []})
    assert level == {1: 0, 2: 1, 3: 2, 4: 0}
    assert back == set()
    assert topo.index(1) < topo.index(2) < topo.index(3)


def test_ties_keep_the_input_order():
    topo, _level, _back = levels([3, 1, 2], {3: [], 1: [], 2: []})
    assert topo == [3, 1, 2]


def test_a_cycle_is_broken_at_one_link_and_every_concept_gets_a_depth():
    # 1 needs 3, 2 needs 1, 3 needs 2: one link must go.
    topo, level, back = levels([1, 2, 3], {1: [3], 2: [1], 3: [2]})
    assert back == {(3, 1)}  # released: the first of the equally blocked concepts
    assert level == {1: 0, 2: 1, 3: 2}
    assert sorted(topo) == [1, 2, 3]


def test_a_cycle_releases_the_concept_with_the_fewest_unresolved_prerequisites():
    # 1 ⇄ 2, and 1 also needs 3, which needs 2: 2 is blocked by one link, 1 and 3 by more.
    _topo, level, back = levels([1, 2, 3], {1: [2, 3], 2: [1], 3: [2]})
    assert back == {(1, 2)}
    assert level[2] == 0 and level[3] == 1 and level[1] == 2


def test_height_is_the_longest_chain_that_builds_on_a_concept():
    prereqs = {1: [], 2: [1], 3: [2], 4: [1]}
    topo, _level, back = levels([1, 2, 3, 4], prereqs)
    assert heights(topo, prereqs, back) == {1: 2, 2: 1, 3: 0, 4: 0}


# --- Cells -------------------------------------------------------------------------------------
def test_one_concept_sits_in_the_first_cell():
    layout = layout_of([area(0)], [concept(1)], [])
    assert (layout.column, layout.lane, layout.level) == ({1: 0}, {1: 0}, {1: 0})
    assert layout.columns == 1
    assert layout.width == 2 * PAD_X + COL_W
    x, y, r = layout.centres[1]
    assert x == PAD_X + COL_W / 2
    assert y == AXIS_H + BAND_HEADER + R_MAX + 2
    assert r == R_MIN  # no questions


def test_an_empty_map_still_has_room_for_the_axis():
    layout = layout_of([area(0)], [], [])
    assert layout.bands == [] and layout.centres == {}
    assert layout.columns == 1
    assert layout.height == AXIS_H + 40


def test_two_foundations_with_no_slack_share_a_column_in_two_lanes():
    layout = layout_of([area(0)], [concept(1), concept(2)], [])
    assert layout.column == {1: 0, 2: 0}
    assert sorted(layout.lane.values()) == [0, 1]
    (band,) = layout.bands
    assert band.height == BAND_HEADER + 2 * LANE_H + BAND_PAD_BOTTOM


def test_a_concept_with_slack_moves_right_rather_than_open_a_lane():
    # 1 → 2 makes the map two columns wide; 3 builds on nothing and nothing builds on it.
    layout = layout_of([area(0)], [concept(1), concept(2), concept(3)], [(2, 1)])
    assert (layout.column[1], layout.lane[1]) == (0, 0)
    assert (layout.column[3], layout.lane[3]) == (1, 0)
    assert layout.column[2] == 1  # right of its prerequisite, in the lane 3 left free


def test_a_concept_never_moves_past_where_its_dependents_fit():
    # Two chains of two: each foundation must stay in column 0 for its dependent to follow.
    layout = layout_of([area(0)], [concept(i) for i in range(1, 5)], [(2, 1), (4, 3)])
    assert layout.column == {1: 0, 2: 1, 3: 0, 4: 1}
    assert layout.columns == 2


def test_concepts_of_different_areas_may_share_a_column_and_lane():
    layout = layout_of([area(0), area(1)], [concept(1, area_id=0), concept(2, area_id=1)], [])
    assert (layout.column, layout.lane) == ({1: 0, 2: 0}, {1: 0, 2: 0})
    assert layout.centres[1][0] == layout.centres[2][0]
    assert layout.centres[1][1] < layout.centres[2][1]


@settings(max_examples=80, deadline=None)
@given(graphs())
def test_no_two_concepts_share_a_cell_and_every_link_points_right(graph):
    layout = layout_of(*graph)
    nodes = layout.graph.order
    assert len({cell(layout, n) for n in nodes}) == len(nodes)
    for pre, node in layout.graph.links:
        if (pre, node) not in layout.back:
            assert layout.column[pre] < layout.column[node]
    for node in nodes:
        assert layout.column[node] >= layout.level[node]  # never left of its depth
        assert layout.column[node] < layout.columns
        placed_after = [
            layout.column[p] + 1 for p in layout.graph.prereqs[node] if (p, node) not in layout.back
        ]
        assert layout.column[node] <= max(placed_after, default=0) + MAX_SHIFT


@settings(max_examples=60, deadline=None)
@given(acyclic_graphs())
def test_without_cycles_no_link_is_dropped(graph):
    layout = layout_of(*graph)
    assert layout.back == set()


@settings(max_examples=80, deadline=None)
@given(graphs())
def test_boxes_do_not_overlap_and_stay_in_their_band(graph):
    cmap = build_concept_map(*graph)
    boxes = [(n.hit_x, n.hit_y, n.hit_x + n.hit_width, n.hit_y + n.hit_height) for n in cmap.nodes]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)
    bands = {band.index: band for band in cmap.bands}
    for node in cmap.nodes:
        band = bands[node.area_index]
        assert band.x <= node.x - node.radius and node.x + node.radius <= band.x + band.width
        assert band.y + BAND_HEADER <= node.y - node.radius
        assert node.y + node.radius <= band.y + band.height
        assert node.hit_x >= band.x and node.hit_x + node.hit_width <= band.x + band.width


# --- Bands -------------------------------------------------------------------------------------
def test_bands_follow_the_areas_order_and_skip_empty_areas():
    areas = [area(0), area(1), area(2)]
    layout = layout_of(areas, [concept(1, area_id=2), concept(2, area_id=0)], [])
    assert [band.slug for band in layout.bands] == ["area-0", "area-2"]
    assert layout.band_of == {0: 0, 2: 1}
    first, second = layout.bands
    assert first.y == AXIS_H
    assert second.y == first.y + first.height + BAND_GAP
    assert layout.height == second.y + second.height + BOTTOM_PAD
    assert first.width == layout.width - 2 * PAD_X
    assert first.label_y == first.y + 22


def test_band_colours_cycle_through_the_palette():
    count = len(PALETTE) + 1
    layout = layout_of(
        [area(i) for i in range(count)], [concept(i, area_id=i) for i in range(count)], []
    )
    assert [(b.colour, b.dark, b.tint) for b in layout.bands] == [*PALETTE, PALETTE[0]]
    assert [b.index for b in layout.bands] == list(range(count))


def test_a_band_names_its_area_in_both_languages_and_counts_its_concepts():
    areas = [area(0, "선형대수", "Linear algebra"), area(1, "Same", "Same")]
    layout = layout_of(areas, [concept(1), concept(2), concept(3, area_id=1)], [])
    algebra, same = layout.bands
    assert (algebra.name, algebra.other_name, algebra.concept_count) == (
        "선형대수",
        "Linear algebra",
        2,
    )
    assert (same.other_name, same.concept_count) == ("", 1)


# --- Circles -----------------------------------------------------------------------------------
def test_circle_area_grows_linearly_with_questions():
    assert radius_for(0, 40) == R_MIN
    assert radius_for(5, 0) == R_MIN
    assert radius_for(40, 40) == R_MAX
    assert radius_for(4000, 40) == R_MAX  # capped at the largest
    half = radius_for(20, 40)
    assert half**2 == pytest.approx((R_MIN**2 + R_MAX**2) / 2, abs=3)
    radii = [radius_for(count, 100) for count in range(0, 101, 5)]
    assert radii == sorted(radii) and len(set(radii)) == len(radii)


def test_circles_are_sized_against_the_busiest_concept():
    layout = layout_of([area(0)], [concept(1, questions=10), concept(2, questions=40)], [])
    assert layout.max_count == 40
    assert layout.centres[2][2] == R_MAX
    assert layout.centres[1][2] == radius_for(10, 40)


@pytest.mark.parametrize(
    "max_count, counts",
    [
        (0, [0]),
        (1, [0, 1]),
        (3, [0, 1, 3]),
        (7, [0, 2, 7]),
        (40, [0, 10, 40]),
        (999, [0, 200, 999]),
    ],
)
def test_the_size_legend_shows_none_a_round_middle_and_the_most(max_count, counts):
    samples = size_samples(max_count)
    assert [s.count for s in samples] == counts
    assert samples[0].radius == R_MIN
    assert [s.radius for s in samples] == sorted(s.radius for s in samples)
    for sample in samples:
        assert sample.centre == round(sample.radius + 2, 1)
        assert sample.diameter == round(2 * sample.centre, 1)  # the circle fits its little svg


# --- Stability ---------------------------------------------------------------------------------
@settings(max_examples=40, deadline=None)
@given(graphs())
def test_the_layout_does_not_depend_on_the_order_of_the_rows(graph):
    areas, concepts, links = graph
    shuffled = random.Random(len(concepts)).sample(concepts, len(concepts))
    first = layout_of(areas, concepts, links)
    again = layout_of(areas, shuffled, list(reversed(links)))
    assert (first.column, first.lane, first.centres, first.bands) == (
        again.column,
        again.lane,
        again.centres,
        again.bands,
    )
