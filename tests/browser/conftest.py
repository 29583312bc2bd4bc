"""Browser fixtures: one headless Debian Chromium per session, a fresh context (cookies, storage) per test.

Playwright's sync API runs an event loop in the test thread, so Django's guard against ORM calls from
async code would reject the factories and the database assertions: the tests are synchronous, hence
DJANGO_ALLOW_ASYNC_UNSAFE. The browser is never downloaded: without /usr/bin/chromium the tests fail."""

import os
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Wide enough for Bootstrap's expanded navbar (navbar-expand-lg), so the search box is visible.
VIEWPORT = {"width": 1280, "height": 900}
TIMEOUT_MS = 15_000


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError as error:
        pytest.fail(f"Browser tests need Playwright's Python package (pip install -e '.[dev]'): {error}")
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"Browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium); "
            "Playwright's own browser download is not used."
        )
    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        except Error as error:
            pytest.fail(f"Chromium at {CHROMIUM} did not start: {error}")
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A page in a new browser context whose relative URLs resolve against the live server."""
    context = browser.new_context(base_url=live_server.url, viewport=VIEWPORT, locale="fr-FR")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()
