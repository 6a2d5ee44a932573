"""Settings come from the environment and fail loudly on a bad value."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import POSTGRES_SESSION, database_from_url, env_bool, env_int

BASE_DIR = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("raw", "expected"), [("1", True), ("off", False), ("Yes", True)])
def test_booleans_are_parsed(monkeypatch, raw, expected):
    monkeypatch.setenv("SOME_FLAG", raw)
    assert env_bool("SOME_FLAG", not expected) is expected


def test_a_bad_boolean_or_integer_raises(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG"):
        env_bool("SOME_FLAG", False)
    monkeypatch.setenv("SOME_NUMBER", "five")
    with pytest.raises(ImproperlyConfigured, match="SOME_NUMBER"):
        env_int("SOME_NUMBER", 1)


def test_database_urls():
    sqlite = database_from_url("sqlite:///db.sqlite3", base_dir=BASE_DIR)
    assert sqlite["ENGINE"] == "django.db.backends.sqlite3"
    assert sqlite["NAME"] == str(BASE_DIR / "db.sqlite3")
    assert sqlite["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    postgres = database_from_url("postgres://postgres@127.0.0.1:5432/test", base_dir=BASE_DIR)
    assert postgres["ENGINE"] == "django.db.backends.postgresql"
    assert (postgres["HOST"], postgres["PORT"], postgres["NAME"]) == ("127.0.0.1", 5432, "test")
    assert postgres["OPTIONS"]["options"] == POSTGRES_SESSION
    assert "-c random_page_cost=1.1" in POSTGRES_SESSION
    for bad in ("mysql://root@localhost/x", "nonsense"):
        with pytest.raises(ImproperlyConfigured):
            database_from_url(bad, base_dir=BASE_DIR)


def _start(env_overrides: dict) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    env.update(env_overrides, DJANGO_SETTINGS_MODULE="config.settings")
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_without_secret_key_refuses_to_start():
    result = _start({"DEBUG": "0"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_a_typo_in_debug_refuses_to_start():
    result = _start({"DEBUG": "ture", "SECRET_KEY": "x"})
    assert result.returncode != 0
    assert "DEBUG='ture' is not a boolean" in result.stderr


def test_development_starts_without_a_secret_key():
    assert _start({"DEBUG": "1"}).returncode == 0


@pytest.mark.django_db
def test_postgres_connections_plan_for_memory_and_ssd():
    """The search index is used even for common words only when random reads are cheap."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL planner setting")
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone()[0] == "1.1"
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone()[0] == "0"


FILE_BACKEND = "django.core.mail.backends.filebased.EmailBackend"


def test_the_file_email_backend_needs_a_folder():
    result = _start({"DEBUG": "1", "EMAIL_BACKEND": FILE_BACKEND})
    assert result.returncode != 0
    assert "EMAIL_FILE_PATH" in result.stderr


def test_the_file_email_backend_writes_where_email_file_path_says(tmp_path):
    script = (
        "import django; django.setup(); from django.core.mail import send_mail; "
        "send_mail('subject', 'the body', None, ['to@example.com'])"
    )
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    env.update(
        DEBUG="1",
        EMAIL_BACKEND=FILE_BACKEND,
        EMAIL_FILE_PATH=str(tmp_path),
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=BASE_DIR, env=env, capture_output=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    (written,) = tmp_path.iterdir()
    assert "the body" in written.read_text()
