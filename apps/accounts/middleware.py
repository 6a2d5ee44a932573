"""A logged-in member's saved language preference."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from apps.core.language import language_offer_withdraw


class UserLanguageMiddleware:
    """Activate the language a logged-in member saved in their profile, when they saved one.

    Sits right after AuthenticationMiddleware, inside the locale middleware, which has already
    picked a language from the cookie, or Korean (which is all a visitor, or a member without
    a preference, gets), and this replaces it for the rest of the request, so
    the view, the templates and LocaleMiddleware's `Content-Language` all use the saved one.
    It holds from the first request after logging in, on every device.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        # `user` is lazy: reading `is_authenticated` loads it (as any page would anyway).
        if user is not None and user.is_authenticated:
            language = user.language
            if language in self.languages:
                translation.activate(language)
                request.LANGUAGE_CODE = language
                language_offer_withdraw(request)
        return self.get_response(request)
