"""The papers being implemented here, each with its reported and reproduced results."""

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render

from apps.caching.events import COUNTS, LISTS, PEOPLE
from apps.caching.pages import visitor_page
from apps.papers.models import PaperImplementation

# Set by asking and editing (lists), gone with a deleted question (lists, counts); the
# askers' names beside them (people).
PAPERS_PAGE = (LISTS, COUNTS, PEOPLE)


@visitor_page(PAPERS_PAGE, params=("page",))
def index(request):
    """Paper-implementation questions, newest first: the count, then a page of rows with
    their questions and askers (two queries, whatever the page holds)."""
    paginator = Paginator(PaperImplementation.objects.for_list(), settings.QUESTIONS_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    return render(request, "papers/index.html", {"page": page})
