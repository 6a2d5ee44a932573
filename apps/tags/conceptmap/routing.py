"""The arrows from each prerequisite to the concepts that build on it.

Within a band a link is one curve (arcing over concepts in between on the same lane). Between
bands it is routed like a metro map, with rounded corners, through the empty gutters between
columns and the gaps between bands, so links never cut through circles or labels; links sharing
a gutter or gap take different tracks. A link that is part of a prerequisite cycle loops back.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from apps.tags.conceptmap.geometry import BAND_GAP, COL_W, R_MAX, svg_number
from apps.tags.conceptmap.layout import Layout, MapBand

ARROW_GAP = 2.5  # between the arrow tip and the circle it points at
CORNER = 12.0  # radius of a routed link's corners
TRACKS = (0.0, 4.0, -4.0, 8.0, -8.0, 12.0, -12.0)  # offsets of links sharing a gutter or gap

Circle = tuple[float, float, float]  # x, y, r
Point = tuple[float, float]
# One straight piece of a routed link, for track allocation: "v" (in a gutter at x = position)
# or "h" (in a gap at y = position), its extent along the channel, and its owner.
Segment = tuple[str, int, float, float, tuple]


@dataclass(frozen=True)
class MapEdge:
    source_id: int  # the prerequisite
    target_id: int  # the concept that builds on it
    d: str  # SVG path data
    area_index: int  # colour of the dependent's area, for highlighting
    back: bool = False  # part of a prerequisite cycle (bad data): drawn dashed


@dataclass(frozen=True)
class Marker:
    id: str
    colour: str


def markers(bands: Sequence[MapBand]) -> tuple[Marker, ...]:
    """Arrowheads: the plain one, the one of cycle links, and one per band for highlighting."""
    return (
        Marker("cm-arrow", "#9aa3b2"),
        Marker("cm-arrow-back", "#c0c6d0"),
        *(Marker(f"cm-arrow-{b.index}", b.dark) for b in bands),
    )


# --- Path drawing ------------------------------------------------------------------------------
def curve_path(a: Circle, b: Circle, arc: float = 0.0) -> str:
    """A cubic Bézier from circle `a` to circle `b` (x, y, r), leaving and entering along the
    curve's tangent, ending ARROW_GAP short of `b` so the arrowhead's tip touches it."""
    (x1, y1, r1), (x2, y2, r2) = a, b
    dx = x2 - x1
    k = max(36.0, abs(dx) * 0.5)
    if dx < 0:  # a back edge of a cycle: loop around the right side
        k = max(k, 60.0)
        c1, c2 = (x1 + k, y1 - arc), (x2 + k, y2 - arc)
    else:
        c1, c2 = (x1 + k, y1 - arc), (x2 - k, y2 - arc)

    def towards(cx: float, cy: float, px: float, py: float, dist: float) -> tuple[float, float]:
        length = math.hypot(px - cx, py - cy) or 1.0
        return cx + (px - cx) / length * dist, cy + (py - cy) / length * dist

    sx, sy = towards(x1, y1, *c1, r1)
    ex, ey = towards(x2, y2, *c2, r2 + ARROW_GAP)
    n = svg_number
    return f"M{n(sx)} {n(sy)}C{n(c1[0])} {n(c1[1])} {n(c2[0])} {n(c2[1])} {n(ex)} {n(ey)}"


def _straight(a: Point, p: Point, b: Point) -> bool:
    same_x = math.isclose(a[0], p[0]) and math.isclose(p[0], b[0])
    return same_x or (math.isclose(a[1], p[1]) and math.isclose(p[1], b[1]))


def rounded_path(points: list[Point]) -> str:
    """An axis-aligned polyline with its corners rounded by cubic Béziers (quarter circles)."""
    pts: list[Point] = []
    for p in points:
        if not pts or math.dist(p, pts[-1]) > 0.01:
            pts.append(p)
    # Drop points in the middle of a straight run.
    pts = [
        p for i, p in enumerate(pts) if i in (0, len(pts) - 1) or not _straight(*pts[i - 1 : i + 2])
    ]
    n = svg_number
    out = [f"M{n(pts[0][0])} {n(pts[0][1])}"]
    k = 1 - 0.5523  # control points of a quarter circle, from the corner
    for i in range(1, len(pts) - 1):
        (ax, ay), (px, py), (bx, by) = pts[i - 1], pts[i], pts[i + 1]
        len_in, len_out = math.dist((ax, ay), (px, py)), math.dist((px, py), (bx, by))
        r = min(
            CORNER, len_in / 2 if i > 1 else len_in, len_out / 2 if i < len(pts) - 2 else len_out
        )
        ix, iy = (px - ax) / len_in, (py - ay) / len_in
        ox, oy = (bx - px) / len_out, (by - py) / len_out
        s = (px - ix * r, py - iy * r)
        e = (px + ox * r, py + oy * r)
        c1 = (px - ix * r * k, py - iy * r * k)
        c2 = (px + ox * r * k, py + oy * r * k)
        out.append(f"L{n(s[0])} {n(s[1])}")
        out.append(f"C{n(c1[0])} {n(c1[1])} {n(c2[0])} {n(c2[1])} {n(e[0])} {n(e[1])}")
    out.append(f"L{n(pts[-1][0])} {n(pts[-1][1])}")
    return "".join(out)


# --- Planning ----------------------------------------------------------------------------------
def allocate_tracks(
    routes: dict[tuple[int, int], list[Segment]],
) -> dict[tuple[int, int, int], float]:
    """Give overlapping segments in one gutter or gap different offsets, except segments of the
    same owner (links leaving one prerequisite, or entering one concept), which run together.

    Returns the offset of segment `i` of link `(pre, node)` under the key `(pre, node, i)`.
    """
    by_channel: dict[tuple[str, int], list[tuple[float, float, tuple, tuple]]] = defaultdict(list)
    for (pre, node), segs in routes.items():
        for i, (kind, pos, a, b, owner) in enumerate(segs):
            lo, hi = sorted((a, b))
            by_channel[(kind, pos)].append((lo, hi, owner, (pre, node, i)))
    result: dict[tuple[int, int, int], float] = {}
    for channel in sorted(by_channel):
        placed: list[tuple[float, float, tuple, int]] = []
        owner_track: dict[tuple, int] = {}
        for lo, hi, owner, key in sorted(by_channel[channel]):
            if owner not in owner_track:
                busy = {
                    track
                    for (plo, phi, powner, track) in placed
                    if powner != owner and plo < hi + 6 and lo < phi + 6
                }
                owner_track[owner] = next(
                    (t for t in range(len(TRACKS)) if t not in busy), len(placed) % len(TRACKS)
                )
            placed.append((lo, hi, owner, owner_track[owner]))
            result[key] = TRACKS[owner_track[owner]]
    return result


def plan_links(
    layout: Layout,
) -> tuple[dict[tuple[int, int], float], dict[tuple[int, int], list[Segment]]]:
    """Split the links into curves (with how high each arcs) and routes through the channels.

    A link is a curve when both ends are in one band, when it is part of a cycle, or when it
    does not move right; otherwise it is routed: down or up the gutter after the prerequisite,
    along the gap next to the concept's band, and along the gutter before the concept.
    """
    graph, column, lane, back = layout.graph, layout.column, layout.lane, layout.back
    occupied = {(graph.rank(n), lane[n], column[n]) for n in graph.order}
    curves: dict[tuple[int, int], float] = {}
    routes: dict[tuple[int, int], list[Segment]] = {}
    for pre, node in graph.links:
        band, pre_band = graph.rank(node), graph.rank(pre)
        (x1, y1, _r1), (x2, y2, _r2) = layout.centres[pre], layout.centres[node]
        if band == pre_band or (pre, node) in back or column[node] <= column[pre]:
            arc = 0.0
            lo, hi = sorted((column[pre], column[node]))
            if lane[pre] == lane[node] and band == pre_band:
                if any((band, lane[node], c) in occupied for c in range(lo + 1, hi)):
                    arc = R_MAX + 18 + 6 * min(hi - lo, 4)
            elif (pre, node) in back and x1 == x2:
                arc = R_MAX + 10
            curves[(pre, node)] = arc
            continue
        g1 = x1 + COL_W / 2  # the gutter right after the prerequisite
        g2 = x2 - COL_W / 2  # the gutter right before the concept
        band_top, band_height = layout.band_box[band]
        if g1 == g2:
            routes[(pre, node)] = [("v", round(g1), min(y1, y2), max(y1, y2), ("s", pre))]
            continue
        gap_y = band_top - BAND_GAP / 2 if y2 > y1 else band_top + band_height + BAND_GAP / 2
        routes[(pre, node)] = [
            ("v", round(g1), min(y1, gap_y), max(y1, gap_y), ("s", pre)),
            ("h", round(gap_y), g1, g2, ("s", pre)),
            ("v", round(g2), min(gap_y, y2), max(gap_y, y2), ("t", node)),
        ]
    return curves, routes


def route_points(a: Circle, b: Circle, segs: list[Segment], offsets: list[float]) -> list[Point]:
    """The corners of a routed link from circle `a` to circle `b`, its segments on their tracks."""
    (x1, y1, r1), (x2, y2, r2) = a, b
    points = [(x1 + r1, y1), (segs[0][1] + offsets[0], y1)]
    if len(segs) == 3:
        gap_y = segs[1][1] + offsets[1]
        points += [(segs[0][1] + offsets[0], gap_y), (segs[2][1] + offsets[2], gap_y)]
    points += [(points[-1][0], y2), (x2 - r2 - ARROW_GAP, y2)]
    return points


def route_links(layout: Layout) -> list[MapEdge]:
    """Every link drawn, long ones first so short, local ones sit on top."""
    graph, centres = layout.graph, layout.centres
    curves, routes = plan_links(layout)
    offsets = allocate_tracks(routes)
    edges: list[MapEdge] = []
    for pre, node in graph.links:
        if (pre, node) in curves:
            d = curve_path(centres[pre], centres[node], curves[(pre, node)])
        else:
            segs = routes[(pre, node)]
            off = [offsets[(pre, node, i)] for i in range(len(segs))]
            d = rounded_path(route_points(centres[pre], centres[node], segs, off))
        edges.append(
            MapEdge(
                source_id=pre,
                target_id=node,
                d=d,
                area_index=layout.band_of[graph.rank(node)],
                back=(pre, node) in layout.back,
            )
        )
    # Stable for equal lengths.
    edges.sort(
        key=lambda e: (
            -abs(centres[e.target_id][1] - centres[e.source_id][1]),
            e.source_id,
            e.target_id,
        )
    )
    return edges
