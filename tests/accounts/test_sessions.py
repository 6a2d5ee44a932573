"""Sessions are kept in the database: losing or flushing the cache logs nobody out."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import caches

from tests.conftest import log_in

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parents[2]
# Read by the settings only; nothing connects to it here.
REDIS_URL = "redis://127.0.0.1:6379/0"


def configured_session_engine(redis_url: str) -> str:
    """SESSION_ENGINE as config.settings sets it for a site with (or without) REDIS_URL."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    env.update(SECRET_KEY="sessions-test", DJANGO_SETTINGS_MODULE="config.settings")
    result = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.SESSION_ENGINE)"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip()


@pytest.mark.parametrize("redis_url", [REDIS_URL, ""], ids=["with Redis", "without"])
def test_flushing_every_cache_logs_nobody_out(client, settings, make_user, redis_url):
    # The engine a real site would use: cached_db with Redis (before: the cache alone).
    settings.SESSION_ENGINE = configured_session_engine(redis_url)
    user = make_user()
    log_in(client, user)
    assert client.get("/notifications/").status_code == 200
    assert Session.objects.count() == 1

    for alias in settings.CACHES:
        caches[alias].clear()

    response = client.get("/notifications/")
    assert response.status_code == 200  # not a redirect to the login page
    assert response.wsgi_request.user == user
    assert user.public_name in response.content.decode()


def test_the_settings_keep_sessions_in_the_database_with_or_without_redis():
    assert configured_session_engine(REDIS_URL) == "django.contrib.sessions.backends.cached_db"
    # Without a shared cache, each process's own would serve a session another had ended.
    assert configured_session_engine("") == "django.contrib.sessions.backends.db"


def test_logging_out_ends_the_session_in_the_database_too(client, make_user):
    log_in(client, make_user())
    client.post("/accounts/logout/")
    assert not Session.objects.exists()
    for alias in caches:
        caches[alias].clear()
    assert client.get("/notifications/").status_code == 302
