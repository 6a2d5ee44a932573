"""Where each concept goes: areas become horizontal bands (in `Area.position` order), columns
follow prerequisite depth across the whole graph (foundations left, advanced concepts right), and
concepts that would collide take the next free cell or a new lane of their band.

Pure functions from rows to coordinates, stable for any order of the input rows.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

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
from apps.tags.conceptmap.labels import other_name

MAX_SHIFT = 2  # columns a concept may move right of its depth to avoid opening a new lane

# (node / arrow colour, dark text colour, band tint). Node colours carry white count text and
# dark colours carry the area name on the tint: all at least 4.5:1 (WCAG AA), checked by a test.
PALETTE: tuple[tuple[str, str, str], ...] = (
    ("#2f5bea", "#1f3fa8", "#edf2ff"),  # blue
    ("#0f766e", "#0b5a54", "#e6f5f2"),  # teal
    ("#7c3aed", "#5b21b6", "#f3eefe"),  # violet
    ("#b45309", "#8a3f06", "#fdf2e3"),  # amber
    ("#be185d", "#961347", "#fdedf4"),  # rose
    ("#15803d", "#0f5f2d", "#e9f6ee"),  # green
    ("#0e7490", "#0a5870", "#e5f4f8"),  # cyan
    ("#b91c1c", "#8f1515", "#fdeeee"),  # red
    ("#4338ca", "#32289a", "#eeeefc"),  # indigo
    ("#4d7c0f", "#3a5e0b", "#f0f6e3"),  # olive
    ("#a21caf", "#7d1587", "#faeefb"),  # magenta
    ("#475569", "#334155", "#eef1f5"),  # slate
)
EMPTY_FILL = "#ffffff"  # a concept without questions is drawn hollow


@dataclass(frozen=True)
class MapBand:
    index: int
    slug: str
    name: str
    other_name: str
    x: float
    y: float
    width: float
    height: float
    colour: str
    dark: str
    tint: str
    label_x: float
    label_y: float
    concept_count: int


@dataclass(frozen=True)
class SizeSample:
    count: int
    radius: float

    @property
    def diameter(self) -> float:
        return round(2 * self.radius + 4, 1)

    @property
    def centre(self) -> float:
        return round(self.radius + 2, 1)


@dataclass(frozen=True)
class Graph:
    """The rows to draw, cleaned: concepts of unknown areas and self-links left out."""

    areas: list[Any]  # in display order
    tags: list[Any]  # by area, then slug
    area_rank: dict[int, int]  # area id → its place in `areas`
    by_id: dict[int, Any]
    order: list[int]  # concept ids, in the order of `tags`
    prereqs: dict[int, list[int]]  # concept id → its prerequisites' ids
    links: list[tuple[int, int]]  # (prerequisite, concept), sorted by concept then prerequisite

    def rank(self, node: int) -> int:
        """The place of `node`'s area, which is also the key of its band."""
        return self.area_rank[self.by_id[node].area_id]


@dataclass(frozen=True)
class Layout:
    graph: Graph
    level: dict[int, int]  # prerequisite depth: 0 for foundations
    back: set[tuple[int, int]]  # links dropped to break prerequisite cycles
    column: dict[int, int]
    lane: dict[int, int]
    bands: list[MapBand]
    band_box: dict[int, tuple[float, float]]  # area rank → (top, height) of its band
    band_of: dict[int, int]  # area rank → index in `bands`
    centres: dict[int, tuple[float, float, float]]  # concept id → circle (x, y, r)
    width: int
    height: float
    columns: int
    max_count: int


def read_graph(
    areas: Iterable[Any], tags: Iterable[Any], edges: Iterable[tuple[int, int]]
) -> Graph:
    area_list = list(areas)
    area_rank = {area.id: i for i, area in enumerate(area_list)}
    tag_list = [tag for tag in tags if tag.area_id in area_rank]
    tag_list.sort(key=lambda t: (area_rank[t.area_id], t.slug))
    by_id = {tag.id: tag for tag in tag_list}
    order = [tag.id for tag in tag_list]
    prereqs: dict[int, list[int]] = {node: [] for node in order}
    links: list[tuple[int, int]] = []
    for concept, pre in sorted(set(edges)):
        if concept in by_id and pre in by_id and concept != pre:
            prereqs[concept].append(pre)
            links.append((pre, concept))
    return Graph(area_list, tag_list, area_rank, by_id, order, prereqs, links)


