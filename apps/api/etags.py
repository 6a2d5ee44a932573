"""ETags for the lists anonymous callers read: the same generations the kept pages use.

A list's tag is a digest of the generations of what its page shows (`LIST_PAGE`: a new or
edited question, a vote, a renamed concept or member moves one), the minute (what no write
announces, view counts, is kept by the pages for a minute too) and the request's path and
query. A caller that sends it back in `If-None-Match` gets 304 without a query run.
Members get no tag: a list may later hold their own part (their votes).
"""

import hashlib
import time

from django.http import HttpRequest, HttpResponse

from apps.caching.generations import generations_stamp

ROWS_SECONDS = 60  # as apps.questions.lists.ROWS_TIMEOUT_SECONDS


def list_stamp(scopes: tuple[str, ...]) -> str | None:
    """The generations a list is kept and tagged under (None when the cache is down)."""
    return generations_stamp(scopes)


def list_etag(request: HttpRequest, stamp: str | None) -> str | None:
    if request.user.is_authenticated or stamp is None:  # (a down cache: nothing to compare)
        return None
    query = sorted(request.GET.lists())
    minute = int(time.time() // ROWS_SECONDS)
    digest = hashlib.sha256(f"{stamp}|{minute}|{request.path}|{query}".encode()).hexdigest()
    return f'W/"{digest[:32]}"'


def not_modified(request: HttpRequest, etag: str | None) -> HttpResponse | None:
    """A 304 when the caller already holds the list named by `etag`."""
    if etag is None:
        return None
    sent = request.headers.get("If-None-Match", "")
    if etag in {tag.strip() for tag in sent.split(",")} or sent.strip() == "*":
        response = HttpResponse(status=304)
        response["ETag"] = etag
        return response
    return None
