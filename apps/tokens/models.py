"""Personal access tokens: how a member's scripts and apps call the API as them.

A token reads `gachi_<prefix>_<secret>`. The prefix (8 hex characters) is stored as it is, shown
in lists and used to find the row; of the secret only a SHA-256 digest is kept, so a copy of the
database does not give anyone a working token.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    READ = "read", _("Read")
    WRITE = "write", _("Read and write")


class PersonalTokenQuerySet(models.QuerySet):
    def for_list(self, user) -> "PersonalTokenQuerySet":
        """A member's tokens for their tokens page, newest first (one query)."""
        return self.filter(user=user).order_by("-created_at", "-pk")


class PersonalToken(models.Model):
    NAME_MAX_LENGTH = 60

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="personal_tokens"
    )
    name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH)
    scope = models.CharField(_("scope"), max_length=5, choices=Scope.choices)
    prefix = models.CharField(_("prefix"), max_length=8, unique=True)
    # Hex SHA-256 of the secret part; never the token itself (see services.secret_hash).
    secret_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = PersonalTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("personal access token")
        verbose_name_plural = _("personal access tokens")
        constraints = [
            # Names tell a member's live tokens apart; a revoked one frees its name.
            models.UniqueConstraint(
                fields=["user", "name"],
                condition=Q(revoked_at__isnull=True),
                name="tokens_one_live_name_per_user",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"

    @property
    def can_write(self) -> bool:
        return self.scope == Scope.WRITE

    def is_expired(self, now=None) -> bool:
        return self.expires_at is not None and self.expires_at <= (now or timezone.now())

    def is_live(self, now=None) -> bool:
        return self.revoked_at is None and not self.is_expired(now)
