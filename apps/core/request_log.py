"""One structured log line per request: method, path, status, time and SQL queries.

On whenever DEBUG is (or REQUEST_LOG=1): the query count comes from a database execute
wrapper, so it costs next to nothing and needs no DEBUG cursor. Never logs bodies, cookies or
query strings (they may hold passwords or tokens).
"""

import logging
import time

from django.db import connections

logger = logging.getLogger("gachi.requests")


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        queries = 0

        def count(execute, sql, params, many, context):
            nonlocal queries
            queries += 1
            return execute(sql, params, many, context)

        started = time.perf_counter()
        wrappers = [connections[alias].execute_wrapper(count) for alias in connections]
        for wrapper in wrappers:
            wrapper.__enter__()
        try:
            response = self.get_response(request)
        finally:
            for wrapper in reversed(wrappers):
                wrapper.__exit__(None, None, None)
        elapsed_ms = (time.perf_counter() - started) * 1000
        logger.info(
            "request",
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "ms": round(elapsed_ms, 1),
                "queries": queries,
            },
        )
        return response


class KeyValueFormatter(logging.Formatter):
    """`time level logger message key=value …`: greppable, and parsed by any log shipper."""

    FIELDS = ("method", "path", "status", "ms", "queries")

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        pairs = " ".join(
            f"{key}={getattr(record, key)}" for key in self.FIELDS if hasattr(record, key)
        )
        return f"{line} {pairs}" if pairs else line
