"""Rate limits: how often one person may ask, answer, vote, flag, upload and preview, and how
many failed logins an account or an address gets.

Counted with django-ratelimit in Django's cache, so the counters are shared by every app server
when the cache is (Redis, `REDIS_URL`). A view calls `rate_limit_check(request, "ask")` just
before acting: over the limit, it raises `RateLimited`, which is answered with 429 and the reason
(apps.core.refusals), changing nothing.
"""

import hashlib
import ipaddress
import logging
import time
import unicodedata

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_ratelimit.core import get_usage

from apps.core.errors import ActionRefused
from apps.trust.newcomers import is_new_user

logger = logging.getLogger(__name__)

UNKNOWN_ADDRESS = "unknown"


def client_ip(request: HttpRequest) -> str:
    """The client's address: from CLIENT_IP_HEADER when a proxy sets it, else the connection's.

    IPv6 addresses count as their /64 network (what one subscriber gets). Anything that is not
    an address gives "unknown", never an error.
    """
    header = settings.CLIENT_IP_HEADER
    raw = request.headers.get(header, "") if header else request.META.get("REMOTE_ADDR", "")
    # In X-Forwarded-For the last address is the one our proxy added; the others are the
    # client's to make up.
    raw = (raw or "").rsplit(",", 1)[-1].strip()
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return UNKNOWN_ADDRESS
    if address.version == 6:
        if address.ipv4_mapped:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return str(address)


def _usage(request: HttpRequest, *, group: str, who: str, rate: str, increment: bool):
    try:
        return get_usage(
            request, group=group, key=lambda _group, _request: who, rate=rate, increment=increment
        )
    except Exception:
        # An unreachable cache lets the action through (RATELIMIT_FAIL_OPEN) instead of
        # refusing everyone, and says so in the log.
        logger.exception("Rate limit %s could not be counted", group)
        return None


def _person(request: HttpRequest) -> str:
    if request.user.is_authenticated:
        return f"member:{request.user.pk}"
    return f"address:{client_ip(request)}"


def rate_limit(action: str, user) -> str:
    """The rate (e.g. "5/h") that applies to `user` for `action`, a key of RATE_LIMITS."""
    for_new, for_established = settings.RATE_LIMITS[action]
    return for_new if is_new_user(user) else for_established


def rate_limited(request: HttpRequest, action: str) -> bool:
    """Count one attempt at `action` (ask, answer, vote, flag, upload, preview) by the person
    making `request`, and tell whether it goes over their limit.

    Keyed by member id, or by client address for anonymous people; new members get the first
    rate of the RATE_LIMITS pair. Call it only when about to act: every call counts.
    """
    usage = _usage(
        request,
        group=f"action:{action}",
        who=_person(request),
        rate=rate_limit(action, request.user),
        increment=True,
    )
    return usage is not None and usage["should_limit"]


def rate_limit_message(user) -> str:
    message = _("You are doing that too often. Try again in a little while.")
    if user.is_authenticated and is_new_user(user):
        message += " " + _(
            "New members have lower limits; they grow once you have %(reputation)d reputation."
        ) % {"reputation": settings.NEW_USER_REPUTATION}
    return message


class RateLimited(ActionRefused):
    """Over a rate limit: refused with 429 and `rate_limit_message`."""

    status = 429


def rate_limit_check(request: HttpRequest, action: str) -> None:
    """Count one attempt at `action` (see `rate_limited`); over the limit, raise `RateLimited`."""
    if rate_limited(request, action):
        raise RateLimited(rate_limit_message(request.user))


# --- Failed logins ----------------------------------------------------------------------------


LOGIN_EPOCH_SECONDS = 24 * 60 * 60  # longer than any failed-login window


def _account(username: str) -> str:
    # Normalized as Django normalizes usernames, and case-folded: variants share one counter.
    return unicodedata.normalize("NFKC", username or "").strip().casefold()


def _epoch_key(account: str) -> str:
    return "login:epoch:" + hashlib.sha256(account.encode()).hexdigest()


def _login_counters(request: HttpRequest, username: str) -> list[tuple[str, str, str]]:
    account = _account(username)
    try:
        # Bumped when the account's password is reset: the failures before it stop counting.
        epoch = cache.get(_epoch_key(account), 0)
    except Exception:
        logger.exception("The login epoch could not be read")
        epoch = 0
    return [
        ("login:username", f"{account}:{epoch}", settings.LOGIN_FAILURES_PER_USERNAME),
        ("login:address", client_ip(request), settings.LOGIN_FAILURES_PER_ADDRESS),
    ]


def login_throttled(request: HttpRequest, username: str) -> bool:
    """Whether this username, or this client address, has used up its failed logins.

    Only looks: the same for an account that exists and one that does not.
    """
    for group, who, rate in _login_counters(request, username):
        usage = _usage(request, group=group, who=who, rate=rate, increment=False)
        if usage is not None and usage["count"] >= usage["limit"]:
            return True
    return False


def login_failure_record(request: HttpRequest, username: str) -> None:
    """Count one failed login against the username and against the client address."""
    for group, who, rate in _login_counters(request, username):
        _usage(request, group=group, who=who, rate=rate, increment=True)


def login_failures_forget(username: str) -> None:
    """Forget the failed logins of this username (not of any address): called when its
    password was reset, so the member who forgot it can log in with the new one at once."""
    try:
        cache.set(_epoch_key(_account(username)), time.time_ns(), LOGIN_EPOCH_SECONDS)
    except Exception:
        logger.exception("The login epoch could not be moved")


# --- Password reset requests ------------------------------------------------------------------


def password_reset_check(request: HttpRequest, email: str) -> None:
    """Count one password reset request against the client address and against the address
    typed; over either limit (RATE_LIMITS["password_reset"]: per client address, per email
    address), raise `RateLimited` and send nothing.

    Counted the same whether or not the address belongs to anyone, so the answer tells nothing.
    """
    per_address, per_email = settings.RATE_LIMITS["password_reset"]
    counters = [
        ("password_reset:address", client_ip(request), per_address),
        ("password_reset:email", (email or "").strip().casefold(), per_email),
    ]
    limited = False
    for group, who, rate in counters:  # both counted, even when the first is over
        usage = _usage(request, group=group, who=who, rate=rate, increment=True)
        limited = limited or (usage is not None and usage["should_limit"])
    if limited:
        raise RateLimited(
            _("Too many password reset requests. Nothing was sent; wait an hour, then try again.")
        )
