"""The dispatcher's page (issue 11, item 6): a locked round is kept as it is by re-planning, a parcel moved to
another round is re-sequenced there or refused with nothing changed, and the forms answer bad input with a French
message and a 400."""

import html
from datetime import date, datetime, time

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from delivery.models import Courier, PlanRun, Round, Stop, Vehicle, VehicleKind
from delivery.planning.problem import Reason
from merchants.models import Sector
from shop import rounds
from territory.tenancy import territory_activate
from tests.factories import MerchantFactory, UserFactory, home_territory, make_product
from tests.merchants.factories import make_order

pytestmark = pytest.mark.django_db

TUESDAY = date(2026, 12, 8)


@pytest.fixture
def territory():
    territory = home_territory()
    with territory_activate(territory):
        yield territory


def make_courier(name: str, *, kind=VehicleKind.ELECTRIC_VAN, refrigerated=False, parcels=30) -> Courier:
    vehicle = Vehicle.objects.create(
        name=f"Véhicule {name}",
        kind=kind,
        capacity_parcels=parcels,
        capacity_litres=2000,
        refrigerated=refrigerated,
    )
    return Courier.objects.create(user=UserFactory(first_name=name, last_name="Livreur"), vehicle=vehicle)


def order_from(merchant, *, ready=time(10)):
    order = make_order([(make_product(merchant=merchant), 1)])
    order.fulfilments.update(collection_at=timezone.make_aware(datetime.combine(TUESDAY, ready)))
    return order.fulfilments.get()


def text(response) -> str:
    return html.unescape(response.content.decode())


def dispatcher(client):
    user = UserFactory(is_staff=True, first_name="Mairie")
    user.user_permissions.add(Permission.objects.get(codename="change_territory"))
    client.force_login(user)
    return user


@pytest.fixture
def day(territory):
    bakery = MerchantFactory(sector=Sector.BAKERY, latitude=44.4995, longitude=0.1702)
    grocer = MerchantFactory(sector=Sector.BOOKSHOP, latitude=44.5041, longitude=0.1597)
    butcher = MerchantFactory(sector=Sector.BUTCHER, latitude=44.5010, longitude=0.1650)
    parcels = [order_from(bakery), order_from(grocer), order_from(bakery), order_from(grocer)]
    chilled = order_from(butcher)
    van = make_courier("Lucie", refrigerated=True)
    bike = make_courier("Karim", kind=VehicleKind.CARGO_BIKE)
    rounds.rounds_plan(day=TUESDAY)
    return {"parcels": parcels, "chilled": chilled, "van": van, "bike": bike, "bakery": bakery}


def snapshot():
    """Every stop of the day as it stands, and the last run's unassigned parcels."""
    stops = list(
        Stop.objects.order_by("pk").values_list(
            "pk", "round_id", "sequence", "fulfilment_id", "planned_arrival"
        )
    )
    run = PlanRun.objects.order_by("-created_at").first()
    return stops, list(Round.objects.order_by("pk").values_list("pk", "planned_end")), run.unassigned


def parcels_of(tour: Round) -> set[int]:
    return set(tour.stops.exclude(fulfilment=None).values_list("fulfilment_id", flat=True))


def round_of(courier: Courier) -> Round:
    return Round.objects.get(day=TUESDAY, courier=courier)


def bike_round(day) -> Round:
    """The bike's round; an empty one when the planner did without it, for a parcel to move into."""
    van = round_of(day["van"])
    return Round.objects.filter(day=TUESDAY, courier=day["bike"]).first() or Round.objects.create(
        day=TUESDAY,
        courier=day["bike"],
        vehicle=day["bike"].vehicle,
        planned_start=van.planned_start,
        planned_end=van.planned_start,
    )


