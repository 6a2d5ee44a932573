from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from apps.badges.achievements import (
    achievements_by_day,
    achievements_load,
    achievements_of,
    achievements_seen,
    unseen_count,
)
from apps.badges.models import BadgeAward
from apps.badges.registry import badge_get, badges_by_tier
from apps.caching.events import BADGE_PAGE
from apps.caching.pages import visitor_page
from apps.core.login_required import member_required

ACHIEVEMENTS_PAGE_SIZE = 50
HOLDERS_PAGE_SIZE = 60


@member_required()
def achievements(request):
    """My reputation changes and badges, newest first, grouped by day; seeing them marks
    them seen (those new since the last visit are marked on the page)."""
    user = request.user
    seen_at = user.achievements_seen_at
    page = Paginator(achievements_of(user), ACHIEVEMENTS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = achievements_load(page.object_list, seen_at=seen_at)
    if seen_at is None or unseen_count(user):
        achievements_seen(user=user)
    return render(
        request,
        "badges/achievements.html",
        {"page": page, "days": achievements_by_day(rows), "today": timezone.localdate()},
    )


@visitor_page(BADGE_PAGE)
def index(request):
    """Every badge by tier, with how many people hold it: one query."""
    held = dict(
        BadgeAward.objects.order_by()
        .values("badge")
        .annotate(people=Count("user", distinct=True))
        .values_list("badge", "people")
    )
    tiers = [
        (tier, [(badge, held.get(badge.slug, 0)) for badge in badges])
        for tier, badges in badges_by_tier()
    ]
    return render(request, "badges/index.html", {"tiers": tiers})


@visitor_page(BADGE_PAGE, params=("page",))
def detail(request, slug: str):
    """Who earned a badge, newest first (with the concept, for a per-concept badge)."""
    badge = badge_get(slug)
    if badge is None:
        raise Http404
    awards = BadgeAward.objects.filter(badge=slug).for_list()
    page = Paginator(awards, HOLDERS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "badges/detail.html", {"badge": badge, "page": page})
