"""The concept map page: the prerequisite graph of all concepts, drawn on the server as SVG."""

from django.shortcuts import render

from apps.core.cache import BOARD, TAGS, cached
from apps.core.page_cache import visitor_page
from apps.tags.conceptmap import concept_map_for_site
from config.routers import reads_from_replica


@visitor_page(*BOARD)
@reads_from_replica
def concept_map(request):
    """Every concept as a node linking to its tag page, grouped by area; a fixed 3 queries."""
    # Laid out once per language until a concept, link or count changes.
    cmap = cached("concept-map", (TAGS,), concept_map_for_site)
    return render(request, "tags/concept_map.html", {"cmap": cmap})