def test_a_locked_round_is_kept_as_it_is_by_replanning_and_its_parcels_go_to_no_one_else(client, day):
    dispatcher(client)
    tour = round_of(day["van"])
    kept = list(tour.stops.values_list("pk", "sequence", "fulfilment_id", "planned_arrival"))
    assert kept
    response = client.post(reverse("dispatch:lock", kwargs={"pk": tour.pk}))
    assert response.status_code == 302
    tour.refresh_from_db()
    assert tour.locked and tour.locked_by is not None and not tour.can("lock") and tour.can("unlock")

    late = order_from(day["bakery"], ready=time(11))
    response = client.post(reverse("dispatch:replan"), {"day": TUESDAY.isoformat()})
    assert response.status_code == 302
    assert Round.objects.filter(pk=tour.pk).exists()  # a planned round would have been replaced
    assert list(tour.stops.values_list("pk", "sequence", "fulfilment_id", "planned_arrival")) == kept
    others = Round.objects.filter(day=TUESDAY).exclude(pk=tour.pk)
    for other in others:
        assert not parcels_of(other) & parcels_of(tour)
    placed = {pk for other in others for pk in parcels_of(other)}
    unassigned = {item["fulfilment"] for item in PlanRun.objects.order_by("-created_at").first().unassigned}
    assert late.pk in placed | unassigned

    assert client.post(reverse("dispatch:unlock", kwargs={"pk": tour.pk})).status_code == 302
    client.post(reverse("dispatch:replan"), {"day": TUESDAY.isoformat()})
    assert not Round.objects.filter(pk=tour.pk).exists()  # unlocked, it is planned afresh


def test_a_parcel_moved_to_another_round_is_resequenced_there(client, day):
    dispatcher(client)
    van, bike = round_of(day["van"]), bike_round(day)
    moved = next(iter(parcels_of(van) - {day["chilled"].pk}))
    response = client.post(
        reverse("dispatch:move"), {"day": TUESDAY.isoformat(), "fulfilment": moved, "to_round": bike.pk}
    )
    assert response.status_code == 302, text(response)[:2000]
    assert moved not in parcels_of(van)
    stops = list(bike.stops.all())
    assert [stop.sequence for stop in stops] == list(range(1, len(stops) + 1))
    kinds = [stop.kind for stop in stops if stop.fulfilment_id == moved]
    assert kinds == [Stop.Kind.PICKUP, Stop.Kind.HOME]  # collected before it is delivered
    bike.refresh_from_db()
    assert bike.planned_km > 0 and bike.planned_start < bike.planned_end


def test_a_parcel_from_the_unassigned_list_moves_into_a_round_and_leaves_the_list(client, day):
    dispatcher(client)
    late = order_from(day["bakery"], ready=time(11))
    run = PlanRun.objects.order_by("-created_at").first()
    run.unassigned = [
        *run.unassigned,
        {"fulfilment": late.pk, "order": late.order.number, "merchant": "x", "reason": "no_courier_free"},
    ]
    run.save()
    page = text(client.get(reverse("dispatch:day") + f"?jour={TUESDAY.isoformat()}"))
    assert late.order.number in page and "tournées complètes : aucun livreur libre" in page
    van = round_of(day["van"])
    response = client.post(
        reverse("dispatch:move"), {"day": TUESDAY.isoformat(), "fulfilment": late.pk, "to_round": van.pk}
    )
    assert response.status_code == 302
    assert late.pk in parcels_of(van)
    run.refresh_from_db()
    assert late.pk not in {item["fulfilment"] for item in run.unassigned}


def test_a_parcel_moved_into_a_started_round_follows_its_stops_done(client, day):
    dispatcher(client)
    van = round_of(day["van"])
    Round.objects.filter(pk=van.pk).update(status=Round.Status.STARTED)
    first = van.stops.order_by("sequence").first()
    Stop.objects.filter(pk=first.pk).update(status=Stop.Status.DONE, done_at=first.planned_service_start)
    late = order_from(day["bakery"], ready=time(11))
    response = client.post(
        reverse("dispatch:move"), {"day": TUESDAY.isoformat(), "fulfilment": late.pk, "to_round": van.pk}
    )
    assert response.status_code == 302, text(response)[:3000]
    stops = list(van.stops.order_by("sequence"))
    assert stops[0].pk == first.pk and stops[0].status == Stop.Status.DONE  # what is done stays
    assert [stop.sequence for stop in stops] == list(range(1, len(stops) + 1))
    assert [stop.kind for stop in stops if stop.fulfilment_id == late.pk] == [
        Stop.Kind.PICKUP,
        Stop.Kind.HOME,
    ]
    collected = [stop for stop in stops if stop.fulfilment_id == first.fulfilment_id]
    assert [stop.kind for stop in collected].count(Stop.Kind.PICKUP) == 1  # aboard: only its delivery is left


