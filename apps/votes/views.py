from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.answers.models import Answer
from apps.core.errors import ActionRefused
from apps.core.views import login_prompt, refused
from apps.questions.models import Question
from apps.trust.ratelimits import rate_limited, rate_limited_response
from apps.votes.services import vote_cast


@require_POST
def vote(request, pk: int, kind: str):
    """POST `value`: 1 up, -1 down, 0 retract (the same way again also retracts)."""
    if kind == "question":
        post = get_object_or_404(Question, pk=pk)
    else:
        post = get_object_or_404(Answer.objects.select_related("question"), pk=pk)
    if not request.user.is_authenticated:
        return login_prompt(request, post.get_absolute_url())
    try:
        value = int(request.POST.get("value", ""))
    except ValueError:
        return refused(request, _("A vote is 1 (up), -1 (down) or 0 (retract)."), 400)
    if rate_limited(request, "vote"):
        return rate_limited_response(request)
    try:
        cast = vote_cast(user=request.user, post=post, value=value)
    except ActionRefused as error:
        return refused(request, error.message, error.status)
    if not request.htmx:
        return redirect(post)
    return render(
        request,
        "votes/_widget.html",
        {"post": post, "kind": kind, "user_vote": cast.value if cast else None},
    )
