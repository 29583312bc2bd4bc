"""The dispatcher's page in a real browser, at 1280×800 and on a 390×844 phone: the day's rounds in the table and
numbered on the map (the list of stops beside it), nothing running off the side of the screen, and a round locked
with a click."""

from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from delivery.models import Courier, Round, Stop, Vehicle, VehicleKind
from merchants.models import Sector
from territory.models import Membership
from territory.tenancy import territory_activate
from tests.browser.conftest import PASSWORD
from tests.factories import MerchantFactory, TerritoryFactory, UserFactory, make_product
from tests.merchants.factories import make_order

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TUESDAY = date(2026, 12, 8)
# What runs off the right of the screen, leaving out what scrolls inside its own box (a wide table's columns).
OVERFLOW = (
    "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1"
    " && !(e.parentElement && e.parentElement.closest('.table-responsive')))"
    ".map(e => e.tagName + '.' + e.className + '#' + e.id).slice(0, 8)"
)


def planned_day(territory):
    """Two rounds of three parcels each (collected, then delivered), written as the planner writes them."""
    with territory_activate(territory):
        shop = MerchantFactory(sector=Sector.BAKERY, latitude=44.4995, longitude=0.1702)
        tours = []
        for offset, name in enumerate(("Lucie", "Karim")):
            vehicle = Vehicle.objects.create(
                name=f"Utilitaire {name}",
                kind=VehicleKind.ELECTRIC_VAN,
                capacity_parcels=30,
                capacity_litres=2000,
            )
            courier = Courier.objects.create(
                user=UserFactory(first_name=name, last_name="Livreur"), vehicle=vehicle
            )
            start = timezone.make_aware(datetime.combine(TUESDAY, time(9 + offset)))
            tour = Round.objects.create(
                day=TUESDAY,
                courier=courier,
                vehicle=vehicle,
                planned_start=start,
                planned_end=start + timedelta(hours=2),
                planned_km=11.5 + offset,
            )
            parts = [make_order([(make_product(merchant=shop), 1)]).fulfilments.get() for _ in range(3)]
            steps = [(Stop.Kind.PICKUP, part, 44.4995, 0.1702) for part in parts] + [
                (Stop.Kind.HOME, part, 44.49 + 0.01 * index + 0.005 * offset, 0.15 + 0.01 * index)
                for index, part in enumerate(parts)
            ]
            for sequence, (kind, part, latitude, longitude) in enumerate(steps, start=1):
                moment = start + timedelta(minutes=15 * sequence)
                Stop.objects.create(
                    round=tour,
                    sequence=sequence,
                    kind=kind,
                    fulfilment=part,
                    latitude=latitude,
                    longitude=longitude,
                    planned_arrival=moment,
                    planned_service_start=moment,
                )
            tours.append(tour)
    return tours


def test_the_dispatcher_sees_the_day_and_locks_a_round_on_a_desktop_and_a_phone(
    page: Page, live_server, settings
):
    settings.MAP_TILE_URL = (
        live_server.url + "/static/no-tiles/{z}/{x}/{y}.png"
    )  # no network: the map without tiles
    territory = TerritoryFactory()
    tours = planned_day(territory)
    user = UserFactory(email="helene@comptoir.test", first_name="Hélène", is_staff=True)
    user.set_password(PASSWORD)
    user.save()
    user.user_permissions.add(Permission.objects.get(codename="change_territory"))
    Membership.objects.update_or_create(user=user, defaults={"territory": territory})

    page.set_viewport_size({"width": 1280, "height": 800})
    # Staff land on the dashboard after logging in, which has no shop menu: log in by hand.
    page.goto(reverse("customer:login"))
    form = page.locator("#login_form")
    form.locator('input[name="login-username"]').fill("helene@comptoir.test")
    form.locator('input[name="login-password"]').fill(PASSWORD)
    form.locator('button[name="login_submit"]').click()
    expect(page.get_by_role("heading", name="la boutique du territoire")).to_be_visible()
    page.goto(f"/dashboard/tournees/?jour={TUESDAY.isoformat()}")
    assert page.title().startswith("Tournées du mardi 8 décembre 2026")
    rows = page.locator("#dispatch-rounds tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("km")
    expect(page.locator("#dispatch-map .dispatch-stop").first).to_be_visible()  # numbered stops on the map
    assert page.locator("#dispatch-map .dispatch-stop").count() == 12
    page.screenshot(path=str(SCREENSHOTS / "dispatch-1280.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.evaluate(OVERFLOW)

    rows.nth(0).get_by_role("button", name="Verrouiller la tournée de").click()
    expect(page.locator(".alert-success")).to_contain_text("est verrouillée")
    expect(page.locator("#dispatch-rounds tbody tr").nth(0)).to_contain_text("Verrouillée")
    assert Round.objects.get(pk=tours[0].pk).locked

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    expect(page.locator("#dispatch-rounds")).to_be_visible()
    expect(page.locator("#dispatch-map")).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "dispatch-390.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.evaluate(OVERFLOW)
