"""A page of question rows with its pagination: the same for everyone who sees that list.

Home, concept and multi-concept pages show rows that hold nothing of the reader (votes,
answers, views, tags, author, when). So the rows' HTML is kept under the data generations,
like the pages kept for visitors, and members share it too: only the frame around it (the
header, the follow button) is rendered for each of them. A list that belongs to one person
(the Following tab, which also changes with what they follow) is rendered for them alone.
"""

from collections.abc import Callable

from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from apps.caching.events import LIST_PAGE
from apps.caching.fragments import cached_fragment
from apps.core.pagination import CountedOncePaginator

ROWS_TIMEOUT_SECONDS = 60  # what no write announces: view counts, "3 minutes ago"
TEMPLATE = "questions/_rows.html"


def question_rows(
    request,
    questions: Callable[[], QuerySet],
    *parts,
    tab: str,
    empty_message: str,
    keep: bool = True,
    stamp: str | None = None,
) -> SafeString:
    """The rows of the requested page of `questions()` (a list named by `parts`) and its
    pagination, as HTML. The queryset is built only when the rows are not kept. `stamp`: the
    lists' generations (LIST_PAGE), when the caller has just read them."""
    number = request.GET.get("page", "1")

    def context() -> dict:
        page = CountedOncePaginator(questions(), *parts).get_page(number)
        return {"page": page, "tab": tab, "empty_message": empty_message}

    if not keep:
        return mark_safe(render_to_string(TEMPLATE, context(), request))  # our template's
    return cached_fragment(
        "rows",
        LIST_PAGE,
        TEMPLATE,
        context,
        request,
        *parts,
        number,
        timeout=ROWS_TIMEOUT_SECONDS,
        stamp=stamp,
    )
