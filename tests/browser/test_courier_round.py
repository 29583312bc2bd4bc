"""The courier's round on a phone, in a real browser: signed in, the courier opens today's round from the menu and
reads its stops in order at 360 px wide, with nothing running off the side of the screen."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from core import roles
from delivery.models import Courier, Round, Stop, Vehicle, VehicleKind
from territory.models import Membership
from tests.browser.conftest import PASSWORD, log_in
from tests.factories import MerchantFactory, TerritoryFactory, UserFactory, make_product
from tests.merchants.factories import make_order
from tests.territory.isolation import _in_group

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_courier_reads_todays_round_on_a_phone(page: Page, browser):
    territory = TerritoryFactory()
    user = _in_group(
        UserFactory(email="karim@comptoir.test", first_name="Karim", last_name="Benali"), roles.COURIER
    )
    user.set_password(PASSWORD)
    user.save()
    Membership.objects.update_or_create(user=user, defaults={"territory": territory})
    vehicle = Vehicle.objects.create(
        name="Vélo cargo", kind=VehicleKind.CARGO_BIKE, capacity_parcels=30, capacity_litres=400
    )
    courier = Courier.objects.create(user=user, vehicle=vehicle)
    shop = MerchantFactory(trade_name="Au Fournil de la Bastide", address_line1="18 rue de la Libération")
    order = make_order([(make_product(merchant=shop, title="Pain de campagne"), 1)])
    start = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)
    tour = Round.objects.create(
        day=timezone.localdate(),
        courier=courier,
        vehicle=vehicle,
        planned_start=start,
        planned_end=start + timedelta(hours=2),
        planned_km=8.3,
    )
    for sequence, kind in enumerate([Stop.Kind.PICKUP, Stop.Kind.HOME], start=1):
        Stop.objects.create(
            round=tour,
            sequence=sequence,
            kind=kind,
            fulfilment=order.fulfilments.get(),
            latitude=44.5,
            longitude=0.165,
            planned_arrival=start + timedelta(minutes=20 * sequence),
            planned_service_start=start + timedelta(minutes=20 * sequence),
        )

    page.set_viewport_size({"width": 360, "height": 780})
    log_in(page, "karim@comptoir.test")
    page.goto("/livreur/")
    assert page.title().startswith("Mes tournées")
    page.get_by_role("link", name=re.compile(r"Tournée de 09:00 à 11:00 · 8,3 km")).click()
    stops = page.locator(".round-stops > li")
    expect(stops).to_have_count(2)
    expect(stops.nth(0)).to_contain_text("Au Fournil de la Bastide")
    expect(stops.nth(0)).to_contain_text(f"Enlever le colis de la commande {order.number}")
    expect(stops.nth(1)).to_contain_text("Camille Laborde")
    expect(stops.nth(1).get_by_role("link", name="Y aller (navigation)")).to_have_attribute(
        "href", "geo:44.500000,0.165000?q=44.500000,0.165000"
    )
    page.screenshot(path=str(SCREENSHOTS / "courier-round-360.png"), full_page=True)
    wide = page.evaluate(
        "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)"
        ".map(e => e.tagName + '.' + e.className).slice(0, 8)"
    )
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), wide
