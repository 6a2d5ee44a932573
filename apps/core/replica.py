"""Reads that may come from the read replica (DATABASE_REPLICA_URL, see config.routers).

Only what no one relies on seeing at once: anonymous visitors' feeds and the sitemap. Pages
kept for visitors never read from the replica: a lagging replica's rows would be filed under
the new generation and served as fresh until the next write (apps.caching). Every write, and
every read of a signed-in person (who must see their own writes), uses the primary.
"""

from contextvars import ContextVar
from functools import wraps

REPLICA = "replica"
reading_from_replica: ContextVar[bool] = ContextVar("reading_from_replica", default=False)


def reads_from_replica(view):
    """Run a view's reads on the replica for anonymous GET requests (when one is set)."""
    from django.conf import settings

    if REPLICA not in settings.DATABASES:
        return view

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        token = reading_from_replica.set(True)
        try:
            return view(request, *args, **kwargs)
        finally:
            reading_from_replica.reset(token)

    return wrapper
