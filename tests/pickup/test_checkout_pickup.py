"""Choosing a contact point at checkout, and what the order keeps of it (issue 3, item 5)."""

from datetime import time
from decimal import Decimal

import pytest
from django.urls import reverse
from geopy.distance import geodesic
from oscar.core.loading import get_model

from pickup.hours import contact_point_set_weekly_hours
from pickup.models import OrderPickup, Parcel
from shop import services
from shop.geocoding import geocode
from shop.models import Territory
from tests.factories import (
    RESIDENT_ADDRESS,
    MerchantFactory,
    TerritoryFactory,
    UserFactory,
    france,
    make_product,
)
from tests.pickup.factories import ContactPointFactory
from tests.stripe_server import pay_at_preview

Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db

MONDAY_TO_SATURDAY = {day: [(time(9), time(12)), (time(14), time(17))] for day in range(6)}


def open_point(**fields):
    point = ContactPointFactory(**fields)
    contact_point_set_weekly_hours(point=point, ranges_by_weekday=MONDAY_TO_SATURDAY)
    return point


@pytest.fixture
def basket_ready(client):
    TerritoryFactory()
    france()
    products = [
        make_product(merchant=MerchantFactory(), title="Baguette tradition", price=Decimal("1.30")),
        make_product(merchant=MerchantFactory(), title="Tomme des Pyrénées", price=Decimal("6.80")),
    ]
    client.force_login(UserFactory())
    for product in products:
        client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
    client.post(
        reverse("checkout:shipping-address"),
        RESIDENT_ADDRESS,
    )
    return client


@pytest.fixture
def points():
    """Seven open points at growing distances from Marmande's centre, one nearer but never open, one inactive."""
    centre = geocode(postcode="47200", city="Marmande")
    opened = [
        open_point(
            name=f"POINT {index}", latitude=centre.latitude + 0.002 * index, longitude=centre.longitude
        )
        for index in range(1, 8)
    ]
    ContactPointFactory(name="TOUJOURS FERME", latitude=centre.latitude + 0.001, longitude=centre.longitude)
    open_point(name="INACTIF", latitude=centre.latitude, longitude=centre.longitude, is_active=False)
    return centre, opened


def choose_pickup(client):
    response = client.post(reverse("checkout:shipping-method"), {"method_code": "contact-point"})
    assert response.status_code == 302
    assert response["Location"] == reverse("checkout:pickup-point")
    return client.get(reverse("checkout:pickup-point"))


def test_pickup_lists_the_five_nearest_open_points_with_distance_and_hours(basket_ready, points):
    centre, opened = points
    response = choose_pickup(basket_ready)
    assert response.status_code == 200
    choices = response.context["choices"]
    assert [choice["point"].name for choice in choices] == [f"POINT {index}" for index in range(1, 6)]
    for choice in choices:
        expected = geodesic(
            (centre.latitude, centre.longitude), (choice["point"].latitude, choice["point"].longitude)
        ).m
        assert choice["distance_m"] == pytest.approx(expected, abs=0.01)
        assert choice["hours"] == "lun.–sam. 09:00–12:00, 14:00–17:00"
    html = response.content.decode()
    assert "TOUJOURS FERME" not in html and "INACTIF" not in html
    assert 'type="radio" name="point"' in html and "<legend" in html  # usable without the map
    assert 'id="pickup-map-data"' in html and "tile.openstreetmap.org" in html


def test_a_typed_postcode_searches_around_it(basket_ready, points):
    # Tonneins is a commune of the territory here, as in the demo's Val de Garonne.
    services.territory_commune_add(territory=Territory.objects.get(), insee_code="47310")
    far = open_point(
        name="TONNEINS BP",
        postcode="47400",
        city="TONNEINS",
        insee_code="47310",
        latitude=44.391,
        longitude=0.309,
    )
    choose_pickup(basket_ready)
    response = basket_ready.get(reverse("checkout:pickup-point"), {"recherche": "47400"})
    assert response.context["choices"][0]["point"] == far
    response = basket_ready.get(reverse("checkout:pickup-point"), {"recherche": "99999"})
    assert response.status_code == 200
    assert "introuvable" in response.content.decode()


def test_payment_needs_a_chosen_point(basket_ready, points):
    choose_pickup(basket_ready)
    response = basket_ready.get(reverse("checkout:payment-details"))
    assert response.status_code == 302
    assert response["Location"] == reverse("checkout:pickup-point")


def test_an_unknown_point_is_refused_and_nothing_is_chosen(basket_ready, points):
    choose_pickup(basket_ready)
    response = basket_ready.post(reverse("checkout:pickup-point"), {"point": "999999"})
    assert response.status_code == 400
    assert "Choisissez un point de contact" in response.content.decode()
    assert basket_ready.get(reverse("checkout:payment-details")).status_code == 302


