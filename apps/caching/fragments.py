"""Values and HTML fragments kept under generations: computed once, shared by every reader."""

import contextlib
import hashlib
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from apps.caching.generations import generations_stamp

TIMEOUT_SECONDS = 10 * 60


def cached(
    name: str,
    scopes: tuple[str, ...],
    compute: Callable[[], Any],
    *parts,
    timeout: int = TIMEOUT_SECONDS,
) -> Any:
    """`compute()`, kept under `name`, `parts`, the language and the scopes' generations."""
    stamp = generations_stamp(scopes)
    if stamp is None:  # a cache that is down: compute every time, still correct
        return compute()
    # Parts may hold any text (a title, a filter term): hashed into a safe key.
    digest = hashlib.blake2b("\x1f".join(map(str, parts)).encode(), digest_size=16).hexdigest()
    key = f"page:{name}:{translation.get_language() or ''}:{stamp}:{digest}"
    try:
        value = cache.get(key)
    except Exception:  # the cache went away meanwhile (or holds no generations to read)
        return compute()
    if value is None:
        value = compute()
        with contextlib.suppress(Exception):
            cache.set(key, value, timeout)
    return value


def cached_fragment(
    name: str,
    scopes: tuple[str, ...],
    template: str,
    context: Callable[[], dict],
    request,
    *parts,
    timeout: int = TIMEOUT_SECONDS,
) -> SafeString:
    """`template` rendered with `context()` (called only when it is not kept), kept like
    `cached`: for HTML that holds nothing of the reader, so members share it too."""
    html = cached(
        name,
        scopes,
        lambda: render_to_string(template, context(), request),
        *parts,
        timeout=timeout,
    )
    return mark_safe(html)  # our own template's output, escaped where it was rendered
