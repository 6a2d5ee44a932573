from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from apps.answers.forms import AnswerEditForm, AnswerForm
from apps.answers.models import Answer
from apps.answers.services import answer_accept, answer_can_edit, answer_create, answer_edit
from apps.core.errors import ActionRefused
from apps.core.login_required import kept_form_data, member_required
from apps.core.revisions import revision_changes
from apps.core.views import login_prompt
from apps.drafts.services import draft_discard, draft_key
from apps.markup.revisions import revision_html
from apps.questions.models import Question
from apps.questions.pages import QuestionPage, answer_sort_chosen, question_page_response
from apps.trust.privileges import EDIT_OTHERS, refusal
from apps.trust.ratelimits import rate_limit_check
from apps.trust.readers import Reader


def _answer_form_page(request, pk: int) -> str:
    """Where the answer form is: the question's page, at the form."""
    question = get_object_or_404(Question.objects.only("id", "title"), pk=pk)
    return f"{question.get_absolute_url()}#your-answer"


@require_POST
@member_required(keep=("body",), form_page=_answer_form_page)
def answer(request, pk: int):
    # Deleted or closed since the page was shown: `answer_create` says so (a 404 would not).
    question = get_object_or_404(Question.all_objects, pk=pk)
    form = AnswerForm(request.POST, user=request.user)
    if not form.is_valid():
        # The question page again, with the answer form's errors and text; nothing is saved.
        page = QuestionPage(request.user, pk, sort=answer_sort_chosen(request)[0])
        return question_page_response(request, page, answer_form=form, status=400)
    rate_limit_check(request, "answer")
    new = answer_create(author=request.user, question=question, body=form.cleaned_data["body"])
    draft_discard(user=request.user, key=draft_key("answer", question.pk))
    messages.success(request, _("Thank you for answering!"))
    return redirect(new)


def permalink(request, pk: int):
    return redirect(get_object_or_404(Answer.objects.select_related("question"), pk=pk))


@member_required(keep=("body", "summary"))
@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    # A submit reaches the service even for an answer deleted since the form was shown: the
    # service says so, where a bare 404 would not.
    answers = Answer.all_objects if request.method == "POST" else Answer.objects
    answer_obj = get_object_or_404(answers.select_related("question"), pk=pk)
    if not answer_can_edit(user=request.user, answer=answer_obj):
        raise ActionRefused(refusal(request.user, EDIT_OTHERS))
    form = AnswerEditForm(
        request.POST or None,
        user=request.user,
        initial={"body": answer_obj.body, **(kept_form_data(request) or {})},
    )
    if request.method == "POST" and form.is_valid():
        answer_edit(user=request.user, answer=answer_obj, **form.cleaned_data)
        draft_discard(user=request.user, key=draft_key("edit-answer", answer_obj.pk))
        messages.success(request, _("Your edit is saved."))
        return redirect(answer_obj)
    key = draft_key("edit-answer", answer_obj.pk)
    return render(
        request, "answers/edit.html", {"form": form, "answer": answer_obj, "draft_key": key}
    )


def revisions(request, pk: int):
    """Every version of an answer, newest first, each with what it changed."""
    answer_obj = get_object_or_404(
        Answer.objects.select_related("question").only("id", "question__id", "question__title"),
        pk=pk,
    )
    history = answer_obj.revisions.select_related("author").order_by("number")
    return render(
        request,
        "answers/revisions.html",
        {"answer": answer_obj, "changes": revision_changes(list(history), render=revision_html)},
    )


@require_POST
def accept(request, pk: int):
    answer_obj = get_object_or_404(Answer.objects.select_related("question"), pk=pk)
    question = answer_obj.question
    if not request.user.is_authenticated:
        return login_prompt(request, question.get_absolute_url())
    result = answer_accept(user=request.user, answer=answer_obj)
    if not request.htmx:
        messages.success(
            request, _("Answer accepted.") if result.accepted else _("Acceptance withdrawn.")
        )
        return redirect(answer_obj)
    question.accepted_answer_id = answer_obj.pk if result.accepted else None
    # The previous choice loses its mark through an out-of-band swap.
    others = (
        Answer.objects.filter(pk=result.previous_id).select_related("question")
        if result.previous_id not in (None, answer_obj.pk)
        else []
    )
    for other in others:
        other.question = question
    return render(
        request,
        "answers/_accept_response.html",
        {
            "answer": answer_obj,
            "others": others,
            "question": question,
            "reader": Reader(request.user).of_post(answer_obj, asker=True),
        },
    )
