"""The concept map: every concept and its prerequisite links, laid out on the server as SVG.

`build_concept_map()` is a pure function from rows to coordinates: areas become horizontal bands
(in `Area.position` order), columns follow prerequisite depth across the whole graph (foundations
left, advanced concepts right), and every prerequisite link points to the right. The output is
deterministic, so it can be cached; it holds localized names, so a cache must be keyed by language.
"""

from __future__ import annotations

import math
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

# --- Geometry (SVG user units = CSS px at 1:1) -------------------------------------------------
PAD_X = 16  # left and right margin around the bands
AXIS_H = 34  # strip above the bands for the "foundations → advanced" axis
COL_W = 144  # one prerequisite-depth column
LANE_H = 112  # one row of nodes inside a band: circle plus up to three label lines
BAND_HEADER = 34  # area name at the top of its band
BAND_PAD_BOTTOM = 4
BAND_GAP = 22  # also the channel where links between bands run sideways
BOTTOM_PAD = 12
R_MIN = 11.0
R_MAX = 24.0
LABEL_GAP = 17  # from the bottom of the largest circle to the first label baseline
LINE_H = 16.5  # between primary label lines
OTHER_GAP = 15  # from the last primary line to the other-language line
PRIMARY_SIZE = 13.5  # px; keep in step with .cm-label in static/css/conceptmap.css
OTHER_SIZE = 11.0  # px; .cm-label-other
LABEL_MAX_W = COL_W - 14
ARROW_GAP = 2.5  # between the arrow tip and the circle it points at
CORNER = 12.0  # radius of a routed link's corners
TRACKS = (0.0, 4.0, -4.0, 8.0, -8.0, 12.0, -12.0)  # offsets of links sharing a gutter or gap
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


# --- Output ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class LabelLine:
    text: str
    y: float
    primary: bool


@dataclass(frozen=True)
class MapEdge:
    source_id: int  # the prerequisite
    target_id: int  # the concept that builds on it
    d: str  # SVG path data: one cubic Bézier
    area_index: int  # colour of the dependent's area, for highlighting
    back: bool = False  # part of a prerequisite cycle (bad data): drawn dashed


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
class Marker:
    id: str
    colour: str


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
        return f"0 0 {_num(self.width)} {_num(self.height)}"

    @property
    def axis_right_x(self) -> float:
        return self.width - PAD_X - 6

    @property
    def axis_left_x(self) -> float:
        return PAD_X + 6


# --- Text measurement --------------------------------------------------------------------------
_NARROW = set("ijlI.,:;'|!()[]{}`")
_SEMI = set('frt-/"*')
_WIDE_LATIN = set("mwMW@%")


def _char_em(ch: str) -> float:
    """Approximate advance width in em of one character in Pretendard / Noto Sans KR."""
    if ch == " ":
        return 0.27
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 0.92
    if ch in _NARROW:
        return 0.28
    if ch in _SEMI:
        return 0.38
    if ch in _WIDE_LATIN:
        return 0.85
    if ch.isupper():
        return 0.66
    if ch.isdigit():
        return 0.58
    if ch.isascii():
        return 0.54
    return 0.6  # Greek, accents, symbols


def text_width(text: str, size: float) -> float:
    return sum(_char_em(ch) for ch in text) * size


def _fit(text: str, size: float, max_w: float) -> str:
    """`text` cut with an ellipsis so that it fits in `max_w`."""
    if text_width(text, size) <= max_w:
        return text
    out = ""
    for ch in text:
        if text_width(out + ch + "…", size) > max_w:
            break
        out += ch
    return out.rstrip() + "…"


def _split_long(word: str, size: float, max_w: float) -> list[str]:
    """Break a word that is wider than a line into pieces by character."""
    pieces, cur = [], ""
    for ch in word:
        if cur and text_width(cur + ch, size) > max_w:
            pieces.append(cur)
            cur = ch
        else:
            cur += ch
    if cur:
        pieces.append(cur)
    return pieces


