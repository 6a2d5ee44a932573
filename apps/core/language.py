"""Korean first: the language a page is in, and the offer of English to English browsers.

Django's LocaleMiddleware follows the browser's Accept-Language, so an English browser got an
all-English site. Gachi is Korean first: a page is in Korean unless the person chose English
(the language menu's cookie; a member's saved preference wins over both, in
apps.accounts.middleware). A browser that would rather read another of our languages, and has
not chosen, is offered it in one line (`request.language_offer`, shown by base.html).
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

from apps.caching.pages import page_variant_set


def reads_english() -> bool:
    """Whether the page being made is in English (else Korean)."""
    return (translation.get_language() or settings.LANGUAGE_CODE).startswith("en")


def in_reader_language(korean: str, english: str) -> str:
    """Our text in the reader's language, or in the other one where that is all we have."""
    return (english if reads_english() else korean) or korean or english


# Set on every request: the language to offer in one line, or None.
LANGUAGE_OFFER = "language_offer"


class KoreanFirstLocaleMiddleware(LocaleMiddleware):
    """LocaleMiddleware, but the browser's language is only offered, never imposed."""

    def process_request(self, request):
        languages = {code for code, _name in settings.LANGUAGES}
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in languages else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        offer = None
        if chosen not in languages:
            # With no (valid) cookie, Django reads the Accept-Language header alone.
            browser = translation.get_language_from_request(request)
            if browser != language:
                offer = browser
        setattr(request, LANGUAGE_OFFER, offer)
        page_variant_set(request, "offer", offer or "")


def language_offer_withdraw(request) -> None:
    """The person has a language of their own (a saved preference): offer nothing."""
    setattr(request, LANGUAGE_OFFER, None)
    page_variant_set(request, "offer", "")
