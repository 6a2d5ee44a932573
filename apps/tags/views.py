import copy
import functools

from django.contrib import messages
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.caching.events import (
    CONCEPT_DETAIL_PAGE,
    CONCEPT_PAGE,
    CONCEPTS,
    EXAMPLES,
    LIST_PAGE,
    LISTS,
    PEOPLE,
)
from apps.caching.fragments import cached, cached_fragment, keeping, kept_in_process
from apps.caching.generations import generations_stamp, generations_stamps
from apps.caching.pages import visitor_page
from apps.cards.queries import in_deck
from apps.examples.queries import where_used
from apps.following.models import followed_concept_ids
from apps.paths.models import has_learned
from apps.questions.lists import question_rows
from apps.questions.models import Question
from apps.tags.models import MAX_TAGS_PER_QUESTION, Area, ConceptTag
from apps.tags.services import tag_names_parse, tags_feedback, tags_lookup

TAG_TABS = {
    "newest": gettext_lazy("Newest"),
    "top": gettext_lazy("Top"),
    "unanswered": gettext_lazy("Unanswered"),
}
SORTS = {"name": gettext_lazy("Name"), "popular": gettext_lazy("Most questions")}
SUGGESTIONS = 8
# What a concept page's "where it is used" shows: the marks and their order, the answers and
# questions (edited, deleted), the authors' names.
WHERE_USED = (EXAMPLES, LISTS, PEOPLE)
COMBINE_MAX_INPUTS = 20  # names looked up at most, whatever a crafted URL sends


def _questions_page(
    request, questions, tabs, slugs, empty_message, stamp: str | None = None
) -> tuple[str, str]:
    """The chosen tab and its rows' HTML; `questions()` builds the list's queryset."""
    tab = request.GET.get("tab", "newest")
    if tab not in tabs:
        tab = "newest"
    rows = question_rows(
        request,
        lambda: questions().tab(tab),
        "tagged",
        tab,
        *sorted(slugs),
        tab=tab,
        empty_message=empty_message,
        stamp=stamp,
    )
    return tab, rows


@visitor_page(CONCEPT_PAGE, params=("q", "sort"))
def index(request):
    """Every concept grouped by area, with counts and D2L links; filter and sort."""
    term = request.GET.get("q", "").strip()[:60]
    sort = request.GET.get("sort", "name")
    if sort not in SORTS:
        sort = "name"

    def grouped() -> list[Area]:
        tags = ConceptTag.objects.prefetch_related("links")
        if term:
            tags = tags.search(term)
        if sort == "popular":
            tags = tags.order_by("-question_count", "slug")
        else:
            tags = tags.order_by("slug")
        areas = [
            area
            for area in Area.objects.prefetch_related(
                Prefetch("tags", queryset=tags, to_attr="listed_tags")
            )
            if area.listed_tags
        ]
        if sort == "name":
            for area in areas:
                area.listed_tags.sort(key=lambda tag: tag.name.casefold())
        return areas

    followed = followed_concept_ids(request.user)

    def areas_followed() -> dict:
        # The same for everyone (names in the reader's language): kept until a concept changes.
        areas = cached("tag-index", CONCEPT_PAGE, grouped, sort, term)
        for area in areas:
            for tag in area.listed_tags:
                tag.followed = tag.pk in followed
        return {"areas": areas, "total": sum(len(area.listed_tags) for area in areas)}

    # The grid is kept as HTML per generation and set of followed concepts (each card also
    # per follow state): the concepts are looked up only when it is rendered.
    return render(
        request,
        "tags/index.html",
        {
            "grid": SimpleLazyObject(areas_followed),
            "term": term,
            "sort": sort,
            "sorts": SORTS,
            **keeping(generations_stamp(CONCEPT_PAGE)),
            "followed_key": ",".join(map(str, sorted(followed))),
        },
    )


@visitor_page(CONCEPT_DETAIL_PAGE, params=("tab", "page"))
def detail(request, slug: str):
    # The concept itself (with its count), then its neighbours on the map and its D2L
    # sections: the same for every reader, kept.
    concept_page, concepts, lists, examples = generations_stamps(
        CONCEPT_PAGE, (CONCEPTS,), LIST_PAGE, WHERE_USED
    )
    tag = kept_in_process("concept", concept_page, lambda: _concept(slug), slug)
    if tag is None:
        raise Http404
    card = getattr(tag, "definition_card", None)
    full = functools.cache(lambda: _with_relations(tag))
    relations = cached_fragment(
        "tag-relations",
        (CONCEPTS,),
        "tags/_relations.html",
        lambda: {"tag": full()},
        request,
        slug,
        stamp=concepts,
    )
    study_box = cached_fragment(
        "tag-study",
        (CONCEPTS,),
        "tags/_study_box.html",
        lambda: {"tags": [full()], "heading": _("Study this")},
        request,
        slug,
        stamp=concepts,
    )
    tab, rows = _questions_page(
        request,
        lambda: Question.objects.for_list().filter(tags=tag),
        TAG_TABS,
        [tag.slug],
        _("No questions here yet. Ask the first one!"),
        stamp=lists,
    )
    # "Where it is used" (apps.examples): the same for every reader, kept until a mark, a vote
    # on an answer or a change to the answers and questions it shows.
    where_used_html = cached_fragment(
        "tag-where-used",
        WHERE_USED,
        "examples/_where_used.html",
        lambda: {"tag": tag, "examples": where_used(tag)},
        request,
        slug,
        stamp=examples,
    )
    return render(
        request,
        "tags/detail.html",
        {
            "where_used": where_used_html,
            "tag": tag,
            "combine_tags": [tag],
            "relations": relations,
            "study_box": study_box,
            "rows": rows,
            "tab": tab,
            "tabs": TAG_TABS,
            "following": tag.pk in followed_concept_ids(request.user),
            "card": card,
            # Asked only of members, and only when there is a card to add.
            "in_deck": card is not None and in_deck(request.user, tag),
            "learned": has_learned(request.user, tag),
        },
    )