def wrap_label(text: str, size: float, max_w: float, max_lines: int = 2) -> list[str]:
    """Wrap at spaces (Korean too: words are not broken inside unless they must be) into at most
    `max_lines` lines; the last line ends in an ellipsis if the text does not fit."""
    text = " ".join(text.split())
    if not text:
        return []
    words: list[str] = []
    for word in text.split(" "):
        words.extend(_split_long(word, size, max_w) if text_width(word, size) > max_w else [word])
    lines: list[str] = []
    cur = ""
    for i, word in enumerate(words):
        candidate = f"{cur} {word}" if cur else word
        if text_width(candidate, size) <= max_w:
            cur = candidate
            continue
        lines.append(cur)
        cur = word
        if len(lines) == max_lines - 1:
            cur = " ".join([cur, *words[i + 1 :]])
            break
    lines.append(_fit(cur, size, max_w))
    return lines[:max_lines]


# --- Helpers -----------------------------------------------------------------------------------
def _num(value: float) -> str:
    """A coordinate for SVG: at most one decimal, no trailing zeros, never localized."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def count_label(count: int) -> str:
    if count <= 0:
        return ""
    if count < 1000:
        return str(count)
    if count < 10_000:
        return f"{count / 1000:.1f}".rstrip("0").rstrip(".") + "k"
    return f"{count // 1000}k"


def radius_for(count: int, max_count: int) -> float:
    """Circle area grows linearly with the number of questions, so the radius with its sqrt."""
    if max_count <= 0 or count <= 0:
        return R_MIN
    share = min(count, max_count) / max_count
    return round(math.sqrt(R_MIN**2 + (R_MAX**2 - R_MIN**2) * share), 1)


def _nice(value: float) -> int:
    """A round number near `value` for the size legend (1, 2, 5, 10, 20, 50 …)."""
    if value <= 1:
        return 1
    exp = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * exp * 1.5:
            return int(step * exp)
    return int(10 * exp)


def _other_name(obj: Any) -> str:
    other = getattr(obj, "other_name", None)
    if other is not None:
        return other
    name_ko, name_en = getattr(obj, "name_ko", ""), getattr(obj, "name_en", "")
    return name_en if obj.name == name_ko else name_ko


def _url(tag: Any) -> str:
    getter = getattr(tag, "get_absolute_url", None)
    return getter() if getter else getattr(tag, "url", "")


# --- Layout ------------------------------------------------------------------------------------
def _levels(
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


def _heights(topo: list[int], prereqs: dict[int, list[int]], back: set) -> dict[int, int]:
    """Length of the longest chain of concepts that build on each concept."""
    height = dict.fromkeys(topo, 0)
    for node in reversed(topo):
        for pre in prereqs[node]:
            if (pre, node) not in back:
                height[pre] = max(height[pre], height[node] + 1)
    return height


def _edge_path(
    a: tuple[float, float, float], b: tuple[float, float, float], arc: float = 0.0
) -> str:
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
    return (
        f"M{_num(sx)} {_num(sy)}C{_num(c1[0])} {_num(c1[1])} "
        f"{_num(c2[0])} {_num(c2[1])} {_num(ex)} {_num(ey)}"
    )


def _allocate_tracks(routes: dict) -> dict[tuple[int, int, int], float]:
    """Give overlapping segments in one gutter or gap different offsets, except segments of the
    same owner (links leaving one prerequisite, or entering one concept), which run together."""
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


def _straight(a: tuple[float, float], p: tuple[float, float], b: tuple[float, float]) -> bool:
    same_x = math.isclose(a[0], p[0]) and math.isclose(p[0], b[0])
    return same_x or (math.isclose(a[1], p[1]) and math.isclose(p[1], b[1]))


def _rounded_path(points: list[tuple[float, float]]) -> str:
    """An axis-aligned polyline with its corners rounded by cubic Béziers (quarter circles)."""
    pts: list[tuple[float, float]] = []
    for p in points:
        if not pts or math.dist(p, pts[-1]) > 0.01:
            pts.append(p)
    # Drop points in the middle of a straight run.
    pts = [
        p for i, p in enumerate(pts) if i in (0, len(pts) - 1) or not _straight(*pts[i - 1 : i + 2])
    ]
    out = [f"M{_num(pts[0][0])} {_num(pts[0][1])}"]
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
        out.append(f"L{_num(s[0])} {_num(s[1])}")
        out.append(
            f"C{_num(c1[0])} {_num(c1[1])} {_num(c2[0])} {_num(c2[1])} {_num(e[0])} {_num(e[1])}"
        )
    out.append(f"L{_num(pts[-1][0])} {_num(pts[-1][1])}")
    return "".join(out)


def build_concept_map(
    areas: Iterable[Any], tags: Iterable[Any], edges: Iterable[tuple[int, int]]
) -> ConceptMap:
    """Lay out the concept graph.

    `areas`: objects with `id`, `slug`, `name` (and `name_ko`/`name_en` or `other_name`), in
    display order. `tags`: objects with `id`, `slug`, `name`, `other_name`, `area_id`,
    `question_count` and `get_absolute_url()`. `edges`: `(concept_id, prerequisite_id)` pairs,
    the rows of `ConceptTag.prerequisites.through` (`from_concepttag_id`, `to_concepttag_id`).
    """
    area_list = list(areas)
    tag_list = list(tags)
    area_rank = {area.id: i for i, area in enumerate(area_list)}
    tag_list = [tag for tag in tag_list if tag.area_id in area_rank]
    tag_list.sort(key=lambda t: (area_rank[t.area_id], t.slug))
    by_id = {tag.id: tag for tag in tag_list}
    order = [tag.id for tag in tag_list]

    prereqs: dict[int, list[int]] = {node: [] for node in order}
    links: list[tuple[int, int]] = []  # (prerequisite, concept)
    for concept, pre in sorted(set(edges)):
        if concept in by_id and pre in by_id and concept != pre:
            prereqs[concept].append(pre)
            links.append((pre, concept))

    topo, level, back = _levels(order, prereqs)
    height = _heights(topo, prereqs, back)
    last_col = max(level.values(), default=0)
    # Also honour the longest chain, in case breaking a cycle made it longer than the depth.
    last_col = max(last_col, *(level[n] + height[n] for n in order)) if order else 0

    # Place concepts in topological order, in their area's band: at their depth column if free,
    # else a little to the right (never past where their dependents still fit), else a new lane.
    column: dict[int, int] = {}
    lane: dict[int, int] = {}
    taken: dict[int, set[tuple[int, int]]] = defaultdict(set)
    lanes_used: dict[int, int] = defaultdict(int)
    placement_order = sorted(
        order,
        key=lambda n: (
            level[n],
            last_col - height[n] - level[n],  # the least slack first
            area_rank[by_id[n].area_id],
            by_id[n].slug,
        ),
    )
    # Sorting by level places every prerequisite before its dependents (back edges aside).
    for node in placement_order:
        band = area_rank[by_id[node].area_id]
        earliest = max(
            (column[p] + 1 for p in prereqs[node] if (p, node) not in back and p in column),
            default=0,
        )
        latest = max(earliest, last_col - height[node])
        same_band = [
            lane[p] for p in prereqs[node] if p in lane and by_id[p].area_id == by_id[node].area_id
        ]
        wanted_lane = sum(same_band) / len(same_band) if same_band else 0.0
        best: tuple[float, int, int] | None = None
        for ln in range(lanes_used[band] + 1):
            for col in range(earliest, min(latest, earliest + MAX_SHIFT) + 1):
                if (col, ln) in taken[band]:
                    continue
                cost = ln * 1.0 + (col - earliest) * 0.45 + abs(ln - wanted_lane) * 0.1
                if best is None or (cost, col, ln) < best:
                    best = (cost, col, ln)
        assert best is not None  # a fresh lane is always free
        _cost, col, ln = best
        column[node], lane[node] = col, ln
        taken[band].add((col, ln))
        lanes_used[band] = max(lanes_used[band], ln + 1)

    columns = max(last_col, *column.values()) + 1 if column else 1
    width = PAD_X * 2 + columns * COL_W
    max_count = max((t.question_count for t in tag_list), default=0)

    # Bands, top to bottom, for the areas that have concepts.
    bands: list[MapBand] = []
    band_y: dict[int, float] = {}
    band_box: dict[int, tuple[float, float]] = {}
    y = float(AXIS_H)
    counts = defaultdict(int)
    for tag in tag_list:
        counts[area_rank[tag.area_id]] += 1
    for area in area_list:
        index = area_rank[area.id]
        if not counts[index]:
            continue
        colour, dark, tint = PALETTE[len(bands) % len(PALETTE)]
        h = BAND_HEADER + lanes_used[index] * LANE_H + BAND_PAD_BOTTOM
        band_y[index] = y
        band_box[index] = (y, h)
        bands.append(
            MapBand(
                index=len(bands),
                slug=area.slug,
                name=area.name,
                other_name=_other_name(area) if _other_name(area) != area.name else "",
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
    band_of = {b_rank: i for i, b_rank in enumerate(sorted(band_y, key=band_y.__getitem__))}

    # Node geometry.
    geo: dict[int, tuple[float, float, float]] = {}
    for node in order:
        band = area_rank[by_id[node].area_id]
        cx = PAD_X + column[node] * COL_W + COL_W / 2
        cy = band_y[band] + BAND_HEADER + lane[node] * LANE_H + R_MAX + 2
        geo[node] = (cx, cy, radius_for(by_id[node].question_count, max_count))

    # Edges. Within a band: one curve (arcing over concepts in between on the same lane).
    # Between bands: routed like a metro map, with rounded corners, through the empty gutters
    # between columns and the gaps between bands, so links never cut through circles or labels.
    occupied = {(area_rank[by_id[n].area_id], lane[n], column[n]) for n in order}
    # A routed link's segments: (kind, channel position, from, to, owner) for _allocate_tracks.
    routes: dict[tuple[int, int], list[tuple[str, int, float, float, tuple]]] = {}
    simple: dict[tuple[int, int], float] = {}
    for pre, node in links:
        band, pre_band = area_rank[by_id[node].area_id], area_rank[by_id[pre].area_id]
        (x1, y1, _r1), (x2, y2, _r2) = geo[pre], geo[node]
        if band == pre_band or (pre, node) in back or column[node] <= column[pre]:
            arc = 0.0
            lo, hi = sorted((column[pre], column[node]))
            if lane[pre] == lane[node] and band == pre_band:
                if any((band, lane[node], c) in occupied for c in range(lo + 1, hi)):
                    arc = R_MAX + 18 + 6 * min(hi - lo, 4)
            elif (pre, node) in back and x1 == x2:
                arc = R_MAX + 10
            simple[(pre, node)] = arc
            continue
        g1 = x1 + COL_W / 2  # the gutter right after the prerequisite
        g2 = x2 - COL_W / 2  # the gutter right before the concept
        by, bh = band_box[band]
        if g1 == g2:
            routes[(pre, node)] = [("v", round(g1), min(y1, y2), max(y1, y2), ("s", pre))]
            continue
        gap_y = by - BAND_GAP / 2 if y2 > y1 else by + bh + BAND_GAP / 2
        routes[(pre, node)] = [
            ("v", round(g1), min(y1, gap_y), max(y1, gap_y), ("s", pre)),
            ("h", round(gap_y), g1, g2, ("s", pre)),
            ("v", round(g2), min(gap_y, y2), max(gap_y, y2), ("t", node)),
        ]
    offsets = _allocate_tracks(routes)

    map_edges: list[MapEdge] = []
    for pre, node in links:
        band = area_rank[by_id[node].area_id]
        if (pre, node) in simple:
            d = _edge_path(geo[pre], geo[node], simple[(pre, node)])
        else:
            (x1, y1, r1), (x2, y2, r2) = geo[pre], geo[node]
            segs = routes[(pre, node)]
            off = [offsets[(pre, node, i)] for i in range(len(segs))]
            points = [(x1 + r1, y1), (segs[0][1] + off[0], y1)]
            if len(segs) == 3:
                gap_y = segs[1][1] + off[1]
                points += [(segs[0][1] + off[0], gap_y), (segs[2][1] + off[2], gap_y)]
            points += [(points[-1][0], y2), (x2 - r2 - ARROW_GAP, y2)]
            d = _rounded_path(points)
        map_edges.append(
            MapEdge(
                source_id=pre,
                target_id=node,
                d=d,
                area_index=band_of[band],
                back=(pre, node) in back,
            )
        )
    # Draw long links first so short, local ones sit on top; stable for equal lengths.
    map_edges.sort(
        key=lambda e: (-abs(geo[e.target_id][1] - geo[e.source_id][1]), e.source_id, e.target_id)
    )
    touching: dict[int, list[MapEdge]] = defaultdict(list)
    for edge in map_edges:
        touching[edge.source_id].append(edge)
        touching[edge.target_id].append(edge)

    nodes: list[MapNode] = []
    for node in order:
        tag = by_id[node]
        band = bands[band_of[area_rank[tag.area_id]]]
        cx, cy, r = geo[node]
        first = cy + R_MAX + LABEL_GAP
        primary = wrap_label(tag.name, PRIMARY_SIZE, LABEL_MAX_W)
        lines = [
            LabelLine(text, round(first + i * LINE_H, 1), True) for i, text in enumerate(primary)
        ]
        other = _other_name(tag)
        if other and other != tag.name:
            lines.append(
                LabelLine(
                    _fit(" ".join(other.split()), OTHER_SIZE, LABEL_MAX_W),
                    round(first + (len(primary) - 1) * LINE_H + OTHER_GAP, 1),
                    False,
                )
            )
        nodes.append(
            MapNode(
                id=node,
                slug=tag.slug,
                name=tag.name,
                other_name=other if other != tag.name else "",
                url=_url(tag),
                area_slug=band.slug,
                area_name=band.name,
                area_index=band.index,
                question_count=tag.question_count,
                count_label=count_label(tag.question_count),
                level=level[node],
                column=column[node],
                lane=lane[node],
                x=round(cx, 1),
                y=round(cy, 1),
                radius=r,
                colour=band.colour,
                fill=band.colour if tag.question_count > 0 else EMPTY_FILL,
                stroke=band.dark if tag.question_count > 0 else band.colour,
                dark=band.dark,
                tint=band.tint,
                lines=tuple(lines),
                edges=tuple(touching[node]),
            )
        )
    # Reading order (and keyboard order): area by area, left to right, top to bottom.
    nodes.sort(key=lambda n: (n.area_index, n.column, n.lane, n.slug))

    # Size legend: no questions, a middle value, the most.
    samples: list[SizeSample] = [SizeSample(0, R_MIN)]
    if max_count > 0:
        for count in (_nice(max_count / 4), max_count):
            if 0 < count <= max_count and count not in {s.count for s in samples}:
                samples.append(SizeSample(count, radius_for(count, max_count)))

    markers = (
        Marker("cm-arrow", "#9aa3b2"),
        Marker("cm-arrow-back", "#c0c6d0"),
        *(Marker(f"cm-arrow-{b.index}", b.dark) for b in bands),
    )
    return ConceptMap(
        width=float(width),
        height=float(max(height_total, AXIS_H + 40)),
        nodes=tuple(nodes),
        edges=tuple(map_edges),
        bands=tuple(bands),
        size_samples=tuple(samples),
        markers=markers,
        columns=columns,
        axis_y=22.0,
    )


def concept_map_for_site() -> ConceptMap:
    """The whole site's map in three queries, whatever the number of concepts and links."""
    from apps.tags.models import Area, ConceptTag

    areas: Sequence[Area] = list(Area.objects.only("id", "slug", "name_ko", "name_en", "position"))
    tags = list(
        ConceptTag.objects.only("id", "slug", "name_ko", "name_en", "area_id", "question_count")
    )
    edges = ConceptTag.prerequisites.through.objects.values_list(
        "from_concepttag_id", "to_concepttag_id"
    )
    return build_concept_map(areas, tags, list(edges))
