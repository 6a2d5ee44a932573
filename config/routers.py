"""An optional read replica (DATABASE_REPLICA_URL): the views marked with
`apps.core.replica.reads_from_replica` read from it for anonymous visitors; everything else
(every write, every kept page, every read of a signed-in person) uses the primary."""

from apps.core.replica import REPLICA, reading_from_replica


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return REPLICA if reading_from_replica.get() else None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
