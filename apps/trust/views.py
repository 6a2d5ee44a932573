"""The public page about privileges: what reputation lets people do, and where one stands."""

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.http import require_GET

from apps.trust.privileges import Standing, is_moderator


@require_GET
def privileges(request):
    """What reputation lets people do, and (logged in) how far the person is from each."""
    standing = Standing(request.user)
    return render(
        request,
        "trust/privileges.html",
        {
            "rows": standing.rows,
            "moderator": is_moderator(request.user),
            "new_user_reputation": settings.NEW_USER_REPUTATION,
            "new_user_max_links": settings.NEW_USER_MAX_LINKS,
        },
    )
