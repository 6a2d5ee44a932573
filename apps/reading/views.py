"""Reading D2L together: every section with the questions asked while reading it."""

from django.db.models import Count, Exists, OuterRef
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from apps.caching.events import COUNTS, LIST_PAGE, LISTS
from apps.caching.pages import visitor_page
from apps.questions.lists import question_rows
from apps.questions.models import Question
from apps.reading.sections import chapters, section_get
from apps.tags.models import ConceptTag, StudyLink

# The counts move when a question is asked, deleted or restored, or its section edited.
INDEX_PAGE = (LISTS, COUNTS)


def section_counts() -> dict[str, int]:
    """How many live questions were asked while reading each section: one query."""
    rows = (
        Question.objects.exclude(d2l_section="")
        .values_list("d2l_section")
        .annotate(n=Count("id"))
        .order_by()
    )
    return dict(rows)


@visitor_page(INDEX_PAGE)
def index(request):
    """Every section, grouped by chapter, with how many questions were asked reading it."""
    counts = section_counts()
    listed = [
        {
            "chapter": chapter,
            "sections": [(section, counts.get(section.number, 0)) for section in chapter.sections],
            "total": sum(counts.get(section.number, 0) for section in chapter.sections),
        }
        for chapter in chapters()
    ]
    return render(
        request,
        "reading/index.html",
        {"chapters": listed, "total": sum(counts.values())},
    )


@visitor_page(LIST_PAGE, params=("tab", "page"))
def section(request, number: str):
    """A section's page: its titles and links in both editions, the concepts it teaches (those
    whose D2L links point at it), those it is only the closest reading for, and the questions
    asked while reading it."""
    found = section_get(number)
    if found is None or found.number != number:
        raise Http404
    # A concept D2L has no section on links its closest one: it is listed apart, not as taught.
    taught = StudyLink.objects.filter(tag=OuterRef("pk"), section=found.number, closest=False)
    concepts = list(
        ConceptTag.objects.filter(links__section=found.number)
        .annotate(taught=Exists(taught))
        .distinct()
        .order_by("slug")
    )
    rows = question_rows(
        request,
        lambda: Question.objects.for_list().filter(d2l_section=found.number).tab("newest"),
        "read",
        found.number,
        tab="newest",
        empty_message=_("No questions asked while reading this section yet. Ask the first one!"),
    )
    return render(
        request,
        "reading/section.html",
        {
            "section": found,
            "concepts": [tag for tag in concepts if tag.taught],
            "nearest": [tag for tag in concepts if not tag.taught],
            "rows": rows,
        },
    )
