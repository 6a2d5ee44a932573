from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from apps.caching.events import LIST_PAGE, question_page
from apps.caching.pages import visitor_page
from apps.core.errors import ActionRefused
from apps.core.login_required import kept_form_data, member_required
from apps.core.revisions import revision_changes
from apps.drafts.services import draft_discard, draft_key
from apps.following.models import followed_concept_ids
from apps.markup.revisions import revision_html
from apps.notifications.services import notifications_read_here
from apps.papers.forms import PAPER_FIELDS, paper_initial
from apps.papers.models import PaperImplementation
from apps.papers.services import paper_claim_of
from apps.questions.forms import QuestionEditForm, QuestionForm
from apps.questions.lists import question_rows
from apps.questions.models import Question
from apps.questions.pages import (
    ANSWER_SORT_COOKIE,
    ANSWER_SORT_PARAM,
    QuestionPage,
    answer_sort_chosen,
    answer_sort_remember,
    question_page_response,
)
from apps.questions.services import (
    question_can_edit,
    question_create,
    question_edit,
    question_register_view,
)
from apps.reading.sections import section_get
from apps.tags.models import ConceptTag
from apps.trust.privileges import EDIT_OTHERS, refusal
from apps.trust.ratelimits import rate_limit_check

TABS = {
    "newest": gettext_lazy("Newest"),
    "active": gettext_lazy("Active"),
    "top": gettext_lazy("Top"),
    "unanswered": gettext_lazy("Unanswered"),
    "featured": gettext_lazy("Featured"),  # with an open bounty (apps.bounties)
}


FOLLOWING_TAB = {"following": gettext_lazy("Following")}


@visitor_page(LIST_PAGE, params=("tab", "page"))
def question_list(request):
    tabs = {**TABS, **FOLLOWING_TAB} if request.user.is_authenticated else TABS
    tab = request.GET.get("tab", "newest")
    if tab not in tabs:
        tab = "newest"
    mine = tab == "following"  # the only per-person list

    def listed():
        questions = Question.objects.for_list()
        if mine:  # the newest questions under the concepts I follow
            return questions.under_concepts_followed_by(request.user).tab("newest")
        return questions.tab(tab)

    rows = question_rows(
        request,
        listed,
        "home",
        tab,
        # Its total is kept under what they follow, so following a concept shows at once.
        sorted(followed_concept_ids(request.user)) if mine else None,
        tab=tab,
        empty_message=_list_empty_message(tab),
        keep=not mine,
    )
    return render(request, "questions/list.html", {"tab": tab, "tabs": tabs, "rows": rows})


def _list_empty_message(tab: str) -> str:
    if tab == "unanswered":
        return _("Every question has an answer. Well done, everyone!")
    if tab == "featured":
        return _("No question has an open bounty right now.")
    if tab == "following":
        return _(
            "Nothing here yet: follow a few concepts on the concepts page, and their newest "
            "questions appear here."
        )
    return _("No questions yet. Be the first to ask!")


# The optional fields kept too when a login expires: the D2L section, the paper (apps.papers).
EXTRA_FIELDS = ("section", *PAPER_FIELDS)


@member_required(keep=("title", "body", "tags", *EXTRA_FIELDS))
@require_http_methods(["GET", "POST"])
def ask(request):
    # Asked from a section's page (/read/22.7/) or a definition card (?title=…&tags=…): those
    # fill the empty form; anything else in the address is ignored, never an error.
    initial = _ask_prefill(request) or {}
    section = section_get(request.GET.get("section", ""))
    if section is not None:
        initial["section"] = section.number
    initial.update(kept_form_data(request) or {})
    form = QuestionForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        # Counted once the question would be posted: fixing a form's mistakes costs nothing.
        rate_limit_check(request, "ask")
        question = question_create(author=request.user, **form.cleaned_data)
        draft_discard(user=request.user, key=draft_key("ask"))
        messages.success(request, _("Your question is posted."))
        return redirect(question)
    return render(request, "questions/ask.html", {"form": form})


def _ask_prefill(request) -> dict[str, str] | None:
    """`?title=…&tags=…` start the ask form (a definition card's "still confusing" link): only
    shown in the empty form, checked like anything typed when it is sent."""
    if request.method != "GET":
        return None
    return {
        field: request.GET[field][:300] for field in ("title", "tags") if field in request.GET
    } or None


def _question_page_scopes(pk: int, slug: str | None = None, **kwargs) -> tuple[str, ...]:
    return question_page(pk)


def _count_visitor_view(request, pk: int, slug: str | None = None) -> None:
    """A visitor served the kept page is counted as the view would count them."""
    if request.method == "GET":
        question_register_view(question_id=pk, request=request)


@visitor_page(
    _question_page_scopes,
    params=(ANSWER_SORT_PARAM,),
    cookies=(ANSWER_SORT_COOKIE,),
    on_hit=_count_visitor_view,
)
def detail(request, pk: int, slug: str | None = None):
    sort, chosen_now = answer_sort_chosen(request)
    page = QuestionPage(request.user, pk, sort=sort)
    question = page.question
    if slug != question.slug:
        return redirect(question, permanent=True)
    if request.method == "GET" and question.deleted_at is None:
        if question_register_view(question_id=question.pk, request=request):
            page.view_count += 1
        if page.unread_here:  # being here reads what was said about it
            notifications_read_here(request, question=question)
    response = question_page_response(request, page)
    if chosen_now:
        answer_sort_remember(response, sort)
    return response


@member_required(keep=("title", "body", "tags", "summary", *EXTRA_FIELDS))
@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    # A submit reaches the service even for a question deleted since the form was shown: the
    # service says so, where a bare 404 would not.
    questions = Question.all_objects if request.method == "POST" else Question.objects
    question = get_object_or_404(questions, pk=pk)
    if not question_can_edit(user=request.user, question=question):
        raise ActionRefused(refusal(request.user, EDIT_OTHERS))
    form = QuestionEditForm(
        request.POST or None,
        user=request.user,
        initial={
            "title": question.title,
            "body": question.body,
            "tags": ", ".join(tag.name for tag in question.tags.all()),
            "section": question.d2l_section,
            **paper_initial(
                paper_claim_of(PaperImplementation.objects.filter(question=question).first())
            ),
            **(kept_form_data(request) or {}),
        },
    )
    if request.method == "POST" and form.is_valid():
        question_edit(user=request.user, question=question, **form.cleaned_data)
        draft_discard(user=request.user, key=draft_key("edit-question", question.pk))
        messages.success(request, _("Your edit is saved."))
        return redirect(question)
    key = draft_key("edit-question", question.pk)
    return render(
        request, "questions/edit.html", {"form": form, "question": question, "draft_key": key}
    )


def revisions(request, pk: int):
    """Every version of a question, newest first, each with what it changed."""
    question = get_object_or_404(Question.objects.only("id", "title"), pk=pk)
    history = list(question.revisions.select_related("author").order_by("number"))
    slugs = {slug for revision in history for slug in revision.tag_slugs}
    names = {tag.slug: tag.name for tag in ConceptTag.objects.filter(slug__in=slugs)}
    changes = revision_changes(
        history, tag_label=lambda slug: names.get(slug, slug), render=revision_html
    )
    return render(request, "questions/revisions.html", {"question": question, "changes": changes})
