"""Browser fixtures: one headless Debian Chromium for the browser tests, a fresh context per test.

The browser is never downloaded: without /usr/bin/chromium the tests fail, they are not skipped.

Playwright's sync API keeps an asyncio loop running in the test thread for as long as it is started,
so Django refuses ORM calls there (SynchronousOnlyOperation) unless DJANGO_ALLOW_ASYNC_UNSAFE is set.
The variable is set only while Playwright runs and restored afterwards: set at import, it would leak
into every test of the run, including the subprocesses of tests/shop/test_settings.py, whose
`manage.py check --deploy` rightly flags it. For the same reason the browser lives for this package,
which holds every browser test: one Chromium per test run, stopped before the other tests resume."""

import os
from pathlib import Path

import pytest

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
# Every browser test's users get this password, so that they log in through the real login page.
PASSWORD = "Garonne-et-Lot-2025"


@pytest.fixture(scope="package")
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
    with pytest.MonkeyPatch.context() as env, sync_playwright() as playwright:
        env.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE", "true"))
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


def log_in(page, email: str) -> None:
    """Logs in through Oscar's login page with ``PASSWORD``."""
    from django.urls import reverse
    from playwright.sync_api import expect

    page.goto(reverse("customer:login"))
    form = page.locator("#login_form")
    form.locator('input[name="login-username"]').fill(email)
    form.locator('input[name="login-password"]').fill(PASSWORD)
    form.locator('button[name="login_submit"]').click()
    expect(page.locator("#logout_link")).to_be_attached()


def pay_with_card(page, card: str = "4242424242424242", *, three_d_secure: bool | None = None) -> None:
    """Types a test card into the preview's card Element (localstripe's stripe.js renders plain inputs) and
    pays; localstripe's 3-D Secure modal, when it shows, is confirmed or failed."""
    element = page.locator("#card-element")
    element.locator('input[placeholder="number"]').fill(card)
    element.locator('input[placeholder="exp_month"]').fill("12")
    element.locator('input[placeholder="exp_year"]').fill("34")
    element.locator('input[placeholder="cvc"]').fill("123")
    postal = element.locator('input[placeholder="postal_code"]')
    if postal.count():
        postal.fill("47200")
    page.locator("#pay-button").click()
    if three_d_secure is not None:
        answer = "Complete authentication" if three_d_secure else "Fail authentication"
        page.get_by_role("button", name=answer).first.click()
