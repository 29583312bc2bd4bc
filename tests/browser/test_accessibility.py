"""Every resident page at phone and desktop widths (shop/accessibility.py lists them, and the accessibility
statement publishes the list): no sideways scroll, no serious or critical axe-core violation of WCAG 2.1 AA, a
title that says where one is, touch targets of 44 px in the header. And the whole checkout with the keyboard
alone, on a phone."""

from datetime import time
from decimal import Decimal

import pytest
from django.urls import reverse
from oscar.core.loading import get_model
from playwright.sync_api import Page, expect

from core.geocoding import geocode
from merchants.models import Sector
from pickup.hours import contact_point_set_weekly_hours
from shop.accessibility import AUDITED_PAGES, VIEWPORTS
from tests.browser.axe import axe_serious, overflowing
from tests.browser.conftest import PASSWORD, TIMEOUT_MS, log_in, pay_with_card
from tests.delivery.slot_factories import slots_every_day
from tests.factories import (
    RESIDENT_ADDRESS,
    MerchantFactory,
    TerritoryFactory,
    UserFactory,
    france,
    make_product,
)
from tests.pickup.factories import ContactPointFactory

Order = get_model("order", "Order")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Touch targets the header and the checkout's controls must keep (WCAG 2.5.5).
SMALL_TARGETS = """() => [...document.querySelectorAll(
    '.site-header a, .site-header button, .site-header input, main button, main .btn, main select,'
    + ' main input.form-control')].filter(e => e.offsetParent !== null)
    .map(e => [e.outerHTML.slice(0, 80), e.getBoundingClientRect().height])
    .filter(([, height]) => height < 43.5)"""


@pytest.fixture
def world():
    TerritoryFactory()
    france()
    slots_every_day()
    bakery = MerchantFactory(trade_name="Boulangerie du Marché", sector=Sector.BAKERY)
    cheese = MerchantFactory(trade_name="Fromagerie Garonne", sector=Sector.CHEESE)
    bread = make_product(merchant=bakery, title="Pain de campagne", price=Decimal("3.20"))
    make_product(merchant=cheese, title="Beaufort d'été", price=Decimal("7.40"))
    resident = UserFactory(email="camille@example.test", password=PASSWORD)
    centre = geocode(postcode="47200", city="Marmande")
    for index, name in enumerate(["MARMANDE BP", "MARMANDE GARE"], start=1):
        point = ContactPointFactory(
            name=name, latitude=centre.latitude + 0.003 * index, longitude=centre.longitude
        )
        contact_point_set_weekly_hours(
            point=point,
            ranges_by_weekday={day: [(time(9), time(12)), (time(14), time(17, 30))] for day in range(6)},
        )
    return {"bakery": bakery, "cheese": cheese, "bread": bread, "resident": resident}


class Sweep:
    """Checks each page it is shown and remembers which of the audited pages it saw."""

    def __init__(self, page: Page):
        self.page = page
        self.seen: list[str] = []
        self.problems: list[str] = []

    def check(self, key: str, *, title: str) -> None:
        page = self.page
        page.wait_for_load_state("load")
        assert key in dict(AUDITED_PAGES), key
        self.seen.append(key)
        if title.lower() not in page.title().lower():
            self.problems.append(f"{key}: title {page.title()!r} does not say {title!r}")
        for element in overflowing(page):
            self.problems.append(f"{key}: overflows sideways: {element}")
        for violation in axe_serious(page):
            self.problems.append(f"{key}: {violation}")
        for outer, height in page.evaluate(SMALL_TARGETS):
            self.problems.append(f"{key}: target {height:.0f} px high: {outer}")


def go(page: Page, url: str) -> None:
    page.goto(url)


