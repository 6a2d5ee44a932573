"""The daily email digest of unread notifications: each notification is mailed at most once."""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from apps.cards.queries import due_count_at
from apps.notifications.models import Notification

logger = logging.getLogger(__name__)


@dataclass
class DigestReport:
    sent: int = 0  # people mailed
    notifications: int = 0  # notifications in those mails
    failed: int = 0  # people whose mail could not be sent (tried again next run)


def _recipients():
    waiting = Notification.objects.filter(read_at__isnull=True, emailed_at__isnull=True)
    return (
        get_user_model()
        .objects.filter(is_active=True, email_digest=True)
        .exclude(email="")
        .filter(pk__in=waiting.values("recipient"))
        .order_by("pk")
    )


def digest_send_one(user) -> int:
    """Mail `user` their unread, not yet mailed notifications. Returns how many were mailed.

    The rows are locked (others running at the same time skip them) and marked mailed in the
    same transaction as the sending: a failed send marks nothing, and a second run finds
    nothing left to mail.
    """
    with transaction.atomic():
        pending = list(
            Notification.objects.select_for_update(no_key=True, skip_locked=True, of=("self",))
            .filter(recipient=user, read_at__isnull=True, emailed_at__isnull=True)
            .for_inbox()
            .order_by("-created_at", "-id")
        )
        if not pending:
            return 0
        with translation.override(getattr(user, "language", "") or settings.LANGUAGE_CODE):
            context = {
                "user": user,
                "notifications": pending,
                "site_url": settings.SITE_URL,
                # The review deck (apps.cards): a line when definition cards wait.
                "due_cards": due_count_at(user, timezone.now()),
            }
            subject = _("Gachi: %(count)d unread notifications") % {"count": len(pending)}
            text = render_to_string("notifications/email/digest.txt", context)
        send_mail(subject, text, None, [user.email], fail_silently=False)
        Notification.objects.filter(pk__in=[n.pk for n in pending]).update(
            emailed_at=timezone.now()
        )
    return len(pending)


def digest_send_all() -> DigestReport:
    """Mail everyone who asked for the digest; one person's failure never stops the rest."""
    report = DigestReport()
    for user in _recipients():
        try:
            mailed = digest_send_one(user)
        except Exception:  # a bounced or refused address, a mail server hiccup
            logger.exception("digest for user %s could not be sent", user.pk)
            report.failed += 1
            continue
        if mailed:
            report.sent += 1
            report.notifications += mailed
    return report
