"""Strict readers for settings that come from the environment.

A value that cannot be parsed raises ImproperlyConfigured at start-up, so a typo in a
deployment fails loudly instead of silently falling back to a default.
"""

import os
import re

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}

# Every PostgreSQL connection's planner settings. Data and indexes live in memory or on SSD:
# random reads cost about as much as sequential ones, so the planner uses the search index
# even for common words. JIT compilation costs 20-30 ms and never pays off on a web page's
# short queries, and parallel workers only take cores from the other requests being served.
# Ranking a common word's title matches sorts in memory with 16 MB.
POSTGRES_SESSION = (
    "-c random_page_cost=1.1 -c jit=off -c max_parallel_workers_per_gather=0 -c work_mem=16MB"
)


def env_str(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use 1/0, true/false, yes/no).")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an integer.") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


# "5/h", "20/15m": a count per period (s, m, h or d, optionally multiplied), as django-ratelimit
# reads it.
_RATE = re.compile(r"[0-9]+/(?:[1-9][0-9]*)?[smhd]")


def env_rate(name: str, default: str) -> str:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    rate = raw.strip()
    if not _RATE.fullmatch(rate):
        raise ImproperlyConfigured(f"{name}={raw!r} is not a rate (e.g. 5/h or 20/15m).")
    return rate


def env_rate_pair(name: str, default: tuple[str, str]) -> tuple[str, str]:
    """Two rates, "new members,everyone else" (e.g. `5/h,20/h`)."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    parts = [part.strip() for part in raw.split(",")]
    if len(parts) != 2 or not all(_RATE.fullmatch(part) for part in parts):
        raise ImproperlyConfigured(
            f"{name}={raw!r} is not two rates separated by a comma (e.g. 5/h,20/h)."
        )
    return parts[0], parts[1]


def database_from_url(url: str, *, base_dir) -> dict:
    """Turn DATABASE_URL into Django's DATABASES entry (SQLite or PostgreSQL only)."""
    import dj_database_url

    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except (ValueError, KeyError) as exc:
        raise ImproperlyConfigured(f"DATABASE_URL={url!r} cannot be parsed: {exc}") from exc
    engine = config.get("ENGINE", "")
    if engine == "django.db.backends.sqlite3":
        name = config.get("NAME") or ""
        if not name or name == ":memory:":
            raise ImproperlyConfigured("DATABASE_URL for SQLite needs a file path.")
        if not os.path.isabs(name):
            config["NAME"] = str(base_dir / name)
        config["CONN_MAX_AGE"] = 0
        config["CONN_HEALTH_CHECKS"] = False
        config["OPTIONS"] = {
            # IMMEDIATE transactions take the write lock up front, so two concurrent writers
            # wait for each other instead of failing with "database is locked" mid-transaction.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
        }
    elif engine in {"django.db.backends.postgresql", "django.db.backends.postgresql_psycopg2"}:
        config["ENGINE"] = "django.db.backends.postgresql"
        config.setdefault("OPTIONS", {})["options"] = POSTGRES_SESSION
    else:
        raise ImproperlyConfigured(
            f"DATABASE_URL uses an unsupported database ({engine or 'unknown'}); "
            "use sqlite:///path or postgres://user@host:port/name."
        )
    return config
