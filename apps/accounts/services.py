"""Write paths for a member's own settings: their profile and their language."""

from django.conf import settings

from apps.accounts.models import User
from apps.badges.services import badges_check_for_profile
from apps.caching.events import Event, retire
from apps.markup.rendering import render_markdown

PROFILE_FIELDS = ("display_name", "bio", "language", "email", "email_digest")


def profile_update(
    *,
    user: User,
    display_name: str,
    bio: str,
    language: str,
    email: str,
    email_digest: bool,
) -> User:
    """Save what the profile form edits; the bio's HTML is rendered here, once, and stored."""
    shown_before = user.display_name
    user.display_name = display_name
    user.bio = bio
    user.bio_html = render_markdown(bio) if bio.strip() else ""
    user.language = language
    user.email = email
    user.email_digest = email_digest
    # Only these columns: a concurrent vote moving `reputation` must not be overwritten.
    user.save(update_fields=[*PROFILE_FIELDS, "bio_html"])
    badges_check_for_profile(user_id=user.pk)
    if display_name != shown_before:  # every post of theirs shows the name
        retire(Event.DISPLAY_NAME_CHANGED)
    return user


def language_preference_update(*, user: User, language: str) -> bool:
    """Store `language` as `user`'s preference if they keep one. Returns whether it changed.

    People who leave the preference empty follow their browser (and the header's switcher,
    through its cookie); for the others the saved preference wins on every request, so the
    switcher must move it, or it would seem to do nothing.
    """
    if not user.language or language == user.language:
        return False
    if language not in dict(settings.LANGUAGES):
        return False
    User.objects.filter(pk=user.pk).update(language=language)
    user.language = language
    return True
