"""The catalogue's pages are served from a cache keyed by territory and by the catalogue's version, which the
database raises with any change to what they show: a price, a stock level or a text shows at once, whichever code
wrote it (a model's save, a bulk UPDATE, Oscar's stock allocation), and a territory never sees another's page."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from oscar.core.loading import get_model

from shop.catalogue_cache import catalogue_version
from territory.tenancy import territory_activate
from tests.factories import MerchantFactory, TerritoryFactory, make_product

pytestmark = pytest.mark.django_db

StockRecord = get_model("partner", "StockRecord")


@pytest.fixture
def bakery():
    TerritoryFactory()
    merchant = MerchantFactory(trade_name="Au Pain de Marmande", slug="au-pain-de-marmande")
    product = make_product(merchant=merchant, title="Fougasse aux olives", price=Decimal("3.40"), stock=2)
    return merchant, product


def pages(merchant):
    return ["/", "/catalogue/", "/search/?q=fougasse", f"/commercants/{merchant.slug}/"]


def html(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_a_second_visit_reads_the_page_from_the_cache(client, bakery):
    merchant, _product = bakery
    for url in pages(merchant):
        html(client, url)
        with CaptureQueriesContext(connection) as queries:
            again = html(client, url)
        assert "Fougasse aux olives" in again
        product_queries = [q["sql"] for q in queries if "catalogue_product" in q["sql"]]
        assert product_queries == [], url


def test_a_price_changed_by_a_bulk_update_shows_at_once(client, bakery):
    merchant, product = bakery
    for url in pages(merchant):
        assert "3,40" in html(client, url), url
    StockRecord.objects.filter(product=product).update(price=Decimal("3.95"))  # no save(), no signal
    for url in pages(merchant):
        page = html(client, url)
        assert "3,95" in page and "3,40" not in page, url


def test_stock_allocated_by_an_order_shows_at_once(client, bakery):
    merchant, product = bakery
    for url in pages(merchant):
        assert "Épuisé" not in html(client, url), url
    record = StockRecord.objects.get(product=product)
    record.allocate(2)  # Oscar allocates with a queryset UPDATE: the whole stock is now sold
    for url in pages(merchant):
        assert "Épuisé" in html(client, url), url
    assert 'id="add_to_basket_form"' not in html(client, product.get_absolute_url())


def test_a_new_title_shows_at_once(client, bakery):
    merchant, product = bakery
    for url in pages(merchant):
        html(client, url)
    product.title = "Fougasse aux olives et aux lardons"
    product.save()
    for url in pages(merchant):
        assert "Fougasse aux olives et aux lardons" in html(client, url), url


def test_the_version_moves_with_each_write_and_only_with_writes(bakery):
    _merchant, product = bakery
    before = catalogue_version()
    assert catalogue_version() == before
    StockRecord.objects.filter(product=product).update(num_in_stock=5)
    assert catalogue_version() > before


def test_each_territory_has_its_own_cached_pages(client, settings):
    settings.ALLOWED_HOSTS = [".localhost", "testserver"]
    marmande = TerritoryFactory(domain="valdegaronne.localhost")
    villeneuve = TerritoryFactory(
        name="Villeneuve-sur-Lot", domain="villeneuve.localhost", with_marmande=False
    )
    with territory_activate(marmande):
        make_product(merchant=MerchantFactory(territory=marmande), title="Tourtière de Marmande")
    with territory_activate(villeneuve):
        make_product(merchant=MerchantFactory(territory=villeneuve), title="Pruneaux de Villeneuve")
    for _visit in range(2):
        first = client.get("/catalogue/", HTTP_HOST="valdegaronne.localhost").content.decode()
        second = client.get("/catalogue/", HTTP_HOST="villeneuve.localhost").content.decode()
        assert "Tourtière de Marmande" in first and "Pruneaux de Villeneuve" not in first
        assert "Pruneaux de Villeneuve" in second and "Tourtière de Marmande" not in second


def test_a_cached_page_carries_the_visitors_own_csrf_token(bakery):
    from django.test import Client

    merchant, product = bakery
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.get("/catalogue/")
    page = second.get("/catalogue/").content.decode()  # from the cache, filled by the first visitor
    token = page.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    assert "csrf-token-of-the-response" not in page
    added = second.post(f"/basket/add/{product.pk}/", {"quantity": "1", "csrfmiddlewaretoken": token})
    assert added.status_code == 302


def test_a_shops_page_reads_its_own_parts_from_the_cache_too(client, bakery):
    merchant, _product = bakery
    url = f"/commercants/{merchant.slug}/"
    html(client, url)
    with CaptureQueriesContext(connection) as queries:
        again = html(client, url)
    assert "Au Pain de Marmande" in again and "Infos pratiques" in again
    shop_queries = [q["sql"] for q in queries if "merchants_" in q["sql"]]
    assert shop_queries == []


def test_new_opening_hours_and_a_new_presentation_show_at_once(client, bakery):
    import datetime

    from merchants.models import OpeningHours

    merchant, _product = bakery
    url = f"/commercants/{merchant.slug}/"
    assert "07:15" not in html(client, url)
    OpeningHours.objects.create(
        merchant=merchant, weekday=5, opens_at=datetime.time(7, 15), closes_at=datetime.time(12, 30)
    )
    assert "07:15–12:30" in html(client, url)
    OpeningHours.objects.filter(merchant=merchant).update(opens_at=datetime.time(6, 45))
    page = html(client, url)
    assert "06:45–12:30" in page and "07:15" not in page
    merchant.description = "Pains au levain, cuits au feu de bois."
    merchant.save()
    assert "cuits au feu de bois" in html(client, url)


def test_a_shop_taken_offline_is_gone_from_its_cached_page_at_once(client, bakery):
    merchant, _product = bakery
    url = f"/commercants/{merchant.slug}/"
    html(client, url)
    type(merchant).objects.filter(pk=merchant.pk).update(status=type(merchant).Status.SUSPENDED)
    assert client.get(url).status_code == 404
    assert client.get("/commercants/no-such-shop/").status_code == 404
