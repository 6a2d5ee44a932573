"""The concept map page: the prerequisite graph of all concepts, drawn on the server as SVG."""

from django.shortcuts import render

from apps.core.cache import BOARD, TAGS, cached_fragment
from apps.core.page_cache import visitor_page
from apps.tags.conceptmap import concept_map_for_site
from config.routers import reads_from_replica


@visitor_page(*BOARD)
@reads_from_replica
def concept_map(request):
    """Every concept as a node linking to its tag page, grouped by area; a fixed 3 queries."""
    # Laid out and drawn once per language until a concept, link or count changes: the same
    # for members and visitors, so members only pay for the page around it.
    html = cached_fragment(
        "concept-map",
        (TAGS,),
        "tags/_concept_map.html",
        lambda: {"cmap": concept_map_for_site()},
        request,
    )
    return render(request, "tags/concept_map.html", {"map_html": html})
