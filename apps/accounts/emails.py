"""The links mailed to a member to prove an address is theirs.

A verification link carries the member's id and the address, signed with SECRET_KEY and
timestamped (Django's signing): it works for EMAIL_VERIFY_DAYS, needs no table, and stops
working once the address changes (the address it names is no longer the member's). Opening it
twice does no harm. It works logged out too: the link itself is the proof.
"""

import logging

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from apps.accounts.models import User

logger = logging.getLogger(__name__)

SALT = "accounts.email-verification"
EMAIL_VERIFY_DAYS = 3


def email_verification_token(user: User) -> str:
    return signing.dumps({"user": user.pk, "email": user.email}, salt=SALT, compress=True)


def email_verification_read(token: str) -> tuple[int, str] | None:
    """The (member id, address) a token names, or None if it is forged, mangled or expired."""
    try:
        data = signing.loads(token, salt=SALT, max_age=EMAIL_VERIFY_DAYS * 24 * 60 * 60)
    except signing.BadSignature:  # SignatureExpired included
        return None
    if not isinstance(data, dict):
        return None
    user_id, email = data.get("user"), data.get("email")
    if not isinstance(user_id, int) or not isinstance(email, str) or not email:
        return None
    return user_id, email


def email_verification_send(*, request: HttpRequest, user: User) -> bool:
    """Mail `user` a link that verifies their current address, in their language. Returns
    whether it went out: a mail server that fails must not fail the sign-up (the member can
    send the link again from /accounts/email/)."""
    if not user.email:
        return False
    link = request.build_absolute_uri(
        reverse("accounts:email_verify", kwargs={"token": email_verification_token(user)})
    )
    context = {"user": user, "link": link, "days": EMAIL_VERIFY_DAYS}
    with translation.override(user.language or translation.get_language()):
        subject = render_to_string("accounts/email/verify_subject.txt", context).strip()
        body = render_to_string("accounts/email/verify_body.txt", context)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email], fail_silently=False)
    except Exception:
        logger.exception("The verification link for member %s could not be sent", user.pk)
        return False
    return True