def choose_home_delivery(page: Page) -> None:
    page.wait_for_url(f"**{reverse('checkout:shipping-method')}")
    page.locator(".page .basket-items").filter(
        has=page.get_by_role("heading", name="Livraison à domicile", exact=True)
    ).locator("button[type=submit]").click()
    page.wait_for_url(f"**{reverse('checkout:delivery-slot')}")
    page.get_by_role("button", name="Être livré sur ce créneau").click()


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=lambda size: f"{size[0]}x{size[1]}")
def test_every_resident_page_is_accessible_and_fits(browser, live_server, world, localstripe, viewport):
    width, height = viewport
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": height}, locale="fr-FR"
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    sweep = Sweep(page)
    try:
        go(page, "/")
        sweep.check("home", title="Val de Garonne")
        go(page, reverse("catalogue:index"))
        sweep.check("catalogue", title="Tous les produits")
        go(page, reverse("search:search") + "?q=pain")
        sweep.check("search", title="pain")
        go(page, reverse("merchants:directory"))
        sweep.check("directory", title="commerçants")
        go(page, world["bakery"].get_absolute_url())
        sweep.check("merchant", title="Boulangerie du Marché")
        go(page, "/une-page-qui-n-existe-pas/")
        sweep.check("not_found", title="Page introuvable")
        go(page, reverse("accessibility"))
        sweep.check("accessibility", title="Déclaration d'accessibilité")
        go(page, reverse("customer:login"))
        sweep.check("login", title="Connexion")

        log_in(page, world["resident"].email)
        go(page, world["bread"].get_absolute_url())
        sweep.check("product", title="Pain de campagne")
        page.locator("#id_quantity").fill("2")
        page.locator("#add_to_basket_form button[type=submit]").click()
        go(page, reverse("catalogue:index"))
        card = page.locator("article.product-card").filter(has_text="Beaufort d'été")
        card.get_by_role("button", name="Ajouter au panier").click()
        go(page, reverse("basket:summary"))
        sweep.check("basket", title="Panier")
        expect(page.locator(".basket-shop h2")).to_have_text(["Boulangerie du Marché", "Fromagerie Garonne"])

        page.locator("#main").get_by_role("link", name="Passer la commande").click()
        page.wait_for_url(f"**{reverse('checkout:shipping-address')}")
        for field, value in RESIDENT_ADDRESS.items():
            page.locator(f"#id_{field}").fill(value)
        page.locator("#new_shipping_address button[type=submit]").click()
        page.wait_for_url(f"**{reverse('checkout:shipping-method')}")
        sweep.check("shipping", title="Mode de réception")
        page.locator(".page .basket-items").filter(
            has=page.get_by_role("heading", name="Retrait en point de contact La Poste", exact=True)
        ).locator("button[type=submit]").click()
        page.wait_for_url(f"**{reverse('checkout:pickup-point')}")
        expect(page.locator("#pickup-map .leaflet-marker-icon")).to_have_count(2)
        sweep.check("pickup_point", title="Point de retrait")
        page.goto(reverse("checkout:shipping-method"))
        page.locator(".page .basket-items").filter(
            has=page.get_by_role("heading", name="Livraison à domicile", exact=True)
        ).locator("button[type=submit]").click()
        page.wait_for_url(f"**{reverse('checkout:delivery-slot')}")
        sweep.check("slot", title="Créneau")
        page.get_by_role("button", name="Être livré sur ce créneau").click()
        page.wait_for_url(f"**{reverse('checkout:payment-details')}")
        sweep.check("payment", title="Paiement")
        page.goto(reverse("checkout:preview"))
        sweep.check("preview", title="Récapitulatif")
        pay_with_card(page)
        page.wait_for_url(f"**{reverse('checkout:thank-you')}")
        sweep.check("confirmation", title="Confirmation")

        order = Order.objects.get()
        go(page, reverse("customer:summary"))
        sweep.check("account", title="Profil")
        go(page, reverse("customer:order-list"))
        sweep.check("orders", title="Historique")
        go(page, reverse("customer:order", kwargs={"order_number": order.number}))
        sweep.check("order", title=order.number)
    finally:
        context.close()

    # The statement lists exactly the pages this test measures.
    assert sorted(sweep.seen) == sorted(key for key, _label in AUDITED_PAGES)
    assert sweep.problems == []


def tab_to(page: Page, selector: str, *, limit: int = 80) -> None:
    """Presses Tab until the element matching ``selector`` has the focus (and fails if it never does)."""
    target = page.locator(selector).first
    for _ in range(limit):
        if target.evaluate("element => element === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} never got the focus with Tab")


def test_the_whole_checkout_with_the_keyboard_alone_on_a_phone(browser, live_server, world, localstripe):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}, locale="fr-FR"
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        page.goto(reverse("customer:login"))
        tab_to(page, 'input[name="login-username"]')
        page.keyboard.type(world["resident"].email)
        tab_to(page, 'input[name="login-password"]')
        page.keyboard.type(PASSWORD)
        page.keyboard.press("Enter")
        expect(page.locator("#logout_link")).to_be_attached()

        # The search box from the header, then the product's card: quantity 3, added with Enter.
        tab_to(page, "#site-search")
        page.keyboard.type("pain")
        page.keyboard.press("Enter")
        page.wait_for_url("**q=pain**")
        quantity = f"#quantity-{world['bread'].pk}"
        tab_to(page, quantity)
        page.keyboard.press("Control+A")
        page.keyboard.type("3")
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        expect(page.locator("#messages .alert-success")).to_contain_text("Pain de campagne")

        tab_to(page, "#basket_link")
        page.keyboard.press("Enter")
        page.wait_for_url(f"**{reverse('basket:summary')}")
        expect(page.locator(".basket-line-quantity input[type=number]")).to_have_value("3")
        tab_to(page, f'#main a[href="{reverse("checkout:index")}"]')
        page.keyboard.press("Enter")

        page.wait_for_url(f"**{reverse('checkout:shipping-address')}")
        for field, value in RESIDENT_ADDRESS.items():
            tab_to(page, f"#id_{field}")
            page.keyboard.type(value)
        tab_to(page, "#new_shipping_address button[type=submit]")
        page.keyboard.press("Enter")

        page.wait_for_url(f"**{reverse('checkout:shipping-method')}")
        home = page.locator(".page .basket-items").filter(
            has=page.get_by_role("heading", name="Livraison à domicile", exact=True)
        )
        home.locator("button[type=submit]").evaluate("button => button.id = 'keyboard-home-delivery'")
        tab_to(page, "#keyboard-home-delivery")
        page.keyboard.press("Enter")

        page.wait_for_url(f"**{reverse('checkout:delivery-slot')}")
        tab_to(page, "#slot-form button[type=submit]")
        page.keyboard.press("Enter")
        page.wait_for_url(f"**{reverse('checkout:payment-details')}")
        tab_to(page, "#view_preview")
        page.keyboard.press("Enter")

        page.wait_for_url(f"**{reverse('checkout:preview')}")
        for placeholder, value in (
            ("number", "4242424242424242"),
            ("exp_month", "12"),
            ("exp_year", "34"),
            ("cvc", "123"),
        ):
            tab_to(page, f'#card-element input[placeholder="{placeholder}"]')
            page.keyboard.type(value)
        postal = page.locator('#card-element input[placeholder="postal_code"]')
        if postal.count():
            tab_to(page, '#card-element input[placeholder="postal_code"]')
            page.keyboard.type("47200")
        tab_to(page, "#pay-button")
        page.keyboard.press("Enter")
        page.wait_for_url(f"**{reverse('checkout:thank-you')}")
    finally:
        context.close()

    order = Order.objects.get()
    assert order.user == world["resident"]
    assert [(line.title, line.quantity) for line in order.lines.all()] == [("Pain de campagne", 3)]
