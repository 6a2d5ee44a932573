from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

BIO_MAX_LENGTH = 2000


class User(AbstractUser):
    """A member. Usernames may be Hangul (Django's unicode username validator allows it)."""

    display_name = models.CharField(_("display name"), max_length=60, blank=True)
    # Cached total of the reputation ledger (apps.reputation); changed only by its services.
    reputation = models.IntegerField(_("reputation"), default=settings.REPUTATION_BASE)
    bio = models.TextField(_("about me"), max_length=BIO_MAX_LENGTH, blank=True)  # Markdown
    # Rendered once when the profile is saved (apps.accounts.services); never per request.
    bio_html = models.TextField(editable=False, blank=True)
    # Empty: the language comes from the browser (or the header's switcher), as for visitors.
    language = models.CharField(_("language"), max_length=8, blank=True, choices=settings.LANGUAGES)
    # Opt-in: `manage.py send_notification_digest` mails unread notifications once a day.
    email_digest = models.BooleanField(_("daily email digest"), default=False)
    # The local day the last digest went out: one that only says definition cards are due
    # (apps.cards) goes out at most once a day (apps.notifications.digest).
    digest_sent_on = models.DateField(_("digest last sent"), null=True, blank=True)
    # Whether askers may ask this member to answer their question (apps.answer_requests).
    accepts_answer_requests = models.BooleanField(_("accepts answer requests"), default=True)
    # The achievements list (apps.badges): reputation changes and badges after this moment are
    # unseen, and the header counts them (apps.accounts.backends). None: nothing seen yet.
    achievements_seen_at = models.DateTimeField(_("achievements seen"), null=True, blank=True)
    # Consecutive days with a visit, ending on `visit_day` (apps.badges.visits): written at
    # most once a day per member. Signing up is the first visit.
    visit_day = models.DateField(_("last visit day"), default=timezone.localdate)
    visit_streak = models.PositiveIntegerField(_("days visited in a row"), default=1)
    # True once the member opened the link mailed to `email` (apps.accounts.emails); changing
    # the address makes it False again. Password resets go only to verified addresses.
    email_verified = models.BooleanField(_("email verified"), default=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            # One account per address, whatever its case; many accounts may have none ('').
            models.UniqueConstraint(
                Lower("email"), condition=~Q(email=""), name="accounts_user_email_unique_ci"
            ),
        ]

    def __str__(self) -> str:
        return self.public_name

    @property
    def public_name(self) -> str:
        return self.display_name or self.username

    def get_absolute_url(self) -> str:
        return reverse("accounts:profile", kwargs={"pk": self.pk, "username": self.username})
