"""Offering and awarding a bounty: POST, then back to the question with a message.

Both work without JavaScript (a redirect with a message) and with htmx, which is asked to
load the question's page again (`HX-Redirect`): a bounty changes the box, every answer's
award button and the winner's mark at once, so the whole page is the fragment. Refusals
(apps.core.refusals) come back as a page with the message, or as text for htmx.
"""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.answers.models import Answer
from apps.bounties.models import question_bounty_refusal
from apps.bounties.services import bounty_amount_parse, bounty_award, bounty_offer
from apps.core.errors import ActionRefused
from apps.core.views import login_prompt
from apps.questions.models import Question
from apps.trust.privileges import BOUNTY, has_privilege, refusal
from apps.trust.ratelimits import rate_limit_check


def _done(request, url: str, anchor: str = "") -> HttpResponse:
    if request.htmx:
        # Without the anchor: a URL differing from the page's only by one would just scroll.
        return HttpResponse(status=204, headers={"HX-Redirect": url})
    return redirect(url + anchor)


@require_POST
def offer(request, pk: int):
    """POST `amount`: set a bounty on the question."""
    question = get_object_or_404(Question.objects, pk=pk)
    if not request.user.is_authenticated:
        return login_prompt(request, question.get_absolute_url())
    if not has_privilege(request.user, BOUNTY):
        raise ActionRefused(refusal(request.user, BOUNTY))
    amount = bounty_amount_parse(request.POST.get("amount", ""))
    # What the service would refuse anyway costs no attempt (it checks again, under the lock).
    reason = question_bounty_refusal(question)
    if reason:
        raise ActionRefused(reason)
    rate_limit_check(request, "bounty")
    bounty = bounty_offer(user=request.user, question=question, amount=amount)
    messages.success(
        request,
        _("Your bounty of %(amount)d reputation is open for answers.") % {"amount": bounty.amount},
    )
    return _done(request, question.get_absolute_url())


@require_POST
def award(request, pk: int):
    """Award the question's open bounty to this answer."""
    answer = get_object_or_404(Answer.objects.select_related("question", "author"), pk=pk)
    if not request.user.is_authenticated:
        return login_prompt(request, answer.question.get_absolute_url())
    bounty = bounty_award(user=request.user, answer=answer)
    messages.success(
        request,
        _("You awarded the bounty of %(amount)d reputation to %(name)s.")
        % {"amount": bounty.awarded_amount, "name": answer.author.public_name},
    )
    return _done(request, answer.question.get_absolute_url(), f"#answer-{answer.pk}")
