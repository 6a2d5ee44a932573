"""Light or dark: the system's choice unless the person chose one, remembered in a cookie.

The page says which on <html data-theme> (site.css holds both palettes); with no choice it
follows `prefers-color-scheme`. A choice is a POST to `/theme/` (field `theme`: `auto`,
`light` or `dark`), which works without JavaScript and comes back to the page.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from apps.caching.pages import page_variant_set
from apps.core.errors import InvalidAction
from apps.core.views import safe_next

THEME_COOKIE = "theme"
THEME_COOKIE_SECONDS = 365 * 24 * 3600
THEMES = {"auto": _("As the system"), "light": _("Light"), "dark": _("Dark")}


def theme_of(request: HttpRequest) -> str:
    """The person's choice: "light", "dark", or "auto" (none, or one we do not know)."""
    chosen = request.COOKIES.get(THEME_COOKIE)
    return chosen if chosen in THEMES else "auto"


def theme_context(request: HttpRequest) -> dict:
    return {"theme": theme_of(request), "themes": THEMES}


class ThemeMiddleware:
    """Kept pages differ by the chosen theme (<html data-theme>): say so before any view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        page_variant_set(request, "theme", theme_of(request))
        return self.get_response(request)


@require_POST
def theme_choose(request: HttpRequest) -> HttpResponse:
    theme = request.POST.get("theme", "")
    if theme not in THEMES:
        raise InvalidAction(_("Choose a colour scheme: as the system, light or dark."))
    response = redirect(safe_next(request) or "/")
    if theme == "auto":
        response.delete_cookie(THEME_COOKIE)
    else:
        response.set_cookie(THEME_COOKIE, theme, max_age=THEME_COOKIE_SECONDS, samesite="Lax")
    return response
