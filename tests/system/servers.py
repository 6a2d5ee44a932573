"""Starting real servers for the system tests: a scratch PostgreSQL database, the
environment of a production process, gunicorn in its own process group, and waiting until it
answers. Local addresses only."""

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]


def unavailable(reason: str):
    if os.environ.get("GACHI_REQUIRE_SERVICES") == "1":
        pytest.fail(f"GACHI_REQUIRE_SERVICES=1 but {reason}", pytrace=False)
    pytest.skip(reason)


def postgres_url(test: str) -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):  # the SQLite pass: it runs in the PostgreSQL one
        pytest.skip(f"the {test} runs against PostgreSQL (set DATABASE_URL)")
    return url


def redis_ok() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=2) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _admin_sql(url: str, sql: str) -> None:
    import psycopg

    parts = urllib.parse.urlsplit(url)
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql)


@contextlib.contextmanager
def scratch_database(database: str, name: str) -> Iterator[str]:
    """A new, empty database `name` on the server of `database` (its URL), dropped after."""
    url = urllib.parse.urlsplit(database)._replace(path=f"/{name}").geturl()
    _admin_sql(database, f"DROP DATABASE IF EXISTS {name}")
    _admin_sql(database, f"CREATE DATABASE {name}")
    try:
        yield url
    finally:
        _admin_sql(database, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def production_env(database_url: str, **extra: str) -> dict:
    """A production process's environment (DEBUG off, a fresh secret) on `database_url`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECURE_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        DATABASE_URL=database_url,
        REQUEST_LOG="0",
        **extra,
    )
    return env


def manage(env: dict, *command: str, timeout: int = 600) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [sys.executable, "manage.py", *command],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done


def python(env: dict, code: str, timeout: int = 600) -> str:
    """Run `code` in a fresh interpreter with Django set up by the code; its last line."""
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip().splitlines()[-1]


@contextlib.contextmanager
def gunicorn(env: dict, log: Path, workers: int = 2) -> Iterator[str]:
    """A gunicorn serving the site on a free local port; yields its base URL once it answers
    /healthz, and stops it (master and every worker) after."""
    port = free_port()
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "config.wsgi:application",
            "--preload",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "60",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("w"),
        start_new_session=True,  # its own process group: workers go with it
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=5) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            assert server.poll() is None, log.read_text()[-2000:]
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.5)
        yield base
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            server.wait(timeout=30)
        with contextlib.suppress(ProcessLookupError):  # master and every worker
            os.killpg(server.pid, signal.SIGKILL)
