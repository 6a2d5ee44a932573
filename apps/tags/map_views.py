"""The concept map page: the prerequisite graph of all concepts, drawn on the server as SVG."""

from django.shortcuts import render

from apps.tags.conceptmap import concept_map_for_site


def concept_map(request):
    """Every concept as a node linking to its tag page, grouped by area; a fixed 3 queries."""
    return render(request, "tags/concept_map.html", {"cmap": concept_map_for_site()})
