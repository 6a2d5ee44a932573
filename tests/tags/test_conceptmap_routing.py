"""The concept map's links: where they start and end, and what they go around. No database."""

import math
import re

import pytest
from django.template.loader import render_to_string
from hypothesis import given, settings
from hypothesis import strategies as st

from apps.tags.conceptmap import build_concept_map
from apps.tags.conceptmap.geometry import BAND_HEADER, BAND_PAD_BOTTOM, COL_W, PAD_X, R_MAX
from apps.tags.conceptmap.layout import lay_out, read_graph
from apps.tags.conceptmap.routing import (
    ARROW_GAP,
    CORNER,
    TRACKS,
    allocate_tracks,
    curve_path,
    plan_links,
    rounded_path,
)
from tests.tags.conceptmap_graphs import area, concept, graphs

TOLERANCE = 0.15  # coordinates are written with one decimal


def pieces(d: str) -> list[tuple[str, list[tuple[float, float]]]]:
    """An SVG path of M, L and C commands as (command, points from the current point on)."""
    tokens = re.findall(r"[MLC]|-?\d+(?:\.\d+)?", d)
    assert "".join(tokens) == d.replace(" ", ""), f"unexpected path syntax: {d}"
    out, current, i = [], None, 0
    while i < len(tokens):
        command = tokens[i]
        count = {"M": 1, "L": 1, "C": 3}[command]
        numbers = [float(t) for t in tokens[i + 1 : i + 1 + 2 * count]]
        points = list(zip(numbers[::2], numbers[1::2], strict=True))
        if command != "M":
            out.append((command, [current, *points]))
        current = points[-1]
        i += 1 + 2 * count
    return out


def samples(d: str, steps: int = 24) -> list[tuple[float, float]]:
    """Points along the path, corners and curves included."""
    points = []
    for command, ps in pieces(d):
        for step in range(steps + 1):
            t = step / steps
            if command == "L":
                (x0, y0), (x1, y1) = ps
                points.append((x0 + (x1 - x0) * t, y0 + (y1 - y0) * t))
            else:
                weights = ((1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t**2, t**3)
                points.append(
                    (
                        sum(w * p[0] for w, p in zip(weights, ps, strict=True)),
                        sum(w * p[1] for w, p in zip(weights, ps, strict=True)),
                    )
                )
    return points


def ends(d: str) -> tuple[tuple[float, float], tuple[float, float]]:
    all_pieces = pieces(d)
    return all_pieces[0][1][0], all_pieces[-1][1][-1]


def by_id(cmap):
    return {node.id: node for node in cmap.nodes}


def routed(edge) -> bool:
    return "L" in edge.d


# --- Curves ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "a, b, arc",
    [
        ((88, 94, 11), (376, 94, 24), 0.0),  # along a lane
        ((88, 94, 24), (232, 206, 11), 0.0),  # down a lane
        ((88, 206, 15), (520, 94, 18), 54.0),  # arcing
        ((376, 94, 11), (88, 206, 11), 0.0),  # back: right to left
        ((232, 94, 11), (232, 206, 11), R_MAX + 10),  # back, one above the other
    ],
)
def test_a_curve_leaves_its_circle_and_stops_an_arrow_gap_short_of_the_next(a, b, arc):
    start, end = ends(curve_path(a, b, arc))
    assert math.dist(start, a[:2]) == pytest.approx(a[2], abs=TOLERANCE)
    assert math.dist(end, b[:2]) == pytest.approx(b[2] + ARROW_GAP, abs=TOLERANCE)


def test_an_arc_lifts_both_control_points():
    (_c, (_p0, c1, c2, _p1)), *_ = pieces(curve_path((88, 94, 11), (520, 94, 11), 54.0))
    assert c1[1] == c2[1] == 94 - 54
    (_c, (_p0, flat1, flat2, _p1)), *_ = pieces(curve_path((88, 94, 11), (520, 94, 11)))
    assert flat1[1] == flat2[1] == 94


def test_a_back_link_loops_out_to_the_right_of_both_ends():
    (_c, (start, c1, c2, end)), *_ = pieces(curve_path((376, 94, 11), (88, 94, 11), 10.0))
    assert c1[0] > 376 and c2[0] > 88
    assert start[0] > 376 - 11 and end[0] > 88  # leaves and enters on the right-hand side


