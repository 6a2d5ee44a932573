"""Write paths for a member's own settings: their profile, language and email address."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import User
from apps.badges.services import badges_check_for_profile
from apps.caching.events import Event, retire
from apps.core.errors import InvalidAction
from apps.markup.rendering import render_markdown

EMAIL_TAKEN_MESSAGE = _(
    "Another account already uses this email address. If it is yours, reset its password "
    "from the login page."
)


class EmailTaken(InvalidAction):
    """Another account has this address (any case)."""

    def __init__(self):
        super().__init__(str(EMAIL_TAKEN_MESSAGE))


PROFILE_FIELDS = (
    "display_name",
    "bio",
    "language",
    "email_digest",
    "accepts_answer_requests",
)


def profile_update(
    *,
    user: User,
    display_name: str,
    bio: str,
    language: str,
    email_digest: bool,
    accepts_answer_requests: bool | None = None,
) -> User:
    """Save what the profile form edits; the bio's HTML is rendered here, once, and stored.

    The email address is not part of it: `email_change` alone changes it (it must be
    verified again)."""
    shown_before = user.display_name
    user.display_name = display_name
    user.bio = bio
    user.bio_html = render_markdown(bio) if bio.strip() else ""
    user.language = language
    user.email_digest = email_digest
    if accepts_answer_requests is not None:  # None: left as it is
        user.accepts_answer_requests = accepts_answer_requests
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


def email_change(*, user: User, email: str) -> User:
    """Give `user` a new (or no) address, unverified until they open the link mailed to it.

    Refused with `EmailTaken` when another account has it (any case): the database constraint
    decides, so two members racing for one address cannot both get it. No address means no
    digest either.
    """
    user.email = email
    user.email_verified = False
    fields = ["email", "email_verified"]
    if not email and user.email_digest:
        user.email_digest = False
        fields.append("email_digest")
    try:
        with transaction.atomic():
            user.save(update_fields=fields)
    except IntegrityError as error:
        raise EmailTaken from error
    return user


def email_verify(*, user_id: int, email: str) -> User | None:
    """Mark the address as verified if it is still the member's. Returns the member, or None
    when the link names an address they no longer have (or a member who is gone)."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or user.email.lower() != email.lower():
        return None
    if not user.email_verified:
        User.objects.filter(pk=user.pk, email=user.email).update(email_verified=True)
        user.email_verified = True
    return user