def test_a_move_that_does_not_fit_is_refused_in_french_and_changes_nothing(client, day):
    dispatcher(client)
    bike = bike_round(day)
    before = snapshot()
    # A chilled parcel in the cargo bike, which is not refrigerated.
    response = client.post(
        reverse("dispatch:move"),
        {"day": TUESDAY.isoformat(), "fulfilment": day["chilled"].pk, "to_round": bike.pk},
    )
    assert response.status_code == 400
    page = text(response)
    assert "ne tient pas dans la tournée de Karim Livreur" in page and "aucun véhicule réfrigéré" in page
    assert snapshot() == before

    # A shift too short for anything more.
    van = round_of(day["van"])
    Courier.objects.filter(pk=day["bike"].pk).update(
        shift_start=time(8), shift_end=time(8, 20), break_from=None, break_until=None
    )
    moving = next(iter(parcels_of(van) - {day["chilled"].pk}))
    response = client.post(
        reverse("dispatch:move"), {"day": TUESDAY.isoformat(), "fulfilment": moving, "to_round": bike.pk}
    )
    assert (
        response.status_code == 400
        and "ne tient pas dans la tournée de Karim Livreur (horaires impossibles" in text(response)
    )
    assert snapshot() == before

    # Into a locked round, or to a round of another day, or nonsense.
    Courier.objects.filter(pk=day["bike"].pk).update(shift_start=time(8), shift_end=time(18))
    Round.objects.filter(pk=bike.pk).update(locked=True)
    response = client.post(
        reverse("dispatch:move"), {"day": TUESDAY.isoformat(), "fulfilment": moving, "to_round": bike.pk}
    )
    assert response.status_code == 400 and "est verrouillée" in text(response)
    for data in (
        {"day": TUESDAY.isoformat(), "fulfilment": moving, "to_round": 999999},
        {"day": TUESDAY.isoformat(), "fulfilment": "abc", "to_round": van.pk},
        {"day": "2026-13-45", "fulfilment": moving, "to_round": van.pk},
    ):
        response = client.post(reverse("dispatch:move"), data)
        assert response.status_code == 400, data
        assert "Le colis n'a pas été déplacé" in text(response)
    assert snapshot() == before


def test_the_day_page_shows_rounds_and_reasons_in_french_in_constant_queries(
    client, day, django_assert_max_num_queries
):
    dispatcher(client)
    run = PlanRun.objects.order_by("-created_at").first()
    run.unassigned = [
        {"fulfilment": 1, "order": "CMD-1", "merchant": "Boucherie", "reason": Reason.NO_VEHICLE_WITH_SKILLS}
    ]
    run.save()
    url = reverse("dispatch:day") + f"?jour={TUESDAY.isoformat()}"
    with django_assert_max_num_queries(25):
        response = client.get(url)
    assert response.status_code == 200
    page = text(response)
    assert "Lucie Livreur" in page and "produit frais : aucun véhicule réfrigéré disponible" in page
    assert "km" in page and 'id="dispatch-map"' in page and "dispatch-map-data" in page
    assert response.context["map_data"]["rounds"][0]["stops"]

    bad = client.get(reverse("dispatch:day") + "?jour=2026-13-45")
    assert bad.status_code == 400 and "Cette date n'est pas valide" in text(bad)


