"""The courier's pages: their rounds, a round's stops in order with where to go and what to do, the printable
sheet; another courier's round is not there, and only couriers get in."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core import roles
from delivery.models import Courier, Round, Stop, Vehicle, VehicleKind
from merchants.models import Sector
from territory.models import Membership
from tests.factories import MerchantFactory, UserFactory, home_territory, make_product
from tests.merchants.factories import make_order
from tests.territory.isolation import _in_group

pytestmark = pytest.mark.django_db


def make_courier(first_name: str) -> Courier:
    user = _in_group(UserFactory(first_name=first_name, last_name="Benali"), roles.COURIER)
    Membership.objects.update_or_create(user=user, defaults={"territory": home_territory()})
    vehicle = Vehicle.objects.create(
        name=f"Utilitaire {first_name}",
        kind=VehicleKind.ELECTRIC_VAN,
        capacity_parcels=50,
        capacity_litres=2000,
    )
    return Courier.objects.create(user=user, vehicle=vehicle)


@pytest.fixture
def round_today():
    courier = make_courier("Karim")
    butcher = MerchantFactory(
        sector=Sector.BUTCHER, partner__name="Boucherie Lafitte", address_line1="4 rue Léopold Faye"
    )
    order = make_order([(make_product(merchant=butcher), 1)])
    fulfilment = order.fulfilments.get()
    start = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0)
    tour = Round.objects.create(
        day=timezone.localdate(),
        courier=courier,
        vehicle=courier.vehicle,
        planned_start=start,
        planned_end=start + timedelta(hours=3),
        planned_km=12.4,
    )
    for sequence, kind, minutes, (lat, lon) in [
        (1, Stop.Kind.PICKUP, 15, (44.4995, 0.1702)),
        (2, Stop.Kind.HOME, 40, (44.5031, 0.1655)),
    ]:
        Stop.objects.create(
            round=tour,
            sequence=sequence,
            kind=kind,
            fulfilment=fulfilment,
            latitude=lat,
            longitude=lon,
            planned_arrival=start + timedelta(minutes=minutes),
            planned_service_start=start + timedelta(minutes=minutes),
        )
    return tour, order


def test_the_courier_finds_todays_round_and_its_stops_in_order(client, round_today):
    tour, order = round_today
    client.force_login(tour.courier.user)
    listing = client.get("/livreur/")
    assert listing.status_code == 200
    page = listing.content.decode()
    assert "Mes tournées" in page and f"/livreur/tournees/{tour.pk}/" in page and "12,4 km" in page

    detail = client.get(f"/livreur/tournees/{tour.pk}/")
    assert detail.status_code == 200
    html = detail.content.decode()
    pickup, delivery = html.index("Boucherie Lafitte"), html.index("Camille Laborde")
    assert pickup < delivery  # in the round's order
    assert "4 rue Léopold Faye, 47200 Marmande" in html and "8 rue Abel Boyé, 47200 Marmande" in html
    assert f"Enlever le colis de la commande {order.number}" in html
    assert f"Remettre le colis de la commande {order.number}" in html
    assert "Frais : à garder au froid" in html  # a butcher's parcel
    assert 'href="geo:44.499500,0.170200?q=44.499500,0.170200"' in html

    sheet = client.get(f"/livreur/tournees/{tour.pk}/feuille/")
    assert sheet.status_code == 200
    assert "Feuille de route du" in sheet.content.decode() and "geo:" not in sheet.content.decode()


def test_a_courier_sees_only_their_own_rounds(client, round_today):
    tour, order = round_today
    other = make_courier("Lucie")
    client.force_login(other.user)
    assert f"/livreur/tournees/{tour.pk}/" not in client.get("/livreur/").content.decode()
    for url in (f"/livreur/tournees/{tour.pk}/", f"/livreur/tournees/{tour.pk}/feuille/"):
        response = client.get(url)
        assert response.status_code == 404
        assert order.number not in response.content.decode()


def test_only_couriers_get_in(client, round_today):
    tour, _order = round_today
    assert client.get("/livreur/").status_code == 302  # to the login page
    client.force_login(UserFactory())
    assert client.get("/livreur/").status_code == 403
    assert client.get(f"/livreur/tournees/{tour.pk}/").status_code == 403
    Courier.objects.filter(pk=tour.courier.pk).update(active=False)
    client.force_login(tour.courier.user)
    assert client.get("/livreur/").status_code == 403
