from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.answers.models import Answer
from apps.core.views import login_prompt
from apps.examples.models import UsageExample, examples_attach, examples_unmarkable
from apps.examples.services import example_toggle
from apps.trust.privileges import is_moderator
from apps.trust.readers import Reader


@require_POST
def toggle(request, pk: int):
    """Mark the answer as a good example of the concept `concept` in use, or unmark it. htmx
    gets the answer's examples block back; a plain form goes back to the answer with a message."""
    answer = get_object_or_404(
        Answer.all_objects.select_related("question").prefetch_related("question__tags"), pk=pk
    )
    if not request.user.is_authenticated:
        return login_prompt(request, answer.get_absolute_url())
    result = example_toggle(
        user=request.user, answer=answer, concept_slug=str(request.POST.get("concept", ""))[:80]
    )
    if not request.htmx:
        name = result.concept.name
        if result.marked:
            messages.success(
                request, _("Marked as a good example of %(name)s in use.") % {"name": name}
            )
        else:
            messages.success(
                request, _("No longer marked as an example of %(name)s in use.") % {"name": name}
            )
        return redirect(answer)
    question = answer.question
    examples = list(
        UsageExample.objects.filter(answer=answer).select_related("concept").order_by("pk")
    )
    examples_attach([answer], {answer.pk: examples}, list(question.tags.all()))
    reader = Reader(request.user)
    asker = reader.pk == question.author_id
    side = reader.of_post(
        answer,
        asker=asker,
        examples_unmarkable=examples_unmarkable(
            answer=answer,
            reader_id=reader.pk,
            asker=asker,
            moderator=is_moderator(request.user),
        ),
    )
    return render(
        request,
        "examples/_answer.html",
        {"answer": answer, "question": question, "reader": side, "announce": True},
    )
