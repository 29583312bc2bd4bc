"""The delivery slot in Chromium: chosen after home delivery, and when its last place goes to someone else while
the resident is on the preview, paying sends them back to the choice with the reason, their card not charged."""

from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from delivery.models import SlotBooking
from payments.models import PaymentAttempt
from tests.browser.conftest import PASSWORD, log_in, pay_with_card
from tests.delivery.slot_factories import slots_every_day
from tests.delivery.test_slots import start_with_slot
from tests.factories import (
    RESIDENT_ADDRESS,
    MerchantFactory,
    TerritoryFactory,
    UserFactory,
    france,
    make_product,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_last_place_taken_meanwhile_sends_the_resident_back_to_the_slot_choice(page: Page, localstripe):
    TerritoryFactory()
    france()
    slots_every_day(capacity=1)
    product = make_product(merchant=MerchantFactory(), title="Tomme des Pyrénées", price=Decimal("6.80"))
    resident = UserFactory(email="camille@example.test", password=PASSWORD)
    log_in(page, resident.email)
    page.goto(product.get_absolute_url())
    page.locator("#add_to_basket_form button[type=submit]").click()
    page.goto(reverse("checkout:shipping-address"))
    for field, value in RESIDENT_ADDRESS.items():
        page.locator(f"#id_{field}").fill(value)
    page.locator("#new_shipping_address button[type=submit]").click()
    page.locator(".page .basket-items").filter(
        has=page.get_by_role("heading", name="Livraison à domicile", exact=True)
    ).locator("button[type=submit]").click()
    page.wait_for_url(f"**{reverse('checkout:delivery-slot')}")
    chosen = page.locator("#slot-form label").first.inner_text()
    expect(page.locator("#slot-form")).to_contain_text("Plus qu'une place")
    page.get_by_role("button", name="Être livré sur ce créneau").click()
    page.wait_for_url(f"**{reverse('checkout:payment-details')}")
    page.goto(reverse("checkout:preview"))
    expect(page.locator("#chosen-delivery-slot")).to_contain_text(chosen)

    # Another resident starts paying for the same slot's last place.
    other = start_with_slot(product, _first_slot_key())
    assert SlotBooking.objects.filter(attempt=other).exists()

    pay_with_card(page)
    page.wait_for_url(f"**{reverse('checkout:delivery-slot')}")
    expect(page.locator("#messages")).to_contain_text("vient d'être complet ou n'est plus proposé")
    expect(page.locator("#slot-form label").first).not_to_have_text(chosen)
    assert not PaymentAttempt.objects.filter(user=resident).exists()


def _first_slot_key() -> str:
    from delivery.slots import slot_offers

    return slot_offers()[0].key
