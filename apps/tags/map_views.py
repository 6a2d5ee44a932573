"""The concept map page: the prerequisite graph of all concepts, drawn on the server as SVG."""

from django.shortcuts import render

from apps.caching.events import CONCEPT_PAGE
from apps.caching.fragments import cached_fragment
from apps.caching.pages import visitor_page
from apps.tags.conceptmap import concept_map_for_site


@visitor_page(CONCEPT_PAGE)
def concept_map(request):
    """Every concept as a node linking to its tag page, grouped by area; a fixed 3 queries."""
    # Laid out and drawn once per language until a concept, link or count changes: the same
    # for members and visitors, so members only pay for the page around it.
    html = cached_fragment(
        "concept-map",
        CONCEPT_PAGE,
        "tags/_concept_map.html",
        lambda: {"cmap": concept_map_for_site()},
        request,
    )
    return render(request, "tags/concept_map.html", {"map_html": html})