# --- Rounded polylines -------------------------------------------------------------------------
def test_a_corner_is_a_quarter_circle_of_the_corner_radius():
    assert rounded_path([(0, 0), (100, 0), (100, 50)]) == "M0 0L88 0C94.6 0 100 5.4 100 12L100 50"


def test_repeated_and_collinear_points_make_no_corner():
    assert rounded_path([(0, 0), (50, 0), (50, 0.001), (100, 0), (100, 50)]) == rounded_path(
        [(0, 0), (100, 0), (100, 50)]
    )
    assert rounded_path([(0, 0), (30, 0), (60, 0)]) == "M0 0L60 0"


def test_a_short_run_gets_a_smaller_corner():
    # Two corners 10 apart: each may use at most half of the run between them.
    path = rounded_path([(0, 0), (100, 0), (100, 10), (200, 10)])
    corners = [ps for command, ps in pieces(path) if command == "C"]
    assert len(corners) == 2
    for start, *_controls, end in corners:
        assert abs(end[0] - start[0]) == pytest.approx(5, abs=TOLERANCE)
        assert abs(end[1] - start[1]) == pytest.approx(5, abs=TOLERANCE)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(-300, 300), min_size=2, max_size=7))
def test_a_rounded_polyline_keeps_its_ends_and_never_overshoots_a_corner(moves):
    points, x, y = [(0.0, 0.0)], 0.0, 0.0
    for i, move in enumerate(moves):  # alternately horizontal and vertical
        x, y = (x + move, y) if i % 2 == 0 else (x, y + move)
        points.append((x, y))
    if all(math.dist(p, points[0]) < 0.01 for p in points):
        return
    path = rounded_path(points)
    start, end = ends(path) if pieces(path) else (points[0], points[0])
    assert start == points[0] and end == pytest.approx(points[-1])
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    for px, py in samples(path):
        assert min(xs) - 0.1 <= px <= max(xs) + 0.1 and min(ys) - 0.1 <= py <= max(ys) + 0.1
    for command, ps in pieces(path):
        if command == "C":
            assert math.dist(ps[0], ps[-1]) <= CORNER * math.sqrt(2) + TOLERANCE


# --- Tracks ------------------------------------------------------------------------------------
def test_overlapping_links_of_different_owners_take_different_tracks():
    offsets = allocate_tracks(
        {
            (1, 5): [("v", 160, 100, 300, ("s", 1))],
            (2, 6): [("v", 160, 200, 400, ("s", 2))],
            (3, 7): [("v", 160, 500, 600, ("s", 3))],  # starts after the others end
            (4, 8): [("v", 304, 100, 300, ("s", 4))],  # another gutter
        }
    )
    assert offsets[(1, 5, 0)] == TRACKS[0]
    assert offsets[(2, 6, 0)] == TRACKS[1]
    assert offsets[(3, 7, 0)] == TRACKS[0]
    assert offsets[(4, 8, 0)] == TRACKS[0]


def test_links_of_one_owner_run_together():
    offsets = allocate_tracks(
        {
            (1, 5): [("v", 160, 100, 300, ("s", 1))],
            (2, 6): [("v", 160, 100, 300, ("s", 2))],
            (1, 7): [("v", 160, 100, 500, ("s", 1))],
        }
    )
    assert offsets[(1, 5, 0)] == offsets[(1, 7, 0)] != offsets[(2, 6, 0)]


def test_segments_closer_than_six_units_count_as_overlapping():
    offsets = allocate_tracks(
        {(1, 5): [("h", 90, 0, 100, ("s", 1))], (2, 6): [("h", 90, 104, 200, ("s", 2))]}
    )
    assert offsets[(1, 5, 0)] != offsets[(2, 6, 0)]


def test_more_owners_than_tracks_still_get_a_track():
    routes = {(i, 100 + i): [("v", 160, 0, 100, ("s", i))] for i in range(len(TRACKS) + 3)}
    offsets = allocate_tracks(routes)
    assert len(offsets) == len(routes)
    assert set(offsets.values()) == set(TRACKS)


