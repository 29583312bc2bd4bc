from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from merchants.models import Merchant
from tests.factories import MerchantFactory, TerritoryFactory, make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def territory():
    return TerritoryFactory()


@pytest.fixture
def shops(territory):
    bakery = MerchantFactory(trade_name="Au Pain de Marmande", slug="au-pain-de-marmande")
    deli = MerchantFactory(trade_name="Épicerie Garonne", slug="epicerie-garonne", sector="epicerie_fine")
    make_product(
        merchant=bakery, title="Baguette tradition", price=Decimal("1.30"), category="Boulangerie > Pains"
    )
    make_product(
        merchant=bakery,
        title="Croissant au beurre",
        price=Decimal("1.20"),
        category="Boulangerie > Viennoiseries",
    )
    make_product(
        merchant=deli,
        title="Pâtes fraîches aux œufs 500 g",
        description="Tagliatelles du Lot-et-Garonne",
        price=Decimal("4.90"),
        category="Épicerie fine > Épicerie salée",
    )
    make_product(
        merchant=deli,
        title="Pruneaux d'Agen",
        price=Decimal("7.50"),
        category="Épicerie fine > Épicerie sucrée",
    )
    return bakery, deli


def titles(response):
    return [card.product.title for card in response.context["cards"]]


def test_catalogue_lists_every_merchants_products_with_price_and_merchant(client, shops):
    response = client.get(reverse("catalogue:index"))
    assert response.status_code == 200
    assert titles(response) == [
        "Baguette tradition",
        "Croissant au beurre",
        "Pâtes fraîches aux œufs 500 g",
        "Pruneaux d'Agen",
    ]
    assert len(titles(response)) == 4
    html = response.content.decode()
    assert "Au Pain de Marmande" in html and "Épicerie Garonne" in html
    assert "4,90" in html


@pytest.mark.parametrize(
    "query", ["pates fraiches", "PÂTES FRAÎCHES", "pâte fraîche", "Pates", "tagliatelle"]
)
def test_search_ignores_case_accents_and_french_word_forms(client, shops, query):
    response = client.get(reverse("search:search"), {"q": query})
    assert response.status_code == 200
    assert titles(response) == ["Pâtes fraîches aux œufs 500 g"]


def test_search_needs_every_word(client, shops):
    response = client.get(reverse("search:search"), {"q": "pâtes pruneaux"})
    assert titles(response) == []
    assert "Aucun produit" in response.content.decode()


def test_filter_by_merchant(client, shops):
    bakery, _deli = shops
    response = client.get(reverse("catalogue:index"), {"commercant": bakery.slug})
    assert titles(response) == ["Baguette tradition", "Croissant au beurre"]


def test_filter_by_category_includes_subcategories(client, shops):
    from oscar.core.loading import get_model

    Category = get_model("catalogue", "Category")
    parent = Category.objects.get(name="Épicerie fine", depth=1)
    response = client.get(reverse("catalogue:index"), {"categorie": parent.pk})
    assert titles(response) == ["Pâtes fraîches aux œufs 500 g", "Pruneaux d'Agen"]
    child = Category.objects.get(name="Pains")
    response = client.get(child.get_absolute_url())
    assert response.status_code == 200
    assert titles(response) == ["Baguette tradition"]


def test_search_and_filters_combine(client, shops):
    _bakery, deli = shops
    response = client.get(reverse("search:search"), {"q": "pruneau", "commercant": deli.slug})
    assert titles(response) == ["Pruneaux d'Agen"]


def test_sort_by_price(client, shops):
    response = client.get(reverse("catalogue:index"), {"tri": "price_desc"})
    assert titles(response)[0] == "Pruneaux d'Agen"
    assert titles(response)[-1] == "Croissant au beurre"


def test_suspended_merchants_products_are_hidden(client, shops):
    bakery, _deli = shops
    bakery.status = Merchant.Status.SUSPENDED
    bakery.save()
    response = client.get(reverse("catalogue:index"))
    assert "Baguette tradition" not in titles(response)
    assert client.get(reverse("merchants:detail", kwargs={"slug": bakery.slug})).status_code == 404


def test_bad_page_number_redirects_to_the_first_page_with_a_message(client, shops):
    response = client.get(reverse("catalogue:index"), {"page": "99", "q": "pain"}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[0][0].endswith("?q=pain")
    assert "première" in response.content.decode()


def _queries_for(client, url, count, merchant, settings):
    settings.OSCAR_PRODUCTS_PER_PAGE = 60
    settings.CATALOGUE_CACHE_SECONDS = (
        0  # the queries of rendering the page, not of reading it from the cache
    )
    for index in range(count):
        make_product(merchant=merchant, title=f"Produit {index:03d}", category="Boulangerie > Pains")
    client.get(url)  # warm caches (territory, content types)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["cards"]) == count
    return len(queries)


@pytest.mark.parametrize("page", ["catalogue", "merchant"])
def test_pages_cost_the_same_queries_for_5_or_50_products(client, territory, settings, page):
    counts = []
    for size in (5, 50):
        merchant = MerchantFactory()
        url = (
            reverse("catalogue:index") + f"?commercant={merchant.slug}"
            if page == "catalogue"
            else reverse("merchants:detail", kwargs={"slug": merchant.slug})
        )
        counts.append(_queries_for(client, url, size, merchant, settings))
    assert counts[0] == counts[1], counts
    assert counts[0] <= 14  # the page and its facet counts, neither read from the cache


def test_product_page_shows_price_vat_and_merchant(client, shops):
    from oscar.core.loading import get_model

    product = get_model("catalogue", "Product").objects.get(title="Baguette tradition")
    response = client.get(product.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "1,30\xa0€" in html and "TTC" in html
    assert "dont TVA 5,5 %" in html
    assert "Au Pain de Marmande" in html


def test_two_first_views_of_a_product_at_once_never_break_its_page(client, shops, monkeypatch):
    """The other request inserts the product's view counter between this one's UPDATE (no row) and INSERT: the
    INSERT fails inside the request's transaction, and the page must still answer, the view counted once."""
    from oscar.apps.analytics import receivers
    from oscar.core.loading import get_model

    ProductRecord = get_model("analytics", "ProductRecord")
    product = get_model("catalogue", "Product").objects.get(title="Baguette tradition")
    counter = receivers._update_counter
    raced = []

    def racing(model, field_name, filter_kwargs, increment=1):
        if model is ProductRecord and not raced:
            raced.append(True)
            model.objects.create(**filter_kwargs, **{field_name: 0})  # the other request's row
            model.objects.create(
                **filter_kwargs, **{field_name: increment}
            )  # this one's INSERT: IntegrityError
        return counter(model, field_name, filter_kwargs, increment)

    monkeypatch.setattr(receivers, "_update_counter", racing)
    response = client.get(product.get_absolute_url())
    assert response.status_code == 200
    assert ProductRecord.objects.get(product=product).num_views == 1
