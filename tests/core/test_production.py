"""Production readiness: deploy checks, security headers and the content policy the pages
satisfy, the health endpoint, a friendly 503 when the database goes away (and recovery), the
request log, and the read-replica router."""

import json
import logging
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import close_old_connections, connection
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client, RequestFactory

from apps.core import health
from apps.core.request_log import RequestLogMiddleware
from tests.conftest import log_in

BASE_DIR = Path(__file__).resolve().parents[2]


def _manage(args: list[str], env: dict) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECURE_"))}
    clean.pop("DEBUG", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env={**clean, **env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "gachi.example",
    "CSRF_TRUSTED_ORIGINS": "https://gachi.example",
}


def test_the_deploy_check_is_clean_in_production():
    result = _manage(["check", "--deploy", "--fail-level", "WARNING"], PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_sends_the_security_headers(client, db):
    response = client.get("/tags/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"\son[a-z]+=", re.IGNORECASE)


def test_every_page_satisfies_the_policy(client, make_user, make_question, make_answer):
    """No inline script, style or event handler that script-src/style-src 'self' would block.
    (The browser tests also fail on any console error, which a CSP violation is.)"""
    asker = make_user()
    question = make_question(author=asker, title="정책 검사 질문", body="$x^2$ 와 `code`")
    make_answer(question=question, body="| a | b |\n|:-|-:|\n| 1 | 2 |")
    log_in(client, asker)
    pages = [
        "/",
        question.get_absolute_url(),
        "/questions/ask/",
        f"/questions/{question.pk}/edit/",
        "/tags/",
        "/tags/likelihood/",
        "/concepts/map/",
        "/search/?q=정책",
        "/notifications/",
        "/users/",
        asker.get_absolute_url(),
        "/accounts/profile/",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        for pattern in (INLINE_SCRIPT, INLINE_STYLE, INLINE_HANDLER):
            assert not pattern.search(html), (url, pattern.search(html).group(0))


# --- Health ---------------------------------------------------------------------------------------


def test_healthz_reports_the_database_and_migrations(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok", "database": "ok", "migrations": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_fails_while_a_migration_is_pending(client, db, monkeypatch):
    monkeypatch.setattr(health, "_migrated", False)  # a process started before the deploy
    # The search app's newest migration, as if the code were deployed before `migrate` ran.
    MigrationRecorder.Migration.objects.filter(app="search").latest("applied", "id").delete()
    response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content)["migrations"] == "1 not applied"


@pytest.mark.django_db(transaction=True)
def test_a_database_outage_is_a_friendly_503_and_the_app_recovers(make_question):
    """Cut the connection to PostgreSQL with a relay (the test owns the relay, not the shared
    server), then restore it: no stack trace, and no restart needed."""
    if connection.vendor != "postgresql":
        pytest.skip("the relay stands in front of PostgreSQL's TCP port")
    from tests.core.tcp_proxy import Relay

    question = make_question(title="정전 시험 질문")
    page = f"/questions/{question.pk}/revisions/"  # not kept: it needs the database every time
    kept = question.get_absolute_url()  # kept whole for visitors once rendered
    settings_dict = connection.settings_dict
    relay = Relay((settings_dict["HOST"], int(settings_dict["PORT"])))
    relay.start()
    original_port = settings_dict["PORT"]
    client = Client(raise_request_exception=False)

    class Browser:
        """The test client skips the connection upkeep a real server does around each request
        (Django's request_started/finished signals): do it, as gunicorn's workers would."""

        @staticmethod
        def get(url):
            close_old_connections()
            response = client.get(url)
            close_old_connections()
            return response

    browser = Browser()
    try:
        connection.close()
        settings_dict["PORT"] = relay.port
        assert browser.get(page).status_code == 200
        assert browser.get(kept).status_code == 200

        relay.stop()
        # What visitors were already reading stays up (this visitor's view is counted).
        assert "정전 시험 질문" in browser.get(kept).content.decode()
        response = browser.get(page)
        assert response.status_code == 503
        assert response["Retry-After"] == "30"
        html = response.content.decode()
        assert "잠시" in html and "Traceback" not in html
        assert browser.get("/healthz").status_code == 503

        relay.start()  # the database is back: the next requests reconnect by themselves
        assert browser.get(page).status_code == 200
        assert "정전 시험 질문" in browser.get(page).content.decode()
    finally:
        relay.stop()
        connection.close()
        settings_dict["PORT"] = original_port


# --- Request log ----------------------------------------------------------------------------------


def test_the_request_log_has_time_and_query_count(db, caplog, make_question):
    from apps.questions.views import question_list

    make_question()
    request = RequestFactory().get("/", {"secret": "x"})
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    request.session = {}
    middleware = RequestLogMiddleware(question_list)
    with caplog.at_level(logging.INFO, logger="gachi.requests"):
        response = middleware(request)
    assert response.status_code == 200
    record = next(r for r in caplog.records if r.name == "gachi.requests")
    assert (record.method, record.path, record.status) == ("GET", "/", 200)
    assert record.queries >= 2 and record.ms > 0
    line = logging.getLogger("gachi.requests").handlers[0].format(record)
    assert "queries=" in line and "secret" not in line


# --- Read replica ---------------------------------------------------------------------------------

REPLICA_SCRIPT = """
import django
django.setup()
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("seed", verbosity=0)
from apps.accounts.models import User
User.objects.create_user("replica-reader", password="pw-12345678")
counts = {}
for who in ("anonymous", "member"):
    client = Client()
    if who == "member":
        client.login(username="replica-reader", password="pw-12345678")
    with CaptureQueriesContext(connections["default"]) as primary, \\
         CaptureQueriesContext(connections["replica"]) as replica:
        for url in ("/feeds/questions/", "/tags/likelihood/feed/", "/sitemap.xml"):
            assert client.get(url).status_code == 200, url
    counts[who] = (len(primary), len(replica))
# Pages kept for visitors never read from the replica: a lagging replica's rows would be
# kept under the new generations.
with CaptureQueriesContext(connections["replica"]) as replica:
    for url in ("/", "/tags/", "/tags/likelihood/", "/concepts/map/", "/search/?q=x"):
        assert Client().get(url).status_code == 200, url
counts["kept"] = (0, len(replica))
print(counts)
"""


def test_anonymous_feeds_read_from_the_replica_and_kept_pages_never(tmp_path):
    database = f"sqlite:///{tmp_path / 'replica.sqlite3'}"
    env = {
        **PRODUCTION,
        "DEBUG": "1",
        "ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": database,
        "DATABASE_REPLICA_URL": database,  # the replica URL pointing at the primary
    }
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    result = subprocess.run(
        [sys.executable, "-c", REPLICA_SCRIPT],
        cwd=BASE_DIR,
        env={**clean, **env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    counts = eval(result.stdout.strip().splitlines()[-1])  # {'anonymous': (primary, replica), …}
    anonymous_primary, anonymous_replica = counts["anonymous"]
    member_primary, member_replica = counts["member"]
    assert anonymous_replica > 0 and anonymous_primary <= 4  # sessions at most
    assert member_replica == 0 and member_primary > 0
    assert counts["kept"][1] == 0
