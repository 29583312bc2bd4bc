"""Adding to the basket: the message gives the basket's new total, VAT included, summed by the database; the
basket's item count and currency are read without loading every line, and the limit on items still holds."""

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import MerchantFactory, TerritoryFactory, make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def products():
    TerritoryFactory()
    shop = MerchantFactory()
    return [
        make_product(merchant=shop, title=f"Produit {index}", price=Decimal(price))
        for index, price in enumerate(("2.40", "7.15", "3.00"))
    ]


def add(client, product, quantity):
    return client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": str(quantity)})


def test_the_message_gives_the_new_total_incl_vat(client, products):
    add(client, products[0], 2)
    response = add(client, products[1], 1)
    assert response.status_code == 302
    texts = [str(message) for message in get_messages(response.wsgi_request)]
    total = [text for text in texts if "Le total de votre panier" in text][-1]
    assert "11,95" in total.replace("\xa0", " ")  # 2 × 2,40 + 7,15


def test_adding_to_a_long_basket_costs_the_same_queries_as_to_a_short_one(client, products):
    shop = products[0].stockrecords.get().partner.merchant
    counts = []
    for size in (1, 12):
        client.cookies.clear()  # a new visitor, a new basket
        for index in range(size):
            add(client, make_product(merchant=shop, title=f"Déjà là {size}-{index}"), 1)
        measured = make_product(merchant=shop, title=f"Ajouté {size}")
        with CaptureQueriesContext(connection) as queries:
            assert add(client, measured, 1).status_code == 302
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_the_basket_item_limit_still_holds(client, products, settings):
    settings.OSCAR_MAX_BASKET_QUANTITY_THRESHOLD = 5
    add(client, products[0], 4)
    refused = add(client, products[1], 2)
    assert refused.status_code == 302
    texts = " ".join(str(message) for message in get_messages(refused.wsgi_request))
    assert "5" in texts
    assert client.get(reverse("basket:summary")).context["basket"].num_items == 4