def test_the_order_keeps_the_point_and_a_copy_of_its_name_and_address(basket_ready, points, localstripe):
    _centre, opened = points
    chosen = opened[2]
    choose_pickup(basket_ready)
    response = basket_ready.post(reverse("checkout:pickup-point"), {"point": chosen.pk})
    assert response.status_code == 302
    preview = basket_ready.get(reverse("checkout:preview"))
    assert chosen.name in preview.content.decode()
    response = pay_at_preview(basket_ready, localstripe)
    assert response["Location"] == reverse("checkout:thank-you")

    order = Order.objects.get()
    pickup = OrderPickup.objects.get(order=order)
    assert (pickup.contact_point, pickup.point_name, pickup.point_postcode) == (chosen, "POINT 3", "47200")
    assert pickup.distance_m > 0
    parcel = Parcel.objects.get(order=order)
    assert (parcel.contact_point, parcel.status) == (chosen, Parcel.Status.AWAITING)

    chosen.name = "NOUVEAU NOM"
    chosen.address = "AILLEURS"
    chosen.save()
    detail = basket_ready.get(
        reverse("customer:order", kwargs={"order_number": order.number})
    ).content.decode()
    assert "POINT 3" in detail and "NOUVEAU NOM" not in detail
    assert "1 PLACE DE LA POSTE" in detail


# The territory's own points (issue 9, item 8).

PARIS_ADDRESS = {**RESIDENT_ADDRESS, "line1": "2 rue de Rivoli", "line4": "Paris", "postcode": "75004"}


@pytest.fixture
def around_marmande(points):
    """Besides Marmande's points: one in Sainte-Bazeille, 7 km away but not a commune of the territory; one in
    Dordogne; one in Paris that is never open, as the demo's national points without hours."""
    centre, opened = points
    return {
        "marmande": opened,
        "bazeille": open_point(
            name="STE BAZEILLE AP",
            postcode="47180",
            city="STE BAZEILLE",
            insee_code="47233",
            latitude=44.530,
            longitude=0.097,
        ),
        "dordogne": open_point(
            name="BERGERAC BP",
            postcode="24100",
            city="BERGERAC",
            insee_code="24037",
            latitude=44.853,
            longitude=0.483,
        ),
        "paris": ContactPointFactory(
            name="PARIS RIVOLI BP",
            postcode="75004",
            city="PARIS",
            insee_code="75104",
            latitude=48.856,
            longitude=2.354,
        ),
    }


def names(response):
    return [choice["point"].name for choice in response.context["choices"]]


def test_only_the_territorys_communes_points_are_offered_unless_the_municipality_sets_a_distance(
    basket_ready, around_marmande
):
    # Fewer than five points in Marmande's commune: the nearest outside would fill the list if allowed.
    for point in around_marmande["marmande"][2:]:
        point.delete()
    response = choose_pickup(basket_ready)
    assert names(response) == ["POINT 1", "POINT 2"]
    assert "STE BAZEILLE" not in response.content.decode()

    territory = Territory.objects.get()
    services.territory_update(territory=territory, pickup_max_distance_km=Decimal("10"))
    response = basket_ready.get(reverse("checkout:pickup-point"))
    assert names(response) == ["POINT 1", "POINT 2", "STE BAZEILLE AP"]  # Bergerac is 50 km away

    services.territory_update(territory=territory, pickup_max_distance_km=Decimal("60"))
    response = basket_ready.get(reverse("checkout:pickup-point"))
    assert names(response) == ["POINT 1", "POINT 2", "STE BAZEILLE AP", "BERGERAC BP"]


def test_an_address_far_outside_is_told_the_shop_serves_its_communes_and_offered_no_far_point(
    basket_ready, around_marmande
):
    basket_ready.post(reverse("checkout:shipping-address"), PARIS_ADDRESS)
    response = choose_pickup(basket_ready)
    assert response.status_code == 200
    assert response.context["choices"] == []
    assert response.context["map_data"]["points"] == []
    html = response.content.decode()
    assert "Val de Garonne sert les communes de son territoire" in html
    assert "BERGERAC" not in html and "POINT 1" not in html and " km" not in html

    # A resident of Paris may still collect in the territory: searching around one of its postcodes.
    response = basket_ready.get(reverse("checkout:pickup-point"), {"recherche": "47200 Marmande"})
    assert names(response)[:2] == ["POINT 1", "POINT 2"]
    assert "sert les communes" not in response.content.decode()


def test_a_typed_address_outside_the_territory_gets_the_same_message(basket_ready, around_marmande):
    choose_pickup(basket_ready)
    response = basket_ready.get(reverse("checkout:pickup-point"), {"recherche": "24100 Bergerac"})
    assert response.context["choices"] == []
    assert "sert les communes de son territoire" in response.content.decode()


def test_a_point_outside_the_territory_cannot_be_chosen_by_posting_its_id(basket_ready, around_marmande):
    choose_pickup(basket_ready)
    for point in (around_marmande["dordogne"], around_marmande["paris"]):
        response = basket_ready.post(reverse("checkout:pickup-point"), {"point": point.pk})
        assert response.status_code == 400
        assert "Choisissez un point de contact dans la liste" in response.content.decode()
    assert basket_ready.get(reverse("checkout:payment-details"))["Location"] == reverse(
        "checkout:pickup-point"
    )
    response = basket_ready.post(reverse("checkout:pickup-point"), {"point": "9" * 30})
    assert response.status_code == 400
    response = basket_ready.post(
        reverse("checkout:pickup-point"), {"point": around_marmande["marmande"][0].pk}
    )
    assert response.status_code == 302


@pytest.mark.parametrize("value", ["²", "¹²", "١"])
def test_a_point_id_in_other_digits_than_0_to_9_is_refused_with_the_pages_message(
    basket_ready, points, value
):
    choose_pickup(basket_ready)
    response = basket_ready.post(reverse("checkout:pickup-point"), {"point": value})
    assert response.status_code == 400
    assert "Choisissez un point de contact dans la liste." in response.content.decode()
