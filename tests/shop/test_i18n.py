import pytest
from django.urls import reverse

from tests.factories import TerritoryFactory

pytestmark = pytest.mark.django_db


def test_pages_are_french_by_default_whatever_the_browser_says(client):
    TerritoryFactory()
    html = client.get(reverse("catalogue:index"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="fr"' in html
    assert "Tous les produits" in html and "Se connecter" in html and "Panier" in html


def test_english_is_available_on_request(client):
    TerritoryFactory()
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("catalogue:index")})
    assert response.status_code == 302
    html = client.get(reverse("catalogue:index")).content.decode()
    assert 'lang="en"' in html
    assert "Log in" in html and "Cart" in html and "Se connecter" not in html
    assert "All products" in html and "Tous les produits" not in html  # ours, from locale/en


def test_prices_are_shown_in_euros_the_french_way(client):
    from decimal import Decimal

    from tests.factories import MerchantFactory, make_product

    TerritoryFactory()
    make_product(merchant=MerchantFactory(), title="Baguette tradition", price=Decimal("1.30"))
    html = client.get(reverse("catalogue:index")).content.decode()
    assert "1,30\xa0€" in html


def test_the_way_an_order_is_received_reads_in_the_readers_language(client):
    from tests.factories import MerchantFactory, make_merchant_user, make_product
    from tests.merchants.factories import make_order

    TerritoryFactory()
    shop = MerchantFactory()
    order = make_order([(make_product(merchant=shop), 1)], shipping_code="home-delivery")
    order.shipping_method = "Livraison à domicile"  # Oscar keeps the name as it read when ordering
    order.save(update_fields=["shipping_method"])
    client.force_login(make_merchant_user(shop))
    page = reverse("merchant-space:fulfilment-list")
    assert "Livraison à domicile" in client.get(page).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": page})
    html = client.get(page).content.decode()
    assert "Home delivery" in html and "Livraison à domicile" not in html
