"""The bench app is tooling: the site never installs it, only the bench settings (and tests) do."""

import json
import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
BENCH_COMMANDS = {"bench_pages", "bench_search", "generate_community"}

PROBE = f"""
import json
import django
from django.conf import settings
django.setup()
from django.core.management import get_commands
from django.urls import Resolver404, resolve
try:
    minimal = resolve("/bench/minimal/").url_name
except Resolver404:
    minimal = None
print(json.dumps({{
    "installed": "bench" in settings.INSTALLED_APPS,
    "commands": sorted(set(get_commands()) & set({sorted(BENCH_COMMANDS)!r})),
    "minimal": minimal,
    "about": resolve("/about/masterclass/").url_name,
}}))
"""


def _probe(settings_module: str, **env: str) -> dict:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECURE_"))}
    clean.pop("DEBUG", None)
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=BASE_DIR,
        env={**clean, **env, "DJANGO_SETTINGS_MODULE": settings_module},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_site_has_no_bench_app_commands_or_url():
    site = _probe("config.settings", DEBUG="1")
    assert site == {
        "installed": False,
        "commands": [],
        "minimal": None,
        "about": "about_masterclass",
    }


def test_the_bench_settings_install_the_bench_app_its_commands_and_url():
    bench = _probe("config.bench_settings", DEBUG="0", SECRET_KEY="bench-test-only-not-a-secret")
    assert bench == {
        "installed": True,
        "commands": sorted(BENCH_COMMANDS),
        "minimal": "bench_minimal",
        "about": "about_masterclass",
    }
