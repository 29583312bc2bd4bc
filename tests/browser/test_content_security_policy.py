"""The Content-Security-Policy in Chromium: the pages that run the most scripts (the pickup map, the card payment
through localstripe's stripe.js, Oscar's dashboard and the merchant space) work under it, and the browser reports
no violation of it on any of them (issue 9)."""

import io
import re
from datetime import time
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from oscar.core.loading import get_model
from PIL import Image
from playwright.sync_api import Page, expect

from core.geocoding import geocode
from merchants.models import Fulfilment
from pickup.hours import contact_point_set_weekly_hours
from tests.browser.conftest import PASSWORD, pay_with_card
from tests.factories import (
    MerchantFactory,
    TerritoryFactory,
    UserFactory,
    france,
    make_merchant_user,
    make_product,
)
from tests.pickup.factories import ContactPointFactory

Order = get_model("order", "Order")
HOURS = {day: [(time(9), time(12)), (time(14), time(17, 30))] for day in range(6)}

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Playwright's init scripts and bindings are not subject to the page's policy: each document reports its own
# violations to the test, whatever it then blocks.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", function (event) {
    window.reportCspViolation([event.violatedDirective, event.blockedURI, event.sourceFile, event.lineNumber,
                               (event.sample || "").slice(0, 80)].join(" | "));
});
"""


@pytest.fixture
def watched(page: Page):
    """The page, with every CSP violation its documents report and every CSP console message collected."""
    violations: list[str] = []
    page.expose_function("reportCspViolation", lambda text: violations.append(f"{page.url}: {text}"))
    page.add_init_script(REPORT_VIOLATIONS)
    page.on(
        "console",
        lambda message: (
            violations.append(f"{page.url}: console: {message.text}")
            if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text
            else None
        ),
    )
    return page, violations


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "#e07a1f").save(buffer, format="PNG")
    return buffer.getvalue()


def sign_in(page: Page, email: str) -> None:
    """Oscar's login page, whichever page it then sends this user to (the shop or the dashboard)."""
    page.context.clear_cookies()
    visit(page, reverse("customer:login"))
    form = page.locator("#login_form")
    form.locator('input[name="login-username"]').fill(email)
    form.locator('input[name="login-password"]').fill(PASSWORD)
    form.locator('button[name="login_submit"]').click()
    page.wait_for_url(lambda url: reverse("customer:login") not in url)


def visit(page: Page, url: str) -> None:
    response = page.goto(url)
    assert response.status == 200, f"{url}: {response.status}"
    assert "script-src" in response.headers["content-security-policy"]


def test_the_pages_that_run_scripts_break_no_csp_rule(watched, live_server, localstripe, settings):
    page, violations = watched
    # Tiles from another host than the shop's, with Leaflet's {s} subdomains: *.localhost is loopback for
    # Chromium, and the live server's static handler answers whatever the host.
    port = urlsplit(live_server.url).port
    settings.MAP_TILE_URL = (
        f"http://{{s}}.localhost:{port}/static/vendor/leaflet/images/layers.png?{{z}}/{{x}}/{{y}}"
    )
    TerritoryFactory()
    france()
    merchant = MerchantFactory()
    product = make_product(merchant=merchant, title="Tomme des Pyrénées", price=Decimal("6.80"))
    centre = geocode(postcode="47200", city="Marmande")
    for index, name in enumerate(["MARMANDE BP", "MARMANDE GARE"], start=1):
        point = ContactPointFactory(
            name=name, latitude=centre.latitude + 0.003 * index, longitude=centre.longitude
        )
        contact_point_set_weekly_hours(point=point, ranges_by_weekday=HOURS)
    resident = UserFactory(email="camille@example.test", password=PASSWORD)
    grocer = make_merchant_user(merchant, email="marie@example.test", password=PASSWORD)
    UserFactory(email="admin@example.test", password=PASSWORD, is_staff=True, is_superuser=True)

    # The resident: the pickup map (Leaflet, its tiles, the data island), then the card payment.
    sign_in(page, resident.email)
    visit(page, product.get_absolute_url())
    page.locator("#add_to_basket_form button[type=submit]").click()
    visit(page, reverse("checkout:shipping-address"))
    for field, value in {
        "first_name": "Camille",
        "last_name": "Laborde",
        "line1": "8 rue Abel Boyé",
        "line4": "Marmande",
        "postcode": "47200",
        "phone_number": "+33553930000",
    }.items():
        page.locator(f"#id_{field}").fill(value)
    page.locator("#new_shipping_address button[type=submit]").click()
    page.wait_for_url(f"**{reverse('checkout:shipping-method')}")
    page.locator(".page .basket-items").filter(
        has=page.get_by_role("heading", name="Retrait en point de contact La Poste", exact=True)
    ).locator("button[type=submit]").click()
    page.wait_for_url(f"**{reverse('checkout:pickup-point')}")
    expect(page.get_by_role("radio")).to_have_count(2)
    expect(page.locator("#pickup-map .leaflet-marker-icon"), str(violations)).to_have_count(2)
    expect(page.locator("#pickup-map img.leaflet-tile-loaded").first).to_be_attached()
    tile = page.locator("#pickup-map img.leaflet-tile-loaded").first.get_attribute("src")
    assert re.match(rf"http://[abc]\.localhost:{port}/static/", tile), tile
    # Leaflet's own buttons speak the page's language.
    expect(page.locator("#pickup-map .leaflet-control-zoom-in")).to_have_attribute("title", "Zoom avant")
    expect(page.locator("#pickup-map .leaflet-control-zoom-out")).to_have_attribute("title", "Zoom arrière")
    page.locator("#choose-point").click()
    page.wait_for_url(f"**{reverse('checkout:payment-details')}")
    page.locator("#view_preview").click()
    page.wait_for_url(f"**{reverse('checkout:preview')}")
    expect(page.locator('#card-element input[placeholder="number"]')).to_be_visible()
    pay_with_card(page)
    page.wait_for_url(f"**{reverse('checkout:thank-you')}")
    order = Order.objects.get()

    # The merchant space: the order list and its detail (their confirm-before-refund script), the label.
    sign_in(page, grocer.email)
    fulfilment = Fulfilment.objects.get(order=order)
    visit(page, reverse("merchant-space:fulfilment-list"))
    visit(page, reverse("merchant-space:fulfilment-detail", args=[fulfilment.pk]))

    # Oscar's dashboard: its index and a product form (select2, date pickers, TinyMCE).
    sign_in(page, "admin@example.test")
    visit(page, reverse("dashboard:index"))
    visit(page, reverse("dashboard:catalogue-product", args=[product.pk]))
    expect(page.locator(".tox-tinymce").first).to_be_visible()
    # Oscar's image widget, its inline handlers replaced: a chosen picture's preview hides the upload button.
    page.locator("a[href='#product_images']").click()
    widget = page.locator(".image-input").filter(has=page.locator("button[id^='upload_button_']")).first
    upload = widget.locator("button[id^='upload_button_']")
    expect(upload).to_be_visible()
    widget.locator("input[type=file]").set_input_files(
        {"name": "tomme.png", "mimeType": "image/png", "buffer": png()}
    )
    expect(upload).to_be_hidden()
    visit(page, reverse("dashboard:order-list"))

    assert violations == [], "\n".join(violations)
