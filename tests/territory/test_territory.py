import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from core import roles
from shop.services import roles_ensure
from territory.models import Commune
from territory.services import territory_commune_add
from tests.factories import MerchantFactory, TerritoryFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def territory():
    return TerritoryFactory(with_marmande=False)


@pytest.fixture
def mayor(client):
    roles_ensure()
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=roles.GROUP_NAMES[roles.MUNICIPALITY]))
    client.force_login(user)
    return user


def test_adding_a_commune_loads_its_postcodes_from_la_postes_base(territory):
    commune = territory_commune_add(territory=territory, insee_code="47157")
    assert commune.name == "Marmande"
    assert list(commune.postcodes.values_list("postcode", flat=True)) == ["47200"]
    assert commune.latitude == pytest.approx(44.5, abs=0.1)


def test_a_commune_with_several_postcodes_keeps_them_all(territory):
    commune = territory_commune_add(territory=territory, insee_code="2A004")  # Ajaccio
    assert set(commune.postcodes.values_list("postcode", flat=True)) >= {"20000", "20090"}


def test_every_page_shows_the_brand(client, territory):
    territory.name = "Ville de Tonneins"
    territory.save()
    for url in [
        reverse("home"),
        reverse("catalogue:index"),
        reverse("merchants:directory"),
        reverse("basket:summary"),
    ]:
        assert "Ville de Tonneins" in client.get(url).content.decode(), url


def test_municipality_edits_brand_and_every_page_follows(client, territory, mayor):
    url = reverse("shop-dashboard:territory")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "name": "Marmande, ville commerçante",
            "tagline": "Vos commerces",
            "primary_colour": "#224466",
            "secondary_colour": "#ffaa00",
            "contact_email": "commerce@marmande.example",
            "contact_phone": "05 53 00 00 00",
            "address": "Place Clemenceau",
            "website": "https://www.mairie-marmande.fr",
        },
    )
    assert response.status_code == 302
    home = client.get(reverse("home")).content.decode()
    assert "Marmande, ville commerçante" in home and "#224466" in home and "commerce@marmande.example" in home
    dashboard = client.get(reverse("dashboard:index")).content.decode()
    assert "Marmande, ville commerçante" in dashboard


def test_bad_brand_input_is_refused_in_french_and_nothing_changes(client, territory, mayor):
    response = client.post(reverse("shop-dashboard:territory"), {"name": "", "primary_colour": "bleu"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "#RRGGBB" in html
    territory.refresh_from_db()
    assert territory.name == "Val de Garonne" and territory.primary_colour == "#1d4e89"


def test_municipality_adds_and_removes_communes(client, territory, mayor):
    response = client.post(reverse("shop-dashboard:commune-add"), {"insee_code": "47310"})
    assert response.status_code == 302
    commune = Commune.objects.get(insee_code="47310")
    assert commune.name == "Tonneins"
    response = client.post(reverse("shop-dashboard:commune-add"), {"insee_code": "99999"})
    assert response.status_code == 400
    assert "99999" in response.content.decode()
    response = client.post(reverse("shop-dashboard:commune-remove", kwargs={"pk": commune.pk}))
    assert response.status_code == 302
    assert not Commune.objects.filter(insee_code="47310").exists()


@pytest.mark.parametrize("who", ["anonymous", "resident", "merchant", "staff_without_permission"])
def test_only_the_municipality_reaches_the_territory_page(client, territory, who):
    from tests.factories import make_merchant_user

    if who == "resident":
        client.force_login(UserFactory())
    elif who == "merchant":
        client.force_login(make_merchant_user(MerchantFactory()))
    elif who == "staff_without_permission":
        client.force_login(UserFactory(is_staff=True))
    response = client.get(reverse("shop-dashboard:territory"))
    assert response.status_code in (302, 403)
    response = client.post(reverse("shop-dashboard:commune-add"), {"insee_code": "47310"})
    assert response.status_code in (302, 403)
    assert not Commune.objects.filter(insee_code="47310").exists()


def test_the_municipality_sets_its_commercial_terms(client, territory, mayor, settings):
    from decimal import Decimal

    from delivery.fees import fee_rules
    from pickup.shipping import ContactPointPickup
    from territory.selectors import market_terms

    settings.COMMISSION_RATE = "0.05"
    assert market_terms().commission_rate == Decimal(
        "0.05"
    )  # the deployment's default until the town decides
    response = client.post(
        reverse("shop-dashboard:territory"),
        {
            "name": territory.name,
            "primary_colour": "#1d4e89",
            "secondary_colour": "#f4a259",
            "commission_rate": "8",
            "delivery_fee_kept_by": "merchants",
            "returned_parcel_refund": "full",
            "home_delivery_fee": "5.50",
            "pickup_fee": "0",
        },
    )
    assert response.status_code == 302
    terms = market_terms()
    assert terms.commission_rate == Decimal("0.08")
    assert (terms.delivery_fee_kept_by, terms.returned_parcel_refund) == ("merchants", "full")
    assert fee_rules().flat == Decimal("5.50")
    assert ContactPointPickup().charge_incl_tax == Decimal("0")


def test_commercial_terms_out_of_range_are_refused(client, territory, mayor):
    response = client.post(
        reverse("shop-dashboard:territory"),
        {
            "name": territory.name,
            "primary_colour": "#1d4e89",
            "secondary_colour": "#f4a259",
            "commission_rate": "80",
        },
    )
    assert response.status_code == 400
    territory.refresh_from_db()
    assert territory.commission_rate is None


def test_the_municipality_sets_the_rounds_passes_at_the_shops(client, territory, mayor, settings):
    from datetime import time

    from territory.selectors import market_terms

    settings.COLLECTION_TIMES, settings.PREPARATION_MINUTES = "10:30,16:00", 60
    assert (market_terms().collection_times, market_terms().preparation_minutes) == (
        (time(10, 30), time(16)),
        60,
    )
    base = {"name": territory.name, "primary_colour": "#1d4e89", "secondary_colour": "#f4a259"}
    response = client.post(
        reverse("shop-dashboard:territory"),
        {**base, "collection_times": "15h30, 9h", "preparation_minutes": "45"},
    )
    assert response.status_code == 302
    assert (market_terms().collection_times, market_terms().preparation_minutes) == (
        (time(9), time(15, 30)),
        45,
    )

    response = client.post(reverse("shop-dashboard:territory"), {**base, "collection_times": "9h, 25h"})
    assert response.status_code == 400
    assert "« 25h » n&#x27;est pas une heure" in response.content.decode()
    territory.refresh_from_db()
    assert territory.collection_times == "15h30, 9h"


def test_the_municipality_sets_how_far_from_its_centre_contact_points_are_offered(client, territory, mayor):
    from decimal import Decimal
    from html import unescape

    page = unescape(client.get(reverse("shop-dashboard:territory")).content.decode())
    assert 'name="pickup_max_distance_km"' in page
    assert "ceux des communes du territoire et ceux situés à moins de cette distance" in page

    base = {"name": territory.name, "primary_colour": "#1d4e89", "secondary_colour": "#f4a259"}
    response = client.post(reverse("shop-dashboard:territory"), {**base, "pickup_max_distance_km": "12,5"})
    assert response.status_code == 302
    territory.refresh_from_db()
    assert territory.pickup_max_distance_km == Decimal("12.5")

    for wrong in ("-3", "500", "loin"):
        response = client.post(reverse("shop-dashboard:territory"), {**base, "pickup_max_distance_km": wrong})
        assert response.status_code == 400, wrong
    territory.refresh_from_db()
    assert territory.pickup_max_distance_km == Decimal("12.5")
