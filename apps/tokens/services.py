"""Creating, revoking and checking personal access tokens.

The API calls `token_authenticate(request.headers.get("Authorization"))` (or `token_check(token)`
when its framework has already taken the token out of the header) and gets the member and the
token, or None. Tokens are read from the Authorization header only: never from a cookie or a
query string, where a page on another site or a log line could leak or send them.
"""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.errors import ActionRefused, InvalidAction
from apps.tokens.models import PersonalToken, Scope

TOKEN_START = "gachi_"
PREFIX_LENGTH = 8
# last_used_at is written at most this often per token, not on every request.
LAST_USED_EVERY = timedelta(minutes=1)
EXPIRY_DAYS = (30, 90, 365)
# Far more than any real token (gachi_ + 8 + _ + 43): longer input is refused before hashing.
MAX_TOKEN_LENGTH = 200


class TokenNameTaken(InvalidAction):
    """The member already has a live token with this name."""


def secret_hash(secret: str) -> str:
    """The stored form of a token's secret: its SHA-256, in hex.

    Not a password hasher (PBKDF2, Argon2) on purpose: those are slow to make guessing a short,
    human-chosen password expensive. A token's secret is 32 random bytes (256 bits), which no one
    can guess however fast each try is, so a slow hash would only add work to every API request.
    """
    return hashlib.sha256(secret.encode()).hexdigest()


def _new_secret() -> tuple[str, str]:
    return secrets.token_hex(PREFIX_LENGTH // 2), secrets.token_urlsafe(32)


def token_create(
    *, user, name: str, scope: str, expires_in_days: int | None = None
) -> tuple[PersonalToken, str]:
    """Make a token for `user`; return the row and the token in plain text.

    The plain text exists only in the return value: show it once and forget it. `scope` is
    "read" or "write"; `expires_in_days` None for a token that does not expire. Raises
    `InvalidAction` for a bad name, scope or expiry and `TokenNameTaken` when the member
    already has a live token of that name.
    """
    name = (name or "").strip()
    if not name:
        raise InvalidAction(_("Give the token a name."))
    if len(name) > PersonalToken.NAME_MAX_LENGTH:
        raise InvalidAction(
            _("A token's name can be at most %(limit_value)d characters.")
            % {"limit_value": PersonalToken.NAME_MAX_LENGTH}
        )
    if scope not in Scope.values:
        raise InvalidAction(_("Choose read or write access."))
    if expires_in_days is not None and (
        isinstance(expires_in_days, bool)
        or not isinstance(expires_in_days, int)
        or expires_in_days <= 0
    ):
        raise InvalidAction(_("Choose when the token expires."))
    now = timezone.now()
    expires_at = now + timedelta(days=expires_in_days) if expires_in_days else None
    for _attempt in range(3):  # a prefix already in use (one chance in billions): draw again
        prefix, secret = _new_secret()
        try:
            with transaction.atomic():
                token = PersonalToken.objects.create(
                    user=user,
                    name=name,
                    scope=scope,
                    prefix=prefix,
                    secret_hash=secret_hash(secret),
                    created_at=now,
                    expires_at=expires_at,
                )
        except IntegrityError:
            if PersonalToken.objects.filter(user=user, name=name, revoked_at__isnull=True).exists():
                raise TokenNameTaken(
                    _("You already have a token named “%(name)s”. Choose another name.")
                    % {"name": name}
                ) from None
            continue
        return token, f"{TOKEN_START}{prefix}_{secret}"
    raise RuntimeError("Could not draw an unused token prefix")


def token_revoke(*, user, token_id: int) -> PersonalToken:
    """Revoke one of `user`'s tokens. Revoking it again changes nothing.

    Someone else's token, or one that does not exist, raises `ActionRefused` with 404: the same
    answer, so nobody learns which ids exist.
    """
    with transaction.atomic():
        token = PersonalToken.objects.select_for_update().filter(pk=token_id, user=user).first()
        if token is None:
            raise ActionRefused(_("That token does not exist."), status=404)
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
    return token


def token_check(token: str):
    """The member and token that a token in plain text stands for, or None.

    None for anything malformed, unknown, wrong, revoked or expired, and for a deactivated
    member. One query to find the row by its prefix, the secret compared in constant time, and
    at most one write a minute per token to record its use.
    """
    if not isinstance(token, str) or len(token) > MAX_TOKEN_LENGTH:
        return None
    if not token.startswith(TOKEN_START):
        return None
    prefix, separator, secret = token[len(TOKEN_START) :].partition("_")
    if len(prefix) != PREFIX_LENGTH or not separator or not secret:
        return None
    row = PersonalToken.objects.select_related("user").filter(prefix=prefix).first()
    # The hash is compared even when no row matches, so the time taken says nothing either way.
    expected = row.secret_hash if row else secret_hash("")
    if not hmac.compare_digest(expected, secret_hash(secret)) or row is None:
        return None
    now = timezone.now()
    if not row.is_live(now) or not row.user.is_active:
        return None
    if row.last_used_at is None or now - row.last_used_at >= LAST_USED_EVERY:
        # Conditional, so two requests at once still write once.
        PersonalToken.objects.filter(pk=row.pk).exclude(
            last_used_at__gt=now - LAST_USED_EVERY
        ).update(last_used_at=now)
        row.last_used_at = now
    return row.user, row


def token_authenticate(header_value: str | None):
    """The member and token named by an `Authorization` header's value, or None.

    Accepts exactly `Bearer <token>` (the scheme in any case, as HTTP allows); see `token_check`
    for what else refuses a token. Returns `(user, token)`; `token.can_write` tells whether it
    may change anything.
    """
    if not header_value or not isinstance(header_value, str):
        return None
    scheme, _space, token = header_value.strip().partition(" ")
    if scheme.lower() != "bearer":
        return None
    return token_check(token.strip())


def token_authenticate_request(request):
    """`token_authenticate` on the request's Authorization header: the only place a token is
    read from (not cookies, not the query string, not the body)."""
    return token_authenticate(request.headers.get("Authorization"))
