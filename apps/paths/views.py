"""The study paths: the list at /paths/, one path at /paths/<slug>/, the learned toggle, and
adding a whole path's definition cards to the review deck."""

from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from apps.caching.events import CONCEPT_PAGE
from apps.caching.fragments import cached, cached_fragment
from apps.cards.services import deck_add_many
from apps.core.views import login_prompt, safe_next
from apps.paths.models import Path, PathStep, learned_concept_ids
from apps.paths.order import prerequisite_order
from apps.paths.services import learned_toggle
from apps.tags.conceptmap import concept_map_for_site
from apps.tags.models import ConceptTag


@dataclass
class Progress:
    learned: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.learned / self.total) if self.total else 0


def _paths_listed() -> list[tuple[Path, frozenset[int]]]:
    """Every path with the ids of its concepts: two queries, kept until a concept changes."""
    paths = {path.pk: (path, set()) for path in Path.objects.all()}
    for path_id, tag_id in PathStep.objects.values_list("path_id", "tag_id"):
        paths[path_id][1].add(tag_id)
    return [(path, frozenset(tag_ids)) for path, tag_ids in paths.values()]


def index(request):
    """The paths, with their concept counts and, for a member, how many they have learned."""
    listed = cached("path-index", CONCEPT_PAGE, _paths_listed)
    learned = learned_concept_ids(request.user)
    rows = [
        {"path": path, "progress": Progress(len(tag_ids & learned), len(tag_ids))}
        for path, tag_ids in listed
    ]
    return render(request, "paths/index.html", {"rows": rows})


def _path_page(slug: str) -> dict | None:
    """The path and its steps in prerequisite order, with each concept's D2L sections."""
    path = Path.objects.filter(slug=slug).first()
    if path is None:
        return None
    steps = list(
        PathStep.objects.filter(path=path)
        .select_related("tag")
        .prefetch_related("tag__links")
        .order_by("id")
    )
    tag_ids = [step.tag_id for step in steps]
    edges = ConceptTag.prerequisites.through.objects.filter(
        from_concepttag_id__in=tag_ids, to_concepttag_id__in=tag_ids
    ).values_list("from_concepttag_id", "to_concepttag_id")
    ordered = prerequisite_order(steps, lambda step: step.tag_id, edges)
    return {"path": path, "steps": ordered, "tag_ids": frozenset(tag_ids)}


def detail(request, slug: str):
    """One path: its concepts in order with why and where to read, drawn on the concept map."""
    page = cached("path-page", CONCEPT_PAGE, lambda: _path_page(slug), slug)
    if page is None:
        raise Http404
    # The whole map with this path's concepts lit: the same for every reader, kept.
    path_map = cached_fragment(
        "path-map",
        CONCEPT_PAGE,
        "paths/_path_map.html",
        lambda: {"cmap": concept_map_for_site(), "highlight": page["tag_ids"]},
        request,
        slug,
    )
    learned = learned_concept_ids(request.user)
    for step in page["steps"]:
        step.learned = step.tag_id in learned
    return render(
        request,
        "paths/detail.html",
        {
            "path": page["path"],
            "steps": page["steps"],
            "path_map": path_map,
            "progress": Progress(len(page["tag_ids"] & learned), len(page["tag_ids"])),
        },
    )


def _path_progress(user, slug: str) -> tuple[Path, Progress] | None:
    path = Path.objects.filter(slug=slug).first()
    if path is None:
        return None
    tag_ids = set(PathStep.objects.filter(path=path).values_list("tag_id", flat=True))
    return path, Progress(len(tag_ids & learned_concept_ids(user)), len(tag_ids))


@require_POST
def learned(request, slug: str):
    """Mark a concept learned or not. htmx gets the toggle back (and, from a path page, the
    path's progress); a plain form goes back where it came from, with a message."""
    tag = get_object_or_404(ConceptTag.objects.only("id", "slug", "name_ko", "name_en"), slug=slug)
    if not request.user.is_authenticated:
        return login_prompt(request, tag.get_absolute_url())
    is_learned = learned_toggle(user=request.user, tag=tag)
    path_slug = request.POST.get("path", "")[:60]
    if request.htmx:
        context = {"tag": tag, "learned": is_learned, "path_slug": path_slug}
        shown = _path_progress(request.user, path_slug) if path_slug else None
        if shown is not None:
            context.update(path=shown[0], progress=shown[1], oob=True)
        return render(request, "paths/_learned_answer.html", context)
    if is_learned:
        messages.success(request, _("You marked %(name)s learned.") % {"name": tag.name})
    else:
        messages.success(request, _("%(name)s is no longer marked learned.") % {"name": tag.name})
    return redirect(safe_next(request) or tag)


@require_POST
def deck(request, slug: str):
    """Add the definition card of every concept on the path to my review deck (those already
    there stay as they are), in the path's order; back to the path with how many were added."""
    page = cached("path-page", CONCEPT_PAGE, lambda: _path_page(slug), slug)
    if page is None:
        raise Http404
    path = page["path"]
    if not request.user.is_authenticated:
        return login_prompt(request, path.get_absolute_url())
    # In the page's order, prerequisites first: the order the cards first come back in review.
    added = deck_add_many(user=request.user, tags=[step.tag for step in page["steps"]])
    if added:
        messages.success(
            request,
            ngettext(
                "%(count)d card of %(path)s is in your review deck: it comes back tomorrow.",
                "%(count)d cards of %(path)s are in your review deck: they come back tomorrow.",
                added,
            )
            % {"count": added, "path": path.name},
        )
    else:
        messages.info(
            request,
            _("Every card of %(path)s is in your review deck already.") % {"path": path.name},
        )
    return redirect(path)
