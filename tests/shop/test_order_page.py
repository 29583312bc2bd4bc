"""The resident's order page: each shop's part, its status, the parcel, the collection times and the refunds,
in a constant number of queries whatever the number of shops in the order (issue 9, item 9)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from merchants import refunds
from merchants.models import Fulfilment
from payments.models import Refund
from tests.factories import MerchantFactory, TerritoryFactory, make_product
from tests.merchants.factories import make_order
from tests.pickup.factories import ContactPointFactory, make_parcel

pytestmark = pytest.mark.django_db

# What the page costs with one shop (session, user, basket and menus included); five shops cost no more.
# One of them reads the rounds' stops for the delivery's tracking (delivery.tracking).
MAX_QUERIES = 24


def order_of(shops: int, *, shipping_code: str):
    """An order of two lines from each of ``shops`` shops, the first shop's part ready, one line of each shop
    refunded, and the parcel at the contact point when it goes there."""
    items = []
    for index in range(shops):
        merchant = MerchantFactory(trade_name=f"Commerce {index}")
        items += [
            (make_product(merchant=merchant, title=f"Article {index}-a", price=Decimal("2.50")), 1),
            (make_product(merchant=merchant, title=f"Article {index}-b", price=Decimal("4.00")), 2),
        ]
    order = make_order(items, shipping_code=shipping_code)
    if shipping_code == "contact-point":
        make_parcel(order=order, contact_point=ContactPointFactory())
    Fulfilment.objects.filter(order=order, merchant__trade_name="Commerce 0").update(
        status=Fulfilment.Status.READY
    )
    for fulfilment in order.fulfilments.all():
        line = fulfilment.lines.order_by("pk").first()
        refunds._refund_record(
            order=order,
            reason=Refund.Reason.LINE_UNAVAILABLE,
            lines=[line],
            amount=line.line_price_incl_tax,
            suffix=str(line.pk),
        )
    return order


def page(client, order):
    client.force_login(order.user)
    url = reverse("customer:order", kwargs={"order_number": order.number})
    client.get(url)  # the session, the basket and the territory's cache are warm from here on
    return url


def assert_shows_each_shop(response, *, shops: int, shipping_code: str) -> None:
    html = response.content.decode()
    assert response.status_code == 200
    for index in range(shops):
        assert f"Commerce {index}" in html and f"Article {index}-b" in html
        assert f"1 × Article {index}-a" in html  # the refunded line, under its refund
    assert "Prête" in html  # the first shop's part
    assert ("Nouvelle" in html) == (shops > 1)
    if shipping_code == "contact-point":
        assert "Colis :" in html
    if shipping_code == "click-and-collect":
        assert html.count("À retirer à la boutique") == shops


@pytest.mark.parametrize("shipping_code", ["contact-point", "click-and-collect", "home-delivery"])
@pytest.mark.parametrize("shops", [1, 5])
def test_the_order_page_stays_within_the_same_queries_for_one_shop_and_for_five(
    client, django_assert_max_num_queries, shops, shipping_code
):
    TerritoryFactory()
    order = order_of(shops, shipping_code=shipping_code)
    url = page(client, order)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(url)
    assert_shows_each_shop(response, shops=shops, shipping_code=shipping_code)


def test_five_shops_cost_exactly_the_queries_of_one(client):
    TerritoryFactory()
    counts = []
    for shops in (1, 5):
        order = order_of(shops, shipping_code="contact-point")
        url = page(client, order)
        with CaptureQueriesContext(connection) as queries:
            assert_shows_each_shop(client.get(url), shops=shops, shipping_code="contact-point")
        counts.append(len(queries))
    assert counts[0] == counts[1]
