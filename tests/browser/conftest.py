"""Fixtures for the real-browser tests: one Chromium per session, a fresh context per test.

Playwright's own browser download does not work here, so we drive Debian's Chromium. Without it
the browser tests are skipped, unless GACHI_REQUIRE_BROWSER=1 (CI), where a missing browser is an
error. GACHI_CHROMIUM overrides the browser's path. We do not use pytest-playwright: these few
fixtures are all we need.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread, and Django refuses ORM calls from a
# thread with a running loop unless told it is safe (it is: nothing here is actually async).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("GACHI_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
TIMEOUT_MS = 5_000
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
RESULTS_DIR = Path(__file__).resolve().parents[2] / "test-results" / "browser"


def _unavailable(reason: str) -> None:
    if os.environ.get("GACHI_REQUIRE_BROWSER") == "1":
        pytest.fail(f"GACHI_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(f"browser tests skipped: {reason} (set GACHI_REQUIRE_BROWSER=1 to make this fail)")


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole session."""
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is not installed")
    try:
        from playwright.sync_api import expect, sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed")
    expect.set_options(timeout=TIMEOUT_MS)
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, timeout=30_000
        )
    except Exception as error:
        playwright.stop()
        _unavailable(f"{CHROMIUM} could not be launched: {error}")
    yield chromium
    chromium.close()
    playwright.stop()


def _watch(page, live_server_url: str) -> None:
    """Record what went wrong while the page ran: failed requests, console errors, JS errors."""
    page.problems = []

    def on_response(response):
        if response.url.startswith(live_server_url) and response.status >= 400:
            request = response.request
            page.problems.append(f"HTTP {response.status} {request.method} {response.url}")

    def on_request_failed(request):
        # A navigation cancels the old document's pending loads (e.g. the favicon): not a fault.
        if request.url.startswith(live_server_url) and request.failure != "net::ERR_ABORTED":
            page.problems.append(f"{request.failure} {request.method} {request.url}")

    page.on("response", on_response)
    page.on("requestfailed", on_request_failed)
    page.on("pageerror", lambda error: page.problems.append(f"JS error: {error}"))
    page.on(
        "console",
        lambda message: (
            page.problems.append(f"console {message.type}: {message.text}")
            if message.type == "error"
            else None
        ),
    )


def _new_page(browser, live_server, **context_options):
    context = browser.new_context(
        base_url=live_server.url,
        locale="ko-KR",
        viewport=DESKTOP,
        **context_options,
    )
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    page = context.new_page()
    _watch(page, live_server.url)
    return context, page


@pytest.fixture
def page(browser, live_server) -> Iterator:
    """A page in a fresh context (no cookies), Korean locale, desktop size, base_url set."""
    context, page = _new_page(browser, live_server)
    yield page
    context.close()


@pytest.fixture
def page_without_js(browser, live_server) -> Iterator:
    """Like `page`, with JavaScript disabled: the pages must work as plain HTML forms."""
    context, page = _new_page(browser, live_server, java_script_enabled=False)
    yield page
    context.close()


@pytest.fixture
def screenshot(request) -> Callable[..., Path]:
    """Save a full-page screenshot under test-results/browser/ for humans to look at."""

    def save(page, name: str) -> Path:
        RESULTS_DIR.mkdir(parents=True, exist_ok=True)
        slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", f"{request.node.name}-{name}").strip("-")
        path = RESULTS_DIR / f"{slug}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save


def assert_no_problems(page) -> None:
    """Fail if any request of ours failed (4xx/5xx, e.g. a missing static file) or JS broke."""
    assert page.problems == [], "\n".join(page.problems)
