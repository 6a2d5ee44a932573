from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from apps.answers.forms import AnswerForm
from apps.core.revisions import revision_changes
from apps.core.views import refused
from apps.following.models import follows_question
from apps.notifications.services import notifications_read
from apps.questions.forms import QuestionEditForm, QuestionForm
from apps.questions.models import Question
from apps.questions.services import (
    question_can_edit,
    question_create,
    question_edit,
    question_register_view,
)
from apps.search.query import similar_questions

TABS = {
    "newest": gettext_lazy("Newest"),
    "active": gettext_lazy("Active"),
    "top": gettext_lazy("Top"),
    "unanswered": gettext_lazy("Unanswered"),
}


FOLLOWING_TAB = {"following": gettext_lazy("Following")}


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
    page = Paginator(questions, settings.QUESTIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "questions/list.html",
        {"page": page, "tab": tab, "tabs": tabs},
    )


@login_required
@require_http_methods(["GET", "POST"])
def ask(request):
    form = QuestionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        question = question_create(author=request.user, **form.cleaned_data)
        messages.success(request, _("Your question is posted."))
        return redirect(question)
    return render(request, "questions/ask.html", {"form": form})


def detail(request, pk: int, slug: str | None = None, answer_form=None, status: int = 200):
    question = get_object_or_404(Question.objects.for_page(request.user), pk=pk)
    if slug != question.slug:
        return redirect(question, permanent=True)
    if request.method == "GET":
        question_register_view(question=question, request=request)
        if request.user.is_authenticated:  # being here reads what was said about it
            notifications_read(user=request.user, question=question)
    context = {
        "following": follows_question(request.user, question),
        "question": question,
        "answers": question.prefetched_answers,
        "answer_form": answer_form or AnswerForm(),
        "can_edit": question_can_edit(user=request.user, question=question),
        "related": similar_questions(question.title, exclude_id=question.pk),
    }
    return render(request, "questions/detail.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    question = get_object_or_404(Question, pk=pk)
    if not question_can_edit(user=request.user, question=question):
        return refused(request, _("Only the author can edit this question."))
    form = QuestionEditForm(
        request.POST or None,
        user=request.user,
        initial={
            "title": question.title,
            "body": question.body,
            "tags": ", ".join(tag.name for tag in question.tags.all()),
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
