"""Asking someone to answer: the ask page's suggested people, the asker's box, declining.

Everything works as plain forms (a page at `/questions/<id>/request/`, a redirect with a
message) and with htmx (the box swapped in place). Refusals (apps.core.refusals) come back as
a page with the message, or as text for htmx.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.answer_requests.models import REQUESTS_PER_QUESTION, AnswerRequest
from apps.answer_requests.services import (
    answer_request_check,
    answer_request_create,
    answer_request_decline,
    asker_refusal,
    people_suggested,
    requests_of_question,
)
from apps.core.errors import ActionRefused
from apps.core.login_required import member_required
from apps.questions.models import Question
from apps.tags.models import ConceptTag
from apps.tags.services import tag_names_parse, tags_lookup
from apps.trust.newcomers import is_new_user
from apps.trust.ratelimits import rate_limit_check


@require_GET
def ask_people(request):
    """The ask page's companion (htmx): who answers the concepts typed so far best."""
    people = []
    if request.user.is_authenticated:
        names = tag_names_parse(request.GET.get("tags", "")[:300])[:5]
        found = tags_lookup(names).found if names else []
        if found:
            people = people_suggested(tags=[tag.pk for tag in found], exclude_ids=[request.user.pk])
    return render(
        request,
        "answer_requests/_ask_people.html",
        {
            "people": people,
            "limit": REQUESTS_PER_QUESTION,
            "new_member": request.user.is_authenticated and is_new_user(request.user),
        },
    )


def _box_context(request, question: Question, notice: str = "") -> dict:
    """What the asker's box shows: who was asked (and declined or answered), the suggested
    people, and why they may ask no one, if so."""
    requests = requests_of_question(question.pk)
    refusal = asker_refusal(user=request.user, question=question)
    remaining = max(0, REQUESTS_PER_QUESTION - len(requests))
    suggestions = []
    if not refusal and remaining:
        suggestions = people_suggested(
            tags=ConceptTag.objects.filter(questions=question.pk),
            exclude_ids=[request.user.pk, *(r.person_id for r in requests)],
            question=question,
        )
    return {
        "question": question,
        "requests": requests,
        "refusal": refusal,
        "remaining": remaining,
        "limit": REQUESTS_PER_QUESTION,
        "suggestions": suggestions,
        "notice": notice,
    }


def _box(request, question: Question, notice: str = "", status: int = 200):
    if request.htmx:
        context = _box_context(request, question, notice)
        return render(request, "answer_requests/_box.html", context, status=status)
    if notice:
        messages.success(request, notice)
    return redirect("answer_requests:request", pk=question.pk)


@member_required()
@require_http_methods(["GET", "POST"])
def request_answer(request, pk: int):
    """GET: the asker's box (htmx: the fragment; else a page), or, for someone who was asked,
    the request with a way to decline. POST `username`: ask that person to answer."""
    if request.method == "POST":
        # Even a question deleted since the form was shown reaches the rules, which say so.
        question = get_object_or_404(Question.all_objects, pk=pk)
        if question.deleted_at is not None and question.author_id != request.user.pk:
            raise Http404  # a deleted question is gone for everyone but its asker
        person = answer_request_check(
            asker=request.user, question=question, username=request.POST.get("username", "")
        )
        # What the rules refuse anyway costs no attempt.
        rate_limit_check(request, "request")
        answer_request_create(asker=request.user, question=question, person=person)
        notice = _("You asked %(name)s to answer. They will hear about it.") % {
            "name": person.public_name
        }
        return _box(request, question, notice)
    question = get_object_or_404(Question.objects.select_related("author"), pk=pk)
    if question.author_id != request.user.pk:
        received = AnswerRequest.objects.filter(question=question, person=request.user).first()
        if received is None:
            raise ActionRefused(
                _("Only the person who asked the question may ask someone to answer it.")
            )
        return render(
            request, "answer_requests/received.html", {"question": question, "received": received}
        )
    context = _box_context(request, question)
    if request.htmx:
        return render(request, "answer_requests/_box.html", context)
    return render(request, "answer_requests/request.html", context)


def _after_decline(request, pk: int, **kwargs) -> str:
    return reverse("answer_requests:request", kwargs={"pk": pk})


@member_required(form_page=_after_decline)
@require_POST
def decline(request, pk: int):
    """Decline to answer the question one was asked about; back to the request's page when
    declined from there (`from=request`), else to the inbox."""
    request_row, declined_now = answer_request_decline(user=request.user, question_id=pk)
    if declined_now:
        messages.success(request, _("You declined. The asker sees it, and nobody else is told."))
    else:
        messages.info(request, _("You had declined this request already."))
    if request.POST.get("from") == "request":
        return redirect("answer_requests:request", pk=request_row.question_id)
    return redirect("notifications:inbox")
