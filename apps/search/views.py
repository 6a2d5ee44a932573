from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render

from apps.caching.events import LIST_PAGE
from apps.caching.fragments import cached_fragment
from apps.caching.pages import visitor_page
from apps.search.query import (
    attach_snippets,
    highlight,
    search_answers,
    search_questions,
    similar_questions,
)


@visitor_page(LIST_PAGE, params=("q", "page"))
def search(request):
    """`/search/?q=`: words and operators; all words must match, else any word, ranked."""
    raw = request.GET.get("q", "")
    number = request.GET.get("page")
    context = {"q": raw.strip()[:500]}

    def found() -> dict:
        result = search_questions(raw)
        answers = result.parsed.kind == "answer"
        items = search_answers(result) if answers else result.ids
        page = Paginator(items, settings.QUESTIONS_PER_PAGE).get_page(number)
        if answers:
            for answer in page.object_list:
                answer.snippet = highlight(answer.body, result.highlight_terms)
        else:
            page.object_list = result.questions(page.object_list)
            attach_snippets(page.object_list, result.highlight_terms)
        return {**context, "result": result, "page": page}

    if raw.strip():
        # What was found holds nothing of the reader: kept for everyone, members too.
        context["results"] = cached_fragment(
            "search", LIST_PAGE, "search/_results.html", found, request, raw, number
        )
    return render(request, "search/results.html", context)


def search_help(request):
    return render(request, "search/help.html")


def similar(request):
    """Questions like the title being typed on the ask page (htmx partial)."""
    title = request.GET.get("title", "")[:200]
    return render(
        request,
        "search/_similar.html",
        {"questions": similar_questions(title), "title": title},
    )