# --- Depth -------------------------------------------------------------------------------------
def levels(
    order: list[int], prereqs: dict[int, list[int]]
) -> tuple[list[int], dict[int, int], set[tuple[int, int]]]:
    """Kahn's algorithm in a stable order. Returns the topological order, each concept's depth,
    and the (prerequisite, concept) links dropped to break cycles."""
    rank = {node: i for i, node in enumerate(order)}
    pending = {node: set(prereqs[node]) for node in order}
    dependents: dict[int, list[int]] = defaultdict(list)
    for node in order:
        for pre in prereqs[node]:
            dependents[pre].append(node)
    level: dict[int, int] = {}
    topo: list[int] = []
    back: set[tuple[int, int]] = set()
    ready = sorted((n for n in order if not pending[n]), key=rank.__getitem__)
    while len(topo) < len(order):
        if not ready:
            # A cycle: release the blocked concept with the fewest unresolved prerequisites.
            stuck = min(
                (n for n in order if n not in level), key=lambda n: (len(pending[n]), rank[n])
            )
            back.update((pre, stuck) for pre in pending[stuck])
            pending[stuck] = set()
            ready = [stuck]
        node = ready.pop(0)
        level[node] = max((level[p] + 1 for p in prereqs[node] if (p, node) not in back), default=0)
        topo.append(node)
        released = []
        for dep in dependents[node]:
            if dep in pending and node in pending[dep] and dep not in level:
                pending[dep].discard(node)
                if not pending[dep]:
                    released.append(dep)
        ready = sorted({*ready, *released}, key=rank.__getitem__)
    return topo, level, back


def heights(topo: list[int], prereqs: dict[int, list[int]], back: set) -> dict[int, int]:
    """Length of the longest chain of concepts that build on each concept."""
    height = dict.fromkeys(topo, 0)
    for node in reversed(topo):
        for pre in prereqs[node]:
            if (pre, node) not in back:
                height[pre] = max(height[pre], height[node] + 1)
    return height


# --- Cells -------------------------------------------------------------------------------------
def _free_cell(
    taken: set[tuple[int, int]], lanes: int, earliest: int, latest: int, wanted_lane: float
) -> tuple[int, int]:
    """The cheapest free (column, lane) of a band that has `lanes` lanes so far: an existing lane
    before a new one, the earliest column, near the lane of its prerequisites in the band."""
    best: tuple[float, int, int] | None = None
    for ln in range(lanes + 1):
        for col in range(earliest, min(latest, earliest + MAX_SHIFT) + 1):
            if (col, ln) in taken:
                continue
            cost = ln * 1.0 + (col - earliest) * 0.45 + abs(ln - wanted_lane) * 0.1
            if best is None or (cost, col, ln) < best:
                best = (cost, col, ln)
    assert best is not None  # a fresh lane is always free
    return best[1], best[2]


def place_concepts(
    graph: Graph,
    level: dict[int, int],
    height: dict[int, int],
    back: set[tuple[int, int]],
    last_col: int,
) -> tuple[dict[int, int], dict[int, int], dict[int, int]]:
    """Each concept's column and lane, and the number of lanes each band needs.

    Concepts are placed in topological order, in their area's band: at their depth column if
    free, else a little to the right (never past where their dependents still fit), else in a
    new lane. Two concepts of one band never share a cell.
    """
    by_id, prereqs = graph.by_id, graph.prereqs
    column: dict[int, int] = {}
    lane: dict[int, int] = {}
    taken: dict[int, set[tuple[int, int]]] = defaultdict(set)
    lanes_used: dict[int, int] = defaultdict(int)
    placement_order = sorted(
        graph.order,
        key=lambda n: (
            level[n],
            last_col - height[n] - level[n],  # the least slack first
            graph.rank(n),
            by_id[n].slug,
        ),
    )
    # Sorting by level places every prerequisite before its dependents (back edges aside).
    for node in placement_order:
        band = graph.rank(node)
        earliest = max(
            (column[p] + 1 for p in prereqs[node] if (p, node) not in back and p in column),
            default=0,
        )
        latest = max(earliest, last_col - height[node])
        same_band = [
            lane[p] for p in prereqs[node] if p in lane and by_id[p].area_id == by_id[node].area_id
        ]
        wanted_lane = sum(same_band) / len(same_band) if same_band else 0.0
        col, ln = _free_cell(taken[band], lanes_used[band], earliest, latest, wanted_lane)
        column[node], lane[node] = col, ln
        taken[band].add((col, ln))
        lanes_used[band] = max(lanes_used[band], ln + 1)
    return column, lane, lanes_used


