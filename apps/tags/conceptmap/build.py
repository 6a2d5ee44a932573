"""The map put together: the layout's cells and circles, the routed links and the labels, as the
frozen values the template draws."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from apps.tags.conceptmap.geometry import COL_W, LANE_H, PAD_X, R_MAX, svg_number
from apps.tags.conceptmap.labels import LabelLine, count_label, label_lines, other_name
from apps.tags.conceptmap.layout import (
    EMPTY_FILL,
    Layout,
    MapBand,
    SizeSample,
    lay_out,
    read_graph,
    size_samples,
)
from apps.tags.conceptmap.routing import MapEdge, Marker, markers, route_links
from apps.tags.models import Area, ConceptTag


@dataclass(frozen=True)
class MapNode:
    id: int
    slug: str
    name: str
    other_name: str
    url: str
    area_slug: str
    area_name: str
    area_index: int
    question_count: int
    count_label: str  # compact count drawn inside the circle ("" for none)
    level: int  # prerequisite depth: 0 for foundations
    column: int
    lane: int
    x: float
    y: float
    radius: float
    colour: str
    fill: str
    stroke: str
    dark: str  # its links when highlighted
    tint: str  # the band behind it: halo around the label text
    lines: tuple[LabelLine, ...]
    edges: tuple[MapEdge, ...]  # links in and out, redrawn on top when the node is hovered

    @property
    def ring_radius(self) -> float:
        return round(self.radius + 5, 1)

    # The whole cell (circle and label) is the link's target, so small circles are easy to hit.
    @property
    def hit_x(self) -> float:
        return round(self.x - COL_W / 2 + 5, 1)

    @property
    def hit_y(self) -> float:
        return round(self.y - R_MAX - 5, 1)

    @property
    def hit_width(self) -> float:
        return COL_W - 10

    @property
    def hit_height(self) -> float:
        return LANE_H - 6


@dataclass(frozen=True)
class ConceptMap:
    width: float
    height: float
    nodes: tuple[MapNode, ...]
    edges: tuple[MapEdge, ...]
    bands: tuple[MapBand, ...]
    size_samples: tuple[SizeSample, ...]
    markers: tuple[Marker, ...]
    columns: int
    axis_y: float

    @property
    def view_box(self) -> str:
        return f"0 0 {svg_number(self.width)} {svg_number(self.height)}"

    @property
    def axis_right_x(self) -> float:
        return self.width - PAD_X - 6

    @property
    def axis_left_x(self) -> float:
        return PAD_X + 6


def _url(tag: Any) -> str:
    getter = getattr(tag, "get_absolute_url", None)
    return getter() if getter else getattr(tag, "url", "")


def _node(tag: Any, layout: Layout, touching: Sequence[MapEdge]) -> MapNode:
    band = layout.bands[layout.band_of[layout.graph.area_rank[tag.area_id]]]
    cx, cy, r = layout.centres[tag.id]
    other = other_name(tag)
    return MapNode(
        id=tag.id,
        slug=tag.slug,
        name=tag.name,
        other_name=other if other != tag.name else "",
        url=_url(tag),
        area_slug=band.slug,
        area_name=band.name,
        area_index=band.index,
        question_count=tag.question_count,
        count_label=count_label(tag.question_count),
        level=layout.level[tag.id],
        column=layout.column[tag.id],
        lane=layout.lane[tag.id],
        x=round(cx, 1),
        y=round(cy, 1),
        radius=r,
        colour=band.colour,
        fill=band.colour if tag.question_count > 0 else EMPTY_FILL,
        stroke=band.dark if tag.question_count > 0 else band.colour,
        dark=band.dark,
        tint=band.tint,
        lines=label_lines(tag.name, other, cy),
        edges=tuple(touching),
    )


def build_concept_map(
    areas: Iterable[Any], tags: Iterable[Any], edges: Iterable[tuple[int, int]]
) -> ConceptMap:
    """Lay out the concept graph.

    `areas`: objects with `id`, `slug`, `name` (and `name_ko`/`name_en` or `other_name`), in
    display order. `tags`: objects with `id`, `slug`, `name`, `other_name`, `area_id`,
    `question_count` and `get_absolute_url()`. `edges`: `(concept_id, prerequisite_id)` pairs,
    the rows of `ConceptTag.prerequisites.through` (`from_concepttag_id`, `to_concepttag_id`).
    """
    layout = lay_out(read_graph(areas, tags, edges))
    map_edges = route_links(layout)
    touching: dict[int, list[MapEdge]] = defaultdict(list)
    for edge in map_edges:
        touching[edge.source_id].append(edge)
        touching[edge.target_id].append(edge)
    nodes = [_node(tag, layout, touching[tag.id]) for tag in layout.graph.tags]
    # Reading order (and keyboard order): area by area, left to right, top to bottom.
    nodes.sort(key=lambda n: (n.area_index, n.column, n.lane, n.slug))
    return ConceptMap(
        width=float(layout.width),
        height=layout.height,
        nodes=tuple(nodes),
        edges=tuple(map_edges),
        bands=tuple(layout.bands),
        size_samples=size_samples(layout.max_count),
        markers=markers(layout.bands),
        columns=layout.columns,
        axis_y=22.0,
    )


def concept_map_for_site() -> ConceptMap:
    """The whole site's map in three queries, whatever the number of concepts and links."""
    areas = list(Area.objects.only("id", "slug", "name_ko", "name_en", "position"))
    tags = list(
        ConceptTag.objects.only("id", "slug", "name_ko", "name_en", "area_id", "question_count")
    )
    edges = ConceptTag.prerequisites.through.objects.values_list(
        "from_concepttag_id", "to_concepttag_id"
    )
    return build_concept_map(areas, tags, list(edges))