@settings(max_examples=80, deadline=None)
@given(graphs(max_concepts=40, max_links=80))
def test_overlapping_segments_in_a_channel_do_not_share_a_track(graph):
    layout = lay_out(read_graph(*graph))
    _curves, routes = plan_links(layout)
    offsets = allocate_tracks(routes)
    channels: dict = {}
    for (pre, node), segs in routes.items():
        for i, (kind, pos, a, b, owner) in enumerate(segs):
            channels.setdefault((kind, pos), []).append(
                (min(a, b), max(a, b), owner, offsets[(pre, node, i)])
            )
    for segs in channels.values():
        owner_offsets = {}
        for _lo, _hi, owner, offset in segs:
            assert owner_offsets.setdefault(owner, offset) == offset
        if len(owner_offsets) > len(TRACKS):
            continue  # more owners than tracks: some must share
        for i, (lo, hi, owner, offset) in enumerate(segs):
            for plo, phi, powner, poffset in segs[i + 1 :]:
                if owner != powner and plo < hi + 6 and lo < phi + 6:
                    assert offset != poffset


# --- The map's links ---------------------------------------------------------------------------
@settings(max_examples=80, deadline=None)
@given(graphs(max_concepts=40, max_links=80))
def test_every_link_starts_on_its_prerequisite_and_ends_at_its_concept(graph):
    cmap = build_concept_map(*graph)
    nodes = by_id(cmap)
    for edge in cmap.edges:
        source, target = nodes[edge.source_id], nodes[edge.target_id]
        start, end = ends(edge.d)
        assert math.dist(start, (source.x, source.y)) == pytest.approx(source.radius, abs=TOLERANCE)
        assert math.dist(end, (target.x, target.y)) == pytest.approx(
            target.radius + ARROW_GAP, abs=TOLERANCE
        )
        assert edge.area_index == target.area_index


@settings(max_examples=80, deadline=None)
@given(graphs(max_concepts=40, max_links=80))
def test_links_between_bands_keep_to_the_gutters_and_gaps_and_miss_every_circle(graph):
    cmap = build_concept_map(*graph)
    lane_rows = [(b.y + BAND_HEADER, b.y + b.height - BAND_PAD_BOTTOM) for b in cmap.bands]
    reach = max(abs(t) for t in TRACKS)
    for edge in filter(routed, cmap.edges):
        lines = [ps for command, ps in pieces(edge.d) if command == "L"]
        for i, ((x0, y0), (x1, y1)) in enumerate(lines):
            assert x0 == x1 or y0 == y1, "only straight runs between the corners"
            if x0 == x1:  # down or up a gutter between two columns
                boundary = PAD_X + round((x0 - PAD_X) / COL_W) * COL_W
                assert abs(x0 - boundary) <= reach + TOLERANCE
            elif 0 < i < len(lines) - 1:  # sideways: in a gap between bands, not over a lane
                assert not any(top < y0 < bottom for top, bottom in lane_rows)
        for point in samples(edge.d):
            for node in cmap.nodes:
                assert math.dist(point, (node.x, node.y)) >= node.radius - TOLERANCE


def test_a_link_between_adjacent_columns_of_two_bands_is_one_drop_down_the_gutter():
    cmap = build_concept_map(
        [area(0), area(1)], [concept(1, area_id=0), concept(2, area_id=1)], [(2, 1)]
    )
    (edge,) = cmap.edges
    nodes = by_id(cmap)
    gutter = PAD_X + COL_W
    assert [command for command, _ps in pieces(edge.d)] == ["L", "C", "L", "C", "L"]
    _command, (top, bottom) = pieces(edge.d)[2]
    assert top[0] == bottom[0] == gutter
    assert top[1] < bottom[1]
    assert nodes[1].y < top[1] and bottom[1] < nodes[2].y


def test_a_link_across_columns_and_bands_turns_in_the_gap_above_the_concept():
    areas = [area(0), area(1)]
    concepts = [concept(1), concept(2), concept(3), concept(4, area_id=1)]
    cmap = build_concept_map(areas, concepts, [(2, 1), (3, 2), (4, 1), (4, 3)])
    nodes = by_id(cmap)
    assert (nodes[1].column, nodes[4].column) == (0, 3)
    edge = next(e for e in cmap.edges if (e.source_id, e.target_id) == (1, 4))
    lines = [ps for command, ps in pieces(edge.d) if command == "L"]
    across = [ps for ps in lines if ps[0][1] == ps[1][1]][1]  # the middle sideways run
    upper, lower = cmap.bands
    assert upper.y + upper.height < across[0][1] < lower.y


