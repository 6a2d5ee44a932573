"""An optional read replica (DATABASE_REPLICA_URL): anonymous visitors' list pages read from
it, everything else (every write, and every read of a signed-in person, who must see their own
writes at once) uses the primary."""

from contextvars import ContextVar
from functools import wraps

REPLICA = "replica"
_reading_from_replica: ContextVar[bool] = ContextVar("reading_from_replica", default=False)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return REPLICA if _reading_from_replica.get() else None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


def reads_from_replica(view):
    """Run a list view's reads on the replica for anonymous GET requests (when one is set)."""
    from django.conf import settings

    if REPLICA not in settings.DATABASES:
        return view

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        token = _reading_from_replica.set(True)
        try:
            return view(request, *args, **kwargs)
        finally:
            _reading_from_replica.reset(token)

    return wrapper
