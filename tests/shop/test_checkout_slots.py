"""The checkout's delivery slot step: after home delivery, only slots with places left and their cut-off ahead are
offered; a slot that filled meanwhile sends the resident back to the choice, with nothing written."""

import json
from datetime import time
from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from delivery.models import SlotBooking, SlotTemplate
from payments.models import PaymentAttempt
from tests.delivery.slot_factories import choose_first_slot, slots_every_day
from tests.delivery.test_slots import start_with_slot
from tests.factories import (
    RESIDENT_ADDRESS,
    MerchantFactory,
    TerritoryFactory,
    UserFactory,
    france,
    make_product,
)
from tests.shop.test_checkout import checkout

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop():
    TerritoryFactory()
    france()
    slots_every_day(capacity=3)
    return make_product(merchant=MerchantFactory(), title="Miel du Lot", price=Decimal("8.00"))


def to_home_delivery(client, product):
    client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
    client.post(reverse("checkout:shipping-address"), {**RESIDENT_ADDRESS, "country": "FR"})
    response = client.post(reverse("checkout:shipping-method"), {"method_code": "home-delivery"})
    assert response["Location"] == reverse("checkout:delivery-slot")


def test_a_one_merchant_basket_keeps_click_and_collect(client, shop, localstripe):
    client.force_login(UserFactory())
    codes = checkout(client, [shop], localstripe=localstripe, method="click-and-collect")
    assert codes == ["home-delivery", "contact-point", "click-and-collect"]


def test_the_slot_step_offers_the_next_days_in_french_with_the_few_places_left(client, shop):
    client.force_login(UserFactory())
    to_home_delivery(client, shop)
    page = client.get(reverse("checkout:delivery-slot"))
    html = unescape(page.content.decode())
    assert page.status_code == 200 and len(page.context["slots"]) == 7
    first = page.context["slots"][0]
    assert f">{first.label}</label>" in html and "14 h – 18 h" in first.label
    assert "Plus que 3 places" in html


def test_the_preview_needs_a_slot_and_a_bad_slot_is_refused_in_french(client, shop):
    client.force_login(UserFactory())
    to_home_delivery(client, shop)
    response = client.get(reverse("checkout:preview"))
    assert response.status_code == 302 and response["Location"] == reverse("checkout:delivery-slot")
    response = client.post(reverse("checkout:delivery-slot"), {"slot": "2031-02-30T25:00"})
    assert response.status_code == 400
    assert "Ce créneau n'est plus proposé" in unescape(response.content.decode())
    response = client.post(reverse("checkout:payment-start"))
    assert response.status_code == 409 and response.json()["url"] == reverse("checkout:delivery-slot")


def test_a_full_slot_is_not_offered(client, shop):
    resident = UserFactory()
    client.force_login(resident)
    to_home_delivery(client, shop)
    first = client.get(reverse("checkout:delivery-slot")).context["slots"][0]
    SlotTemplate.objects.filter(weekday=first.day.weekday()).update(capacity=0)
    keys = [slot.key for slot in client.get(reverse("checkout:delivery-slot")).context["slots"]]
    assert first.key not in keys and len(keys) == 6


def test_a_slot_filled_meanwhile_sends_the_resident_back_to_the_choice_with_nothing_written(client, shop):
    resident = UserFactory()
    client.force_login(resident)
    to_home_delivery(client, shop)
    first = choose_first_slot(client)
    assert client.get(reverse("checkout:preview")).status_code == 200
    # Another resident took the last place between the choice and the payment: the slot is full now.
    SlotTemplate.objects.filter(weekday=first.day.weekday(), starts_at=time(14)).update(capacity=0)
    response = client.post(reverse("checkout:payment-start"))
    assert response.status_code == 409
    assert response.json()["url"] == reverse("checkout:delivery-slot")
    assert not PaymentAttempt.objects.exists() and not SlotBooking.objects.exists()
    assert Basket.objects.get(owner=resident).status == Basket.OPEN


def test_the_last_places_held_by_others_meanwhile_answer_409_in_french(client, shop, localstripe):
    resident = UserFactory()
    client.force_login(resident)
    to_home_delivery(client, shop)
    first = choose_first_slot(client)
    assert client.get(reverse("checkout:preview")).status_code == 200
    # Three other residents start paying for the slot's three places meanwhile.
    for _index in range(3):
        start_with_slot(shop, first.key)
    response = client.post(reverse("checkout:payment-start"))
    assert response.status_code == 409
    assert response.json()["url"] == reverse("checkout:delivery-slot")
    assert "vient d'être complet ou n'est plus proposé : choisissez-en un autre" in response.json()["error"]
    assert response.json()["retry"] == reverse("checkout:delivery-slot")
    assert not PaymentAttempt.objects.filter(user=resident).exists()
    page = client.get(reverse("checkout:delivery-slot"))
    assert first.key not in [slot.key for slot in page.context["slots"]]
    assert "vient d'être complet ou n'est plus proposé" in unescape(page.content.decode())


def test_a_slot_refused_inside_the_payments_transaction_answers_409_with_the_slot_step():
    from delivery.slots import SlotUnavailable
    from shop.apps.checkout.views import payment_error

    response = payment_error(
        SlotUnavailable("Le créneau mardi 8 décembre, 14 h – 18 h vient d'être complet.")
    )
    assert response.status_code == 409
    assert json.loads(response.content) == {
        "error": "Le créneau mardi 8 décembre, 14 h – 18 h vient d'être complet.",
        "url": reverse("checkout:delivery-slot"),
        "retry": reverse("checkout:delivery-slot"),
    }


def test_when_every_slot_is_full_the_step_says_so_and_offers_the_other_modes(client, shop):
    client.force_login(UserFactory())
    to_home_delivery(client, shop)
    SlotTemplate.objects.update(capacity=0)
    page = client.get(reverse("checkout:delivery-slot"))
    html = unescape(page.content.decode())
    assert page.status_code == 200 and page.context["slots"] == []
    assert "Tous les créneaux de livraison des prochains jours sont complets ou clos." in html
    assert f'href="{reverse("checkout:shipping-method")}"' in html


def test_a_resident_on_the_social_tariff_pays_it_and_the_order_keeps_how(client, shop, localstripe):
    from delivery.models import FeePolicy, SocialTariff
    from territory.models import Territory

    territory = Territory.objects.get()
    FeePolicy.objects.create(territory=territory, free_above=Decimal("100"), social_fee=Decimal("1.50"))
    resident = UserFactory()
    SocialTariff.objects.create(territory=territory, user=resident, marked_by=UserFactory())
    client.force_login(resident)
    checkout(client, [shop], localstripe=localstripe)
    order = Order.objects.get(user=resident)
    assert (order.shipping_incl_tax, order.total_incl_tax) == (Decimal("1.50"), Decimal("9.50"))
    assert order.delivery_fee.basis == "social"
    # The municipality changing its fees later does not rewrite the order.
    FeePolicy.objects.update(social_fee=Decimal("3.00"))
    order.refresh_from_db()
    assert order.shipping_incl_tax == Decimal("1.50") and order.delivery_fee.basis == "social"
