from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core.errors import InvalidAction
from apps.core.views import login_prompt
from apps.posts.kinds import post_kind
from apps.trust.ratelimits import rate_limit_check
from apps.trust.readers import Reader
from apps.votes.services import vote_cast


@require_POST
def vote(request, pk: int, kind: str):
    """POST `value`: 1 up, -1 down, 0 retract (the same way again also retracts)."""
    model = post_kind(kind).model  # the URL names the kind: /questions/<id>/vote/, /answers/…
    post = get_object_or_404(model.objects.select_related(*post_kind(kind).select), pk=pk)
    if not request.user.is_authenticated:
        return login_prompt(request, post.get_absolute_url())
    try:
        value = int(request.POST.get("value", ""))
    except ValueError as error:
        raise InvalidAction(_("A vote is 1 (up), -1 (down) or 0 (retract).")) from error
    rate_limit_check(request, "vote")
    cast = vote_cast(user=request.user, post=post, value=value)
    if not request.htmx:
        return redirect(post)
    reader = Reader(request.user).of_post(post, vote=cast.value if cast else 0)
    return render(request, "votes/_widget.html", {"post": post, "kind": kind, "reader": reader})