def test_links_leaving_two_concepts_down_one_gutter_run_side_by_side():
    areas = [area(0), area(1), area(2)]
    concepts = [concept(1, area_id=0), concept(2, area_id=1), concept(3, area_id=2)]
    cmap = build_concept_map(areas, concepts, [(3, 1), (3, 2)])
    columns = set()
    for edge in cmap.edges:
        (_l, (top, bottom)) = [p for p in pieces(edge.d) if p[0] == "L"][1]
        assert top[0] == bottom[0]
        columns.add(top[0])
    assert len(columns) == 2
    assert all(abs(x - (PAD_X + COL_W)) <= max(TRACKS) for x in columns)


def test_a_link_along_a_lane_arcs_over_the_concepts_in_between():
    # 1 → 2 → 3 on one lane, and 1 → 3 directly: that link must not run through 2.
    cmap = build_concept_map([area(0)], [concept(i) for i in (1, 2, 3)], [(2, 1), (3, 2), (3, 1)])
    nodes = by_id(cmap)
    assert nodes[1].y == nodes[2].y == nodes[3].y
    middle = nodes[2]
    long_link = next(e for e in cmap.edges if (e.source_id, e.target_id) == (1, 3))

    def clearance(d: str) -> float:
        return min(math.dist(p, (middle.x, middle.y)) for p in samples(d))

    assert clearance(long_link.d) > middle.ring_radius
    straight = curve_path(
        (nodes[1].x, nodes[1].y, nodes[1].radius), (nodes[3].x, nodes[3].y, nodes[3].radius)
    )
    assert clearance(straight) < middle.radius  # what the arc avoids


def test_neighbours_on_a_lane_are_joined_without_an_arc():
    cmap = build_concept_map([area(0)], [concept(1), concept(2)], [(2, 1)])
    ((_c, (_p0, c1, c2, _p1)),) = pieces(cmap.edges[0].d)
    assert c1[1] == c2[1] == cmap.nodes[0].y


def test_long_links_are_drawn_first_so_short_ones_sit_on_top():
    areas = [area(0), area(1), area(2)]
    concepts = [concept(1, area_id=0), concept(2, area_id=1), concept(3, area_id=2)]
    cmap = build_concept_map(areas, concepts, [(2, 1), (3, 1), (3, 2)])
    assert [(e.source_id, e.target_id) for e in cmap.edges] == [(1, 3), (1, 2), (2, 3)]


def test_each_concept_carries_every_link_in_and_out_of_it():
    cmap = build_concept_map([area(0)], [concept(i) for i in (1, 2, 3)], [(2, 1), (3, 2)])
    touching = {node.id: {(e.source_id, e.target_id) for e in node.edges} for node in cmap.nodes}
    assert touching == {1: {(1, 2)}, 2: {(1, 2), (2, 3)}, 3: {(2, 3)}}


def test_links_of_a_cycle_are_drawn_dashed_back_to_their_start():
    cmap = build_concept_map([area(0)], [concept(1), concept(2)], [(1, 2), (2, 1)])
    back = [edge for edge in cmap.edges if edge.back]
    assert [(e.source_id, e.target_id) for e in back] == [(2, 1)]
    nodes = by_id(cmap)
    assert nodes[2].x > nodes[1].x  # the back link runs right to left
    html = render_to_string("tags/_concept_map.html", {"cmap": cmap})
    assert html.count('class="cm-edge cm-edge-back"') == 1
    assert html.count('marker-end="url(#cm-arrow-back)"') == 1


def test_a_cycle_of_three_drops_one_link_and_draws_it_as_a_single_curve():
    cmap = build_concept_map([area(0)], [concept(i) for i in (1, 2, 3)], [(1, 3), (2, 1), (3, 2)])
    nodes = by_id(cmap)
    (back,) = [edge for edge in cmap.edges if edge.back]
    assert [command for command, _ps in pieces(back.d)] == ["C"]
    for edge in cmap.edges:
        if edge is not back:
            assert nodes[edge.source_id].x < nodes[edge.target_id].x


def test_one_arrowhead_per_band_beside_the_plain_and_the_back_one():
    cmap = build_concept_map([area(0), area(1)], [concept(1, area_id=0), concept(2, area_id=1)], [])
    assert [m.id for m in cmap.markers] == ["cm-arrow", "cm-arrow-back", "cm-arrow-0", "cm-arrow-1"]
    assert [m.colour for m in cmap.markers[2:]] == [band.dark for band in cmap.bands]
