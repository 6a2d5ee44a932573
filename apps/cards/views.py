import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.db.models import Count, Min
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from apps.cards.models import DeckCard, ReviewLog
from apps.cards.queries import due_cards, due_count, due_count_at
from apps.cards.scheduling import previews
from apps.cards.services import card_review, deck_toggle, rating_parse
from apps.core.errors import ActionRefused
from apps.core.login_required import member_required
from apps.core.views import login_prompt
from apps.tags.models import ConceptTag


@require_POST
def deck(request, slug: str):
    """POST toggles the concept's definition card in the member's review deck."""
    tag = get_object_or_404(ConceptTag, slug=slug)
    if not request.user.is_authenticated:
        return login_prompt(request, tag.get_absolute_url())
    added = deck_toggle(user=request.user, tag=tag)
    if request.htmx:
        return render(request, "cards/_deck_button.html", {"tag": tag, "in_deck": added})
    if added:
        messages.success(
            request,
            _("%(name)s is in your review deck: it comes back for review tomorrow.")
            % {"name": tag.name},
        )
    else:
        messages.success(
            request, _("%(name)s is no longer in your review deck.") % {"name": tag.name}
        )
    return redirect(tag)


def interval_text(delta: dt.timedelta) -> str:
    """'in 10 minutes', 'in 3 days': how far a grade sends the card."""
    minutes = max(1, round(delta.total_seconds() / 60))
    if minutes < 60:
        return ngettext("in %(count)d minute", "in %(count)d minutes", minutes) % {"count": minutes}
    hours = round(minutes / 60)
    if hours < 24:
        return ngettext("in %(count)d hour", "in %(count)d hours", hours) % {"count": hours}
    days = round(hours / 24)
    return ngettext("in %(count)d day", "in %(count)d days", days) % {"count": days}


def ask_url(tag: ConceptTag) -> str:
    """The ask form, filled with the concept and a title to start from."""
    title = _("I still find the definition of %(name)s confusing") % {"name": tag.name}
    return f"{reverse('questions:ask')}?{urlencode({'title': title, 'tags': tag.name})}"


def review_context(user, now: dt.datetime, due_total: int) -> dict:
    """What /review/ shows: the first due card with its grade buttons, how many wait
    (`due_total`), or when the next one is due. One query, whatever the deck's size."""
    context: dict = {"due_total": due_total}
    current = due_cards(user, now).first() if context["due_total"] else None
    if current is not None:
        context["current"] = current
        context["concept"] = current.card.concept
        context["ask_url"] = ask_url(current.card.concept)
        context["grades"] = [
            {
                "value": int(rating),
                "label": ReviewLog.Rating(int(rating)).label,
                "when": interval_text(when - now),
            }
            for rating, when in previews(current, now).items()
        ]
    else:
        deck = DeckCard.objects.filter(user=user).aggregate(size=Count("id"), next=Min("due"))
        context["deck_size"] = deck["size"]
        context["next_due"] = deck["next"]
    return context


@member_required()
@require_GET
def review(request):
    # The member's due count came with the member (apps.accounts.backends).
    context = review_context(request.user, timezone.now(), due_count(request.user))
    return render(request, "cards/review.html", context)


@member_required()
@require_POST
def grade(request, slug: str):
    """POST `rating` (1 again, 2 hard, 3 good, 4 easy) grades the due card of concept `slug`."""
    tag = ConceptTag.objects.filter(slug=slug).first()
    if tag is None:
        raise ActionRefused(_("There is no concept “%(slug)s”.") % {"slug": slug}, status=404)
    rating = rating_parse(request.POST.get("rating"))
    deck_card, _log = card_review(user=request.user, tag=tag, rating=rating)
    now = timezone.now()
    done = _("%(name)s: %(grade)s. You will see it again %(when)s.") % {
        "name": tag.name,
        "grade": ReviewLog.Rating(rating).label,
        "when": interval_text(deck_card.due - now),
    }
    if request.htmx:
        context = review_context(request.user, now, due_count_at(request.user, now))
        context["done"] = done
        context["oob"] = True  # the header's count follows
        return render(request, "cards/_review.html", context)
    messages.success(request, done)
    return redirect("cards:review")
