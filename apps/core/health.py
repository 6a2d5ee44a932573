"""What load balancers and people see of the database's health.

`/healthz` answers 200 when the database is reachable and every migration is applied, 503
otherwise. When the database goes away mid-request, people get a friendly 503 page instead of
a stack trace; with CONN_HEALTH_CHECKS on, the next request after it comes back reconnects.
"""

import sys

from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.cache import never_cache

RETRY_AFTER_SECONDS = 30
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


def server_error(request):
    """handler500: a database that cannot be reached is a 503 to retry, not our bug."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        language = translation.get_language_from_request(request)
        with translation.override(language):
            html = render_to_string(
                "core/plain_error.html",
                {
                    "title": _("Gachi is briefly unavailable"),
                    "message": _(
                        "We cannot reach our database right now. Please try again in a minute:"
                        " nothing you sent was lost or half-saved."
                    ),
                    "language": language,
                },
            )
        return HttpResponse(html, status=503, headers={"Retry-After": str(RETRY_AFTER_SECONDS)})
    return defaults.server_error(request)
