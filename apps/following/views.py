from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core.views import login_prompt
from apps.following.services import concept_follow_toggle, question_follow_toggle
from apps.questions.models import Question
from apps.tags.models import ConceptTag


def _answer(request, target, following: bool, follow_url: str, name: str):
    """htmx gets the button back; a plain form post goes back to the page, with a message."""
    if request.htmx:
        return render(
            request,
            "following/_button.html",
            {"following": following, "follow_url": follow_url, "name": name},
        )
    if following:
        messages.success(request, _("You follow %(name)s now.") % {"name": name})
    else:
        messages.success(request, _("You no longer follow %(name)s.") % {"name": name})
    return redirect(target)


@require_POST
def follow_concept(request, slug: str):
    tag = get_object_or_404(ConceptTag, slug=slug)
    if not request.user.is_authenticated:
        return login_prompt(request, tag.get_absolute_url())
    following = concept_follow_toggle(user=request.user, tag=tag)
    return _answer(request, tag, following, request.path, tag.name)


@require_POST
def follow_question(request, pk: int):
    question = get_object_or_404(Question.objects.only("id", "title"), pk=pk)
    if not request.user.is_authenticated:
        return login_prompt(request, question.get_absolute_url())
    following = question_follow_toggle(user=request.user, question=question)
    return _answer(request, question, following, request.path, question.title)
