"""The daily email digest of unread notifications (each mailed at most once) and of the
definition cards due for review (a digest that only says that goes out at most once a day)."""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from apps.cards.models import DeckCard
from apps.cards.queries import due_count_at
from apps.notifications.models import Notification

logger = logging.getLogger(__name__)


@dataclass
class DigestReport:
    sent: int = 0  # people mailed
    notifications: int = 0  # notifications in those mails
    failed: int = 0  # people whose mail could not be sent (tried again next run)


def _recipients():
    now = timezone.now()
    waiting = Notification.objects.filter(read_at__isnull=True, emailed_at__isnull=True)
    reviewing = DeckCard.objects.filter(due__lte=now).values("user")
    not_today = Q(digest_sent_on__isnull=True) | Q(digest_sent_on__lt=timezone.localdate(now))
    return (
        get_user_model()
        .objects.filter(is_active=True, email_digest=True)
        .exclude(email="")
        .filter(Q(pk__in=waiting.values("recipient")) | (Q(pk__in=reviewing) & not_today))
        .order_by("pk")
    )


def digest_send_one(user) -> int | None:
    """Mail `user` their unread, not yet mailed notifications and how many definition cards
    are due. Returns how many notifications the mail held, or None when none went out.

    The rows are locked (others running at the same time skip them) and marked mailed in the
    same transaction as the sending: a failed send marks nothing, and a second run finds
    nothing left to mail. A digest with no notification, only due cards, goes out once a day
    (the member's row is locked while that is decided).
    """
    now = timezone.now()
    today = timezone.localdate(now)
    with transaction.atomic():
        pending = list(
            Notification.objects.select_for_update(no_key=True, skip_locked=True, of=("self",))
            .filter(recipient=user, read_at__isnull=True, emailed_at__isnull=True)
            .for_inbox()
            .order_by("-created_at", "-id")
        )
        sent_on = (
            get_user_model()
            .objects.select_for_update(no_key=True)
            .filter(pk=user.pk)
            .values_list("digest_sent_on", flat=True)
            .first()
        )
        due_cards = due_count_at(user, now)
        if not pending and (not due_cards or sent_on == today):
            return None
        with translation.override(getattr(user, "language", "") or settings.LANGUAGE_CODE):
            context = {
                "user": user,
                "notifications": pending,
                "site_url": settings.SITE_URL,
                # The review deck (apps.cards): a line when definition cards wait.
                "due_cards": due_cards,
            }
            if pending:
                subject = _("Gachi: %(count)d unread notifications") % {"count": len(pending)}
            else:
                subject = ngettext(
                    "Gachi: %(count)d definition card to review",
                    "Gachi: %(count)d definition cards to review",
                    due_cards,
                ) % {"count": due_cards}
            text = render_to_string("notifications/email/digest.txt", context)
        send_mail(subject, text, None, [user.email], fail_silently=False)
        Notification.objects.filter(pk__in=[n.pk for n in pending]).update(emailed_at=now)
        get_user_model().objects.filter(pk=user.pk).update(digest_sent_on=today)
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
        if mailed is not None:
            report.sent += 1
            report.notifications += mailed
    return report
