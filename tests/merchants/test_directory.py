import pytest
from django.urls import reverse

from merchants.models import Merchant, OpeningHours, Sector
from tests.factories import MerchantFactory, TerritoryFactory, make_product

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def territory():
    return TerritoryFactory()


def test_directory_lists_approved_merchants_only_and_filters_by_sector(client):
    MerchantFactory(trade_name="Boulangerie du Marché", sector=Sector.BAKERY)
    MerchantFactory(trade_name="Fleurs de Garonne", sector=Sector.FLORIST)
    MerchantFactory(trade_name="Candidat Caviste", sector=Sector.WINE, status=Merchant.Status.APPLIED)
    html = client.get(reverse("merchants:directory")).content.decode()
    assert "Boulangerie du Marché" in html and "Fleurs de Garonne" in html
    assert "Candidat Caviste" not in html
    html = client.get(reverse("merchants:directory"), {"secteur": "fleuriste"}).content.decode()
    assert "Fleurs de Garonne" in html and "Boulangerie du Marché" not in html


def test_unknown_sector_shows_everything_rather_than_failing(client):
    MerchantFactory(trade_name="Boulangerie du Marché")
    response = client.get(reverse("merchants:directory"), {"secteur": "<script>"})
    assert response.status_code == 200
    assert "Boulangerie du Marché" in response.content.decode()


def test_merchant_page_shows_address_hours_and_products(client):
    merchant = MerchantFactory(trade_name="Boulangerie du Marché", address_line1="3 place du Marché")
    make_product(merchant=merchant, title="Baguette tradition")
    make_product(merchant=MerchantFactory(), title="Produit d'un autre commerce")
    response = client.get(merchant.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "3 place du Marché" in html and "47200 Marmande" in html
    assert "08:00–12:30" in html and "14:00–19:00" in html
    assert "fermé" in html  # the days without opening range
    assert "Baguette tradition" in html and "Produit d'un autre commerce" not in html


def test_unknown_merchant_is_a_404(client):
    assert client.get(reverse("merchants:detail", kwargs={"slug": "inconnu"})).status_code == 404


def test_opening_range_must_end_after_it_starts():
    from datetime import time

    from django.core.exceptions import ValidationError

    hours = OpeningHours(merchant=MerchantFactory(), weekday=0, opens_at=time(18), closes_at=time(9))
    with pytest.raises(ValidationError):
        hours.full_clean()
