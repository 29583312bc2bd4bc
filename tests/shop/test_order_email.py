"""The resident's order confirmation: each shop's lines, and where the order goes or where to collect it."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from payments import services
from payments.models import PaymentAttempt
from tests.factories import MerchantFactory, TerritoryFactory, make_product
from tests.merchants.factories import make_order

pytestmark = pytest.mark.django_db

MONDAY_MORNING = datetime(2026, 11, 30, 9, 0, tzinfo=ZoneInfo("Europe/Paris"))


@pytest.fixture
def shops():
    TerritoryFactory(collection_times="10:30, 16:00", preparation_minutes=60)
    baker = MerchantFactory(trade_name="Boulangerie du Marché", address_line1="3 place du Marché")
    cheese = MerchantFactory(trade_name="Fromagerie Garonne", address_line1="9 rue de la Paix")
    return (
        baker,
        cheese,
        make_product(merchant=baker, title="Baguette tradition", price=Decimal("1.30")),
        make_product(merchant=cheese, title="Tomme des Pyrénées", price=Decimal("6.80")),
    )


def confirmation(order):
    mail.outbox.clear()
    assert services.payment_attempt_notify_resident(attempt_id=PaymentAttempt.objects.get(order=order).pk)
    [message] = mail.outbox
    [(html, _mimetype)] = message.alternatives
    return message, html


def test_the_confirmation_groups_lines_by_shop_and_gives_the_home_address(shops):
    baker, cheese, baguette, tomme = shops
    order = make_order([(baguette, 2), (tomme, 1)])
    message, html = confirmation(order)
    body = message.body
    assert (
        message.to == [order.user.email] and "Boulangerie du Marché" in body and "Fromagerie Garonne" in body
    )
    assert body.index("Boulangerie du Marché") < body.index("Baguette tradition") < body.index("Fromagerie")
    assert "Livraison à domicile :" in body and "8 rue Abel Boyé" in body
    assert "Total TTC : 14,30" in body.replace("\xa0", " ")
    assert "À retirer" not in body and "Livraison à domicile" in html


def test_click_and_collect_says_where_and_from_when_for_each_shop(shops):
    baker, cheese, baguette, tomme = shops
    order = make_order([(baguette, 1), (tomme, 1)], shipping_code="click-and-collect", placed=MONDAY_MORNING)
    message, html = confirmation(order)
    for text in (message.body, html):
        # The factory's shops open on Tuesdays, 8:00–12:30 and 14:00–19:00.
        assert f"À retirer à la boutique, {baker.full_address}, à partir du mardi 1 décembre, 08:00" in text
        assert f"À retirer à la boutique, {cheese.full_address}" in text
    assert "Livraison à domicile :" not in message.body


def test_a_contact_point_order_names_the_point_and_announces_the_code(shops):
    baker, cheese, baguette, tomme = shops
    message, html = confirmation(make_order([(baguette, 1)], shipping_code="contact-point"))
    assert "Retrait au point de contact :" in message.body and "MARMANDE AGENCE POSTALE" in message.body
    assert "code de retrait" in message.body and "MARMANDE AGENCE POSTALE" in html


def test_the_order_link_is_on_the_shops_public_address_not_example_com(shops, settings):
    from django.urls import reverse

    settings.SITE_URL = "https://boutique.val-de-garonne.example"
    baker, cheese, baguette, tomme = shops
    order = make_order([(baguette, 1)])
    message, html = confirmation(order)
    url = "https://boutique.val-de-garonne.example" + reverse(
        "customer:order", kwargs={"order_number": order.number}
    )
    assert f"Suivre la commande : {url}" in message.body
    assert f'href="{url}"' in html
    assert "example.com" not in message.body + html
