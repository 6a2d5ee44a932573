"""The concept map page: the prerequisite graph of all concepts, drawn on the server as SVG."""

from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from apps.core.cache import BOARD, TAGS, cached
from apps.core.page_cache import visitor_page
from apps.tags.conceptmap import concept_map_for_site
from config.routers import reads_from_replica


@visitor_page(*BOARD)
@reads_from_replica
def concept_map(request):
    """Every concept as a node linking to its tag page, grouped by area; a fixed 3 queries."""

    def map_html() -> str:
        context = {"cmap": concept_map_for_site()}
        return render_to_string("tags/_concept_map.html", context, request)

    # Laid out and drawn once per language until a concept, link or count changes: the same
    # for members and visitors, so members only pay for the page around it.
    html = mark_safe(cached("concept-map", (TAGS,), map_html))  # our template's output
    return render(request, "tags/concept_map.html", {"map_html": html})
