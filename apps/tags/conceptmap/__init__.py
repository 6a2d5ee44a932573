"""The concept map: every concept and its prerequisite links, laid out on the server as SVG.

`build_concept_map()` is a pure function from rows to coordinates, in three parts: `layout`
places concepts (areas become bands, columns follow prerequisite depth, so every prerequisite
link points to the right), `routing` draws the links between them around the circles, and
`labels` fits each concept's Korean and English names under its circle; `build` puts them
together. The output is deterministic, so it can be cached; it holds localized names, so a cache
must be keyed by language.
"""

from apps.tags.conceptmap.build import (
    ConceptMap,
    MapNode,
    build_concept_map,
    concept_map_for_site,
)
from apps.tags.conceptmap.labels import (
    OTHER_SIZE,
    PRIMARY_SIZE,
    LabelLine,
    count_label,
    text_width,
    wrap_label,
)
from apps.tags.conceptmap.layout import EMPTY_FILL, PALETTE, MapBand, SizeSample, radius_for
from apps.tags.conceptmap.routing import MapEdge, Marker

__all__ = [
    "EMPTY_FILL",
    "OTHER_SIZE",
    "PALETTE",
    "PRIMARY_SIZE",
    "ConceptMap",
    "LabelLine",
    "MapBand",
    "MapEdge",
    "MapNode",
    "Marker",
    "SizeSample",
    "build_concept_map",
    "concept_map_for_site",
    "count_label",
    "radius_for",
    "text_width",
    "wrap_label",
]