# --- Bands and circles -------------------------------------------------------------------------
def lay_out_bands(
    graph: Graph, lanes_used: dict[int, int], width: int
) -> tuple[list[MapBand], dict[int, tuple[float, float]], dict[int, int], float]:
    """Bands top to bottom for the areas that have concepts, each as tall as its lanes.

    Returns the bands, each area's (top, height), each area's band index and the map's height.
    """
    bands: list[MapBand] = []
    band_box: dict[int, tuple[float, float]] = {}
    band_of: dict[int, int] = {}
    y = float(AXIS_H)
    counts = defaultdict(int)
    for tag in graph.tags:
        counts[graph.area_rank[tag.area_id]] += 1
    for area in graph.areas:
        index = graph.area_rank[area.id]
        if not counts[index]:
            continue
        colour, dark, tint = PALETTE[len(bands) % len(PALETTE)]
        h = BAND_HEADER + lanes_used[index] * LANE_H + BAND_PAD_BOTTOM
        band_box[index] = (y, h)
        band_of[index] = len(bands)
        bands.append(
            MapBand(
                index=len(bands),
                slug=area.slug,
                name=area.name,
                other_name=other_name(area) if other_name(area) != area.name else "",
                x=PAD_X,
                y=y,
                width=width - 2 * PAD_X,
                height=h,
                colour=colour,
                dark=dark,
                tint=tint,
                label_x=PAD_X + 14,
                label_y=round(y + 22, 1),
                concept_count=counts[index],
            )
        )
        y += h + BAND_GAP
    height_total = y - BAND_GAP + BOTTOM_PAD
    return bands, band_box, band_of, float(max(height_total, AXIS_H + 40))


def radius_for(count: int, max_count: int) -> float:
    """Circle area grows linearly with the number of questions, so the radius with its sqrt."""
    if max_count <= 0 or count <= 0:
        return R_MIN
    share = min(count, max_count) / max_count
    return round(math.sqrt(R_MIN**2 + (R_MAX**2 - R_MIN**2) * share), 1)


def circle_centres(
    graph: Graph,
    column: dict[int, int],
    lane: dict[int, int],
    band_box: dict[int, tuple[float, float]],
    max_count: int,
) -> dict[int, tuple[float, float, float]]:
    """Each concept's circle (x, y, r): centred in its cell, at the same height in every lane."""
    centres: dict[int, tuple[float, float, float]] = {}
    for node in graph.order:
        band_top, _height = band_box[graph.rank(node)]
        cx = PAD_X + column[node] * COL_W + COL_W / 2
        cy = band_top + BAND_HEADER + lane[node] * LANE_H + R_MAX + 2
        centres[node] = (cx, cy, radius_for(graph.by_id[node].question_count, max_count))
    return centres


def _nice(value: float) -> int:
    """A round number near `value` for the size legend (1, 2, 5, 10, 20, 50 …)."""
    if value <= 1:
        return 1
    exp = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * exp * 1.5:
            return int(step * exp)
    return int(10 * exp)


def size_samples(max_count: int) -> tuple[SizeSample, ...]:
    """The size legend: no questions, a round middle value, the most."""
    samples: list[SizeSample] = [SizeSample(0, R_MIN)]
    if max_count > 0:
        for count in (_nice(max_count / 4), max_count):
            if 0 < count <= max_count and count not in {s.count for s in samples}:
                samples.append(SizeSample(count, radius_for(count, max_count)))
    return tuple(samples)


def lay_out(graph: Graph) -> Layout:
    """Depth, cells, bands and circles for every concept of `graph`."""
    topo, level, back = levels(graph.order, graph.prereqs)
    height = heights(topo, graph.prereqs, back)
    last_col = max(level.values(), default=0)
    # Also honour the longest chain, in case breaking a cycle made it longer than the depth.
    last_col = max(last_col, *(level[n] + height[n] for n in graph.order)) if graph.order else 0
    column, lane, lanes_used = place_concepts(graph, level, height, back, last_col)
    columns = max(last_col, *column.values()) + 1 if column else 1
    width = PAD_X * 2 + columns * COL_W
    max_count = max((t.question_count for t in graph.tags), default=0)
    bands, band_box, band_of, map_height = lay_out_bands(graph, lanes_used, width)
    return Layout(
        graph=graph,
        level=level,
        back=back,
        column=column,
        lane=lane,
        bands=bands,
        band_box=band_box,
        band_of=band_of,
        centres=circle_centres(graph, column, lane, band_box, max_count),
        width=width,
        height=map_height,
        columns=columns,
        max_count=max_count,
    )
