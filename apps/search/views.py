from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render

from apps.search.query import highlight, search_answers, search_questions, similar_questions


def search(request):
    """`/search/?q=`: words and operators; all words must match, else any word, ranked."""
    raw = request.GET.get("q", "")
    context = {"q": raw.strip()[:500]}
    if raw.strip():
        result = search_questions(raw)
        items = result.questions
        if result.parsed.kind == "answer":
            items = search_answers(result)
        page = Paginator(items, settings.QUESTIONS_PER_PAGE).get_page(request.GET.get("page"))
        for item in page.object_list:
            text = item.body if result.parsed.kind == "answer" else item.search_text or ""
            item.snippet = highlight(text, result.highlight_terms)
        context.update(result=result, page=page)
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