def _with_relations(tag: ConceptTag) -> ConceptTag:
    # A copy of the kept concept (which every request shares) with its links and neighbours.
    full = copy.copy(tag)
    full._prefetched_objects_cache = {}  # its own, not the kept one's
    prefetch_related_objects([full], "links", "prerequisites", "unlocks")
    return full


def _concept(slug: str) -> ConceptTag | None:
    # With its definition card (apps.cards), if it has one: kept with the concept.
    return ConceptTag.objects.select_related("area", "definition_card").filter(slug=slug).first()


@visitor_page(LIST_PAGE, params=("tab", "page"))
def tagged(request, slugs: str):
    """Questions that have every one of the given tags (`/questions/tagged/a+b/`)."""
    wanted = list(dict.fromkeys(s for s in slugs.split("+") if s))
    tags = list(ConceptTag.objects.filter(slug__in=wanted))
    if not wanted or len(tags) != len(wanted):
        raise Http404("unknown concept")
    if len(tags) == 1:
        return redirect(tags[0])
    tab, rows = _questions_page(
        request,
        lambda: Question.objects.for_list().with_all_tags(tags),
        TAG_TABS,
        wanted,
        _("No question has all of these concepts yet."),
    )
    tags.sort(key=lambda tag: wanted.index(tag.slug))
    for tag in tags:
        tag.without_url = _combination_url([other for other in tags if other != tag])
    return render(
        request,
        "tags/tagged.html",
        {"tags": tags, "rows": rows, "tab": tab, "tabs": TAG_TABS},
    )


def _combination_url(tags: list[ConceptTag]) -> str:
    if len(tags) == 1:
        return tags[0].get_absolute_url()
    return reverse("tags:tagged", kwargs={"slugs": "+".join(tag.slug for tag in tags)})


def combine(request):
    """Questions under several concepts, chosen in a form: the ticked `concept` slugs (the tag
    index) or the current ones, plus the names typed in `add` (a name, alias or slug; several
    separated by commas). Redirects to `/questions/tagged/a+b/`, the public list; a name that
    is no concept, or more concepts than a question can have, is said and the list stays."""
    ticked = list(dict.fromkeys(request.GET.getlist("concept")))[:COMBINE_MAX_INPUTS]
    current = tags_lookup(ticked).found
    added = tags_lookup(tag_names_parse(request.GET.get("add", ""))[:COMBINE_MAX_INPUTS])
    wanted = list(dict.fromkeys([*current, *added.found]))
    refused = bool(added.unknown) or len(wanted) > MAX_TAGS_PER_QUESTION
    if added.unknown:
        messages.error(
            request,
            _("No concept is called “%(name)s”: pick one from the list of concepts.")
            % {"name": ", ".join(added.unknown)},
        )
        wanted = current
    if len(wanted) > MAX_TAGS_PER_QUESTION:
        messages.error(
            request,
            _("A question has at most %(count)d concepts, so no list can have more.")
            % {"count": MAX_TAGS_PER_QUESTION},
        )
        wanted = current if len(current) <= MAX_TAGS_PER_QUESTION else []
    if not wanted:
        if not refused:  # a refusal already says what went wrong
            messages.info(request, _("Choose at least one concept."))
        return redirect("tags:index")
    return redirect(_combination_url(wanted))


def suggest(request):
    """Autocomplete for the `tags` field: concepts matching the last comma-separated name, and
    what the names already finished mean: a near miss taken as its concept, or the refusal
    the form would give on submit (the same message, shown beside the field as you type)."""
    raw = request.GET.get("tags", "")[:300]
    names = tag_names_parse(raw)
    term = names[-1] if names and not raw.rstrip().endswith(",") else ""
    finished = names[:-1] if term else names
    chosen = {name.casefold() for name in finished}
    matches = []
    if term:
        matches = [
            tag
            for tag in ConceptTag.objects.search(term).order_by("-question_count", "slug")[:20]
            if tag.slug.casefold() not in chosen and tag.name.casefold() not in chosen
        ][:SUGGESTIONS]
    guessed, refusal = tags_feedback(user=request.user, names=finished) if finished else ([], "")
    return render(
        request,
        "tags/_suggestions.html",
        {"matches": matches, "term": term, "guessed": guessed, "refusal": refusal},
    )
