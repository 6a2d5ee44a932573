"""What load balancers and people see of the database's health.

`/healthz` answers 200 when the database is reachable and every migration is applied, 503
otherwise. When the database goes away mid-request, people get a friendly 503 page instead of
a stack trace (apps.core.error_views.server_error); with CONN_HEALTH_CHECKS on, the next
request after it comes back reconnects.
"""

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

_migrated = False  # once every migration is applied, a running process stays migrated


def _migrations_pending() -> int:
    global _migrated
    if _migrated:
        return 0
    executor = MigrationExecutor(connection)
    pending = len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    _migrated = pending == 0
    return pending


@never_cache
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        pending = _migrations_pending()
    except DatabaseError as error:
        return JsonResponse(
            {"status": "error", "database": f"unreachable: {type(error).__name__}"}, status=503
        )
    if pending:
        return JsonResponse(
            {"status": "error", "database": "ok", "migrations": f"{pending} not applied"},
            status=503,
        )
    return JsonResponse({"status": "ok", "database": "ok", "migrations": "ok"})