def test_the_courier_and_vehicle_forms_refuse_bad_input_in_french(client, day):
    dispatcher(client)
    courier = day["van"]
    url = reverse("dispatch:courier", kwargs={"pk": courier.pk})
    assert client.get(url).status_code == 200
    base = {
        "vehicle": courier.vehicle_id,
        "shift_start": "09:00",
        "shift_end": "08:00",
        "break_from": "12:00",
        "break_until": "13:00",
        "break_minutes": "30",
        "active": "on",
    }
    response = client.post(url, base)
    assert response.status_code == 400
    assert "La fin de service doit venir après son début." in text(response)
    response = client.post(url, {**base, "shift_end": "17:00", "break_until": "11:00"})
    assert response.status_code == 400 and "La pause doit finir après son début." in text(response)
    response = client.post(url, {**base, "shift_end": "17:00", "base_latitude": "44.5"})
    assert response.status_code == 400 and "ou aucune" in text(response)
    courier.refresh_from_db()
    assert courier.shift_start == time(8) and courier.shift_end == time(18)  # nothing was saved
    response = client.post(url, {**base, "shift_start": "07:30", "shift_end": "16:00"})
    assert response.status_code == 302
    courier.refresh_from_db()
    assert (courier.shift_start, courier.shift_end) == (time(7, 30), time(16))

    vehicle = courier.vehicle
    url = reverse("dispatch:vehicle", kwargs={"pk": vehicle.pk})
    data = {"name": "Utilitaire", "kind": "electric_van", "capacity_parcels": "0", "capacity_litres": "-5"}
    response = client.post(url, data)
    page = text(response)
    assert response.status_code == 400
    assert "Un véhicule emporte au moins un colis." in page
    vehicle.refresh_from_db()
    assert vehicle.capacity_parcels == 30
    response = client.post(url, {**data, "capacity_parcels": "12", "capacity_litres": "900", "active": "on"})
    assert response.status_code == 302
    vehicle.refresh_from_db()
    assert (vehicle.capacity_parcels, vehicle.capacity_litres, vehicle.refrigerated) == (12, 900, False)
    assert client.get(reverse("dispatch:fleet")).status_code == 200
    assert client.get(reverse("dispatch:vehicle", kwargs={"pk": 999999})).status_code == 404


def test_only_the_municipality_reaches_the_dispatch_pages(client, day):
    tour = round_of(day["van"])
    assert client.get(reverse("dispatch:day")).status_code == 302  # to log in
    client.force_login(day["van"].user)  # a courier
    assert client.get(reverse("dispatch:day")).status_code == 403
    assert client.post(reverse("dispatch:lock", kwargs={"pk": tour.pk})).status_code == 403
    tour.refresh_from_db()
    assert not tour.locked


def test_another_territorys_municipality_never_sees_nor_touches_this_ones_rounds(client, settings):
    from shop.services import roles_ensure
    from tests.territory.isolation import two_sides

    roles_ensure()  # the « Mairie » group with its permissions
    a, b = two_sides(settings)
    client.force_login(b.users["municipality"])
    own = text(client.get(reverse("dispatch:day"), HTTP_HOST="b.localhost"))
    assert "LivreurVilleneuve" in own and b.order.number in own  # B's dispatcher sees B's round

    client.force_login(a.users["municipality"])
    page = text(client.get(reverse("dispatch:day"), HTTP_HOST="a.localhost"))
    assert "LivreurGaronne" in page
    assert "LivreurVilleneuve" not in page and b.order.number not in page
    lock = client.post(reverse("dispatch:lock", kwargs={"pk": b.round.pk}), HTTP_HOST="a.localhost")
    assert lock.status_code == 404
    courier = client.get(
        reverse("dispatch:courier", kwargs={"pk": b.round.courier_id}), HTTP_HOST="a.localhost"
    )
    assert courier.status_code == 404
    move = client.post(
        reverse("dispatch:move"),
        {"day": b.round.day.isoformat(), "fulfilment": b.order.fulfilments.get().pk, "to_round": b.round.pk},
        HTTP_HOST="a.localhost",
    )
    assert move.status_code == 400
    b.round.refresh_from_db()
    assert not b.round.locked and b.round.stops.count() == 1
