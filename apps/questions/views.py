from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from apps.answers.forms import AnswerForm
from apps.answers.services import answer_can_edit
from apps.core.cache import BOARD, cached
from apps.core.login_required import kept_form_data, member_required
from apps.core.page_cache import visitor_page
from apps.core.ratelimits import rate_limited, rate_limited_response
from apps.core.revisions import revision_changes
from apps.core.views import refused
from apps.following.models import follows_question
from apps.moderation.privileges import EDIT_OTHERS, is_moderator, refusal
from apps.moderation.services import post_can_delete
from apps.notifications.services import notifications_read
from apps.questions.forms import QuestionEditForm, QuestionForm
from apps.questions.lists import question_rows
from apps.questions.models import CloseReason, Question
from apps.questions.services import (
    question_can_edit,
    question_create,
    question_edit,
    question_register_view,
)
from apps.search.query import similar_questions
from config.routers import reads_from_replica

TABS = {
    "newest": gettext_lazy("Newest"),
    "active": gettext_lazy("Active"),
    "top": gettext_lazy("Top"),
    "unanswered": gettext_lazy("Unanswered"),
}


FOLLOWING_TAB = {"following": gettext_lazy("Following")}


@visitor_page(*BOARD, params=("tab", "page"))
@reads_from_replica
def question_list(request):
    tabs = {**TABS, **FOLLOWING_TAB} if request.user.is_authenticated else TABS
    tab = request.GET.get("tab", "newest")
    if tab not in tabs:
        tab = "newest"
    questions = Question.objects.for_list()
    if tab == "following":  # the newest questions under the concepts I follow
        questions = questions.under_concepts_followed_by(request.user).tab("newest")
    else:
        questions = questions.tab(tab)
    mine = tab == "following"  # the only per-person list (its total is theirs too)
    rows = question_rows(
        request,
        questions,
        "home",
        tab,
        request.user.pk if mine else None,
        tab=tab,
        empty_message=_list_empty_message(tab),
        keep=not mine,
    )
    return render(request, "questions/list.html", {"tab": tab, "tabs": tabs, "rows": rows})


def _list_empty_message(tab: str) -> str:
    if tab == "unanswered":
        return _("Every question has an answer. Well done, everyone!")
    if tab == "following":
        return _(
            "Nothing here yet: follow a few concepts on the concepts page, and their newest "
            "questions appear here."
        )
    return _("No questions yet. Be the first to ask!")


@member_required(keep=("title", "body", "tags"))
@require_http_methods(["GET", "POST"])
def ask(request):
    form = QuestionForm(request.POST or None, user=request.user, initial=kept_form_data(request))
    if request.method == "POST" and form.is_valid():
        # Counted once the question would be posted: fixing a form's mistakes costs nothing.
        if rate_limited(request, "ask"):
            return rate_limited_response(request)
        question = question_create(author=request.user, **form.cleaned_data)
        messages.success(request, _("Your question is posted."))
        return redirect(question)
    return render(request, "questions/ask.html", {"form": form})


def _count_visitor_view(request, pk: int, slug: str | None = None) -> None:
    """A visitor served the kept page is counted as the view would count them."""
    if request.method == "GET":
        question_register_view(question_id=pk, request=request)


@visitor_page(*BOARD, on_hit=_count_visitor_view)
def detail(request, pk: int, slug: str | None = None, answer_form=None, status: int = 200):
    user = request.user
    moderator = is_moderator(user)
    # Deleted questions and answers stay visible to moderators and to their authors.
    question = get_object_or_404(Question.all_objects.for_page(user, moderator=moderator), pk=pk)
    if question.deleted_at is not None and not (moderator or user.pk == question.author_id):
        raise Http404
    if slug != question.slug:
        return redirect(question, permanent=True)
    live = question.deleted_at is None
    if request.method == "GET" and live:
        if question_register_view(question_id=question.pk, request=request):
            question.view_count += 1
        if user.is_authenticated:  # being here reads what was said about it
            notifications_read(user=user, question=question)
    # What each post's footer offers this person (answer.question is the prefetch's question).
    question.can_edit = live and question_can_edit(user=user, question=question)
    question.can_delete = live and post_can_delete(user=user, post=question)
    for answer in question.prefetched_answers:
        answer.can_edit = (
            live and answer.deleted_at is None and answer_can_edit(user=user, answer=answer)
        )
        answer.can_delete = (
            live and answer.deleted_at is None and post_can_delete(user=user, post=answer)
        )
    context = {
        "following": follows_question(user, question),
        "question": question,
        "answers": question.prefetched_answers,
        "answer_form": answer_form or AnswerForm(initial=kept_form_data(request)),
        "can_answer": live and question.closed_at is None,
        "can_edit": question.can_edit,
        "moderator": moderator,
        "close_reasons": CloseReason.choices,
        "related": _related(question) if live else [],
    }
    return render(request, "questions/detail.html", context, status=status)


@member_required(keep=("title", "body", "tags", "summary"))
@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    question = get_object_or_404(Question, pk=pk)
    if not question_can_edit(user=request.user, question=question):
        return refused(request, refusal(request.user, EDIT_OTHERS))
    form = QuestionEditForm(
        request.POST or None,
        user=request.user,
        initial={
            "title": question.title,
            "body": question.body,
            "tags": ", ".join(tag.name for tag in question.tags.all()),
            **(kept_form_data(request) or {}),
        },
    )
    if request.method == "POST" and form.is_valid():
        question_edit(user=request.user, question=question, **form.cleaned_data)
        messages.success(request, _("Your edit is saved."))
        return redirect(question)
    return render(request, "questions/edit.html", {"form": form, "question": question})


def revisions(request, pk: int):
    """Every version of a question, newest first, each with what it changed."""
    question = get_object_or_404(Question.objects.only("id", "title"), pk=pk)
    history = question.revisions.select_related("author").order_by("number")
    return render(
        request,
        "questions/revisions.html",
        {"question": question, "changes": revision_changes(list(history))},
    )


def _related(question: Question) -> list[Question]:
    """The closest questions by title: a search over the whole board, so kept for the cache's
    ten minutes (a box of suggestions may lag a new question by that much)."""
    return cached(
        "related",
        (),
        lambda: similar_questions(question.title, exclude_id=question.pk),
        question.pk,
        question.title,
    )
