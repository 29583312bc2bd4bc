"""Paying by card in Chromium through localstripe's stripe.js: 3-D Secure, a declined card (issue 4), and paying
again from the same page after a decline (issue 9)."""

from decimal import Decimal

import pytest
from django.urls import reverse
from oscar.core.loading import get_model
from playwright.sync_api import Page, expect

from payments.models import PaymentAttempt
from tests.browser.conftest import PASSWORD, log_in, pay_with_card
from tests.delivery.slot_factories import slots_every_day
from tests.factories import (
    RESIDENT_ADDRESS,
    MerchantFactory,
    TerritoryFactory,
    UserFactory,
    france,
    make_product,
)
from tests.stripe_server import CARD_DECLINED, CARD_DECLINED_AT_CHARGE, CARD_SUCCESS

Order = get_model("order", "Order")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def at_preview(page: Page, localstripe):
    """A resident with one product in the basket, on the order preview, ready to pay."""
    TerritoryFactory()
    france()
    slots_every_day()
    product = make_product(merchant=MerchantFactory(), title="Tomme des Pyrénées", price=Decimal("6.80"))
    resident = UserFactory(email="camille@example.test", password=PASSWORD)
    log_in(page, resident.email)
    page.goto(product.get_absolute_url())
    page.locator("#add_to_basket_form button[type=submit]").click()
    page.goto(reverse("checkout:shipping-address"))
    for field, value in RESIDENT_ADDRESS.items():
        page.locator(f"#id_{field}").fill(value)
    page.locator("#new_shipping_address button[type=submit]").click()
    page.wait_for_url(f"**{reverse('checkout:shipping-method')}")
    page.locator(".page .basket-items").filter(
        has=page.get_by_role("heading", name="Livraison à domicile", exact=True)
    ).locator("button[type=submit]").click()
    page.wait_for_url(f"**{reverse('checkout:delivery-slot')}")
    page.get_by_role("button", name="Être livré sur ce créneau").click()
    page.wait_for_url(f"**{reverse('checkout:payment-details')}")
    page.goto(reverse("checkout:preview"))
    expect(page.locator("#pay-button")).to_contain_text("11,70")  # 6,80 € + 4,90 € de livraison
    return page


def test_a_three_d_secure_card_pays_after_authentication(at_preview: Page):
    page = at_preview
    pay_with_card(page, "4000002760003184")
    # localstripe asks for authentication when the card is saved, then when it is charged.
    for _step in range(2):
        page.get_by_role("button", name="Complete authentication").click()
    page.wait_for_url(f"**{reverse('checkout:thank-you')}")
    order = Order.objects.get()
    expect(page.locator(".page p.lead strong")).to_have_text(order.number)
    assert order.total_incl_tax == Decimal("11.70")
    assert PaymentAttempt.objects.get().status == PaymentAttempt.Status.SUCCEEDED


def test_a_declined_card_keeps_the_basket_and_says_why(at_preview: Page):
    page = at_preview
    pay_with_card(page, CARD_DECLINED_AT_CHARGE)
    status = page.locator("#payment-status")
    expect(status).to_be_visible()
    expect(status).to_contain_text("Votre paiement n'a pas abouti (carte refusée par la banque)")
    expect(page.locator("#pay-button")).to_be_enabled()
    assert not Order.objects.exists()
    assert PaymentAttempt.objects.get().status == PaymentAttempt.Status.FAILED
    page.goto(reverse("basket:summary"))
    expect(page.locator("#main")).to_contain_text("Tomme des Pyrénées")


@pytest.mark.parametrize("card", [CARD_DECLINED, CARD_DECLINED_AT_CHARGE], ids=["when-saved", "when-charged"])
def test_after_a_declined_card_the_resident_pays_again_from_the_same_page(at_preview: Page, card: str):
    """localstripe refuses 4000 0000 0000 0002 when the card is saved, in the browser; 4000 0000 0000 0341 when
    it is charged, on the server: either way the page says why, in French, and the next card pays."""
    page = at_preview
    pay_with_card(page, card)
    status = page.locator("#payment-status")
    expect(status).to_contain_text("Votre paiement n'a pas abouti (carte refusée par la banque)")
    expect(status).to_contain_text("Votre panier est conservé")
    expect(page.locator("#pay-button")).to_be_enabled()
    declined = PaymentAttempt.objects.get()
    assert declined.status == PaymentAttempt.Status.FAILED

    pay_with_card(page, CARD_SUCCESS)

    page.wait_for_url(f"**{reverse('checkout:thank-you')}")
    order = Order.objects.get()
    assert order.number == declined.order_number == str(100000 + declined.basket_id)
    expect(page.locator(".page p.lead strong")).to_have_text(order.number)
    assert [(line.title, line.quantity) for line in order.lines.all()] == [("Tomme des Pyrénées", 1)]
    assert PaymentAttempt.objects.exclude(pk=declined.pk).get().status == PaymentAttempt.Status.SUCCEEDED
