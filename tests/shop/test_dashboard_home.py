"""The dashboard's home pages are ours: the town hall sees its own territory's indicators in its brand, a
merchant their shop's figures; never Oscar's logo or its whole-store statistics."""

import re

import pytest

from tests.territory.isolation import two_sides

pytestmark = pytest.mark.django_db


@pytest.fixture
def sides(settings):
    return two_sides(settings)


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_town_hall_sees_its_own_territorys_indicators(client, sides):
    a, b = sides
    client.force_login(a.users["municipality"])
    response = client.get("/dashboard/", HTTP_HOST="a.localhost")
    assert response.status_code == 200
    html = response.content.decode()
    text = text_of(html)
    assert "Val de Garonne : la boutique du territoire" in text
    # One shop, one product, one order in the last seven days, one parcel: A's, not B's too.
    assert "1 commerce en ligne" in text
    assert "1 produit en vente" in text
    assert "1 commande sur 7 jours, 11,40" in text  # 6,50 € and 4,90 € of delivery
    assert "1 colis attendu ou à retirer en point de contact" in text
    assert "Villeneuve" not in text and "Statistiques" not in text and "Store statistics" not in text
    assert "navbar-brand" not in html  # Oscar's logo is the navbar-brand's background image
    assert "Val de Garonne" in text_of(
        html.split('class="navbar navbar-expand-lg navbar-dark navbar-accounts')[1]
    )


def test_a_merchant_sees_their_shop_not_the_town_halls_indicators(client, sides):
    a, _b = sides
    client.force_login(a.users["merchant"])
    text = text_of(client.get("/dashboard/", HTTP_HOST="a.localhost").content.decode())
    assert "Ma boutique" in text and a.merchant.trade_name in text
    assert "commerces en ligne" not in text and "commerce en ligne" not in text


def test_the_dashboard_speaks_english_when_asked(client, sides):
    a, _b = sides
    client.force_login(a.users["municipality"])
    client.cookies["django_language"] = "en"
    text = text_of(client.get("/dashboard/", HTTP_HOST="a.localhost").content.decode())
    assert "1 shop online" in text and "Back to the shop" in text
    assert "commerce en ligne" not in text and "Revenir à la boutique" not in text
