"""Planning a day's rounds from the database (shop.rounds, manage.py plan_rounds): the day's parcels collected at
their shop and delivered at home or at the contact point by the couriers on duty; a chilled parcel only in a
refrigerated vehicle, else kept with its reason; planning again replaces what has not started and keeps what has."""

from datetime import date, datetime, time, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from oscar.core.loading import get_model

from delivery.models import Courier, PlanRun, Round, Stop, Vehicle, VehicleKind
from delivery.planning.problem import Window
from delivery.selectors import round_stops, stop_view
from merchants.models import Sector
from pickup.hours import contact_point_set_weekly_hours
from shop import rounds
from shop.tasks import rounds_plan_day
from territory.tenancy import territory_activate
from tests.factories import MerchantFactory, UserFactory, home_territory, make_product
from tests.merchants.factories import make_order
from tests.pickup.factories import ContactPointFactory

pytestmark = pytest.mark.django_db

ProductClass = get_model("catalogue", "ProductClass")

TUESDAY = date(2026, 12, 8)


@pytest.fixture
def territory():
    territory = home_territory()
    with territory_activate(territory):
        yield territory


def courier(name: str, *, kind=VehicleKind.CARGO_BIKE, refrigerated=False) -> Courier:
    vehicle = Vehicle.objects.create(
        name=name, kind=kind, capacity_parcels=30, capacity_litres=800, refrigerated=refrigerated
    )
    return Courier.objects.create(user=UserFactory(first_name=name), vehicle=vehicle)


def order_from(merchant, *, shipping_code="home-delivery", point=None, ready=time(10)):
    order = make_order([(make_product(merchant=merchant), 1)], shipping_code=shipping_code, point=point)
    collection = timezone.make_aware(datetime.combine(TUESDAY, ready))
    order.fulfilments.update(collection_at=collection)
    return order


@pytest.fixture
def day(territory):
    bakery = MerchantFactory(sector=Sector.BAKERY, latitude=44.4995, longitude=0.1702)
    butcher = MerchantFactory(sector=Sector.BUTCHER, latitude=44.5041, longitude=0.1597)
    point = ContactPointFactory(latitude=44.4952, longitude=0.1765)
    contact_point_set_weekly_hours(
        point=point, ranges_by_weekday={1: [(time(9), time(12)), (time(14), time(17))]}
    )
    return {
        "home": order_from(bakery),
        "point": order_from(bakery, shipping_code="contact-point", point=point),
        "chilled": order_from(butcher),
        "bakery": bakery,
    }


def stops_of(tour: Round) -> list[tuple[str, str | None]]:
    return [
        (stop.kind, stop.fulfilment.order.number if stop.fulfilment else None) for stop in tour.stops.all()
    ]


def test_the_day_is_planned_and_a_chilled_parcel_waits_for_a_refrigerated_vehicle(day):
    bike = courier("Karim")
    run = rounds.rounds_plan(day=TUESDAY)
    tour = Round.objects.get(day=TUESDAY)
    assert tour.courier == bike and tour.plan_run == run and tour.status == Round.Status.PLANNED
    kinds = stops_of(tour)
    for order in (day["home"], day["point"]):
        pickup = kinds.index(("pickup", order.number))
        delivery = next(
            i for i, (kind, number) in enumerate(kinds) if number == order.number and kind != "pickup"
        )
        assert pickup < delivery
    assert ("home", day["home"].number) in kinds and ("contact_point", day["point"].number) in kinds
    assert [item["order"] for item in run.unassigned] == [day["chilled"].number]
    assert run.unassigned[0]["reason"] == "no_vehicle_with_skills"
    # every stop is within its windows: the shop's hours after the parcel is ready, the contact point's hours
    for stop in tour.stops.exclude(kind=Stop.Kind.BREAK):
        clock = timezone.localtime(stop.planned_service_start).time()
        if stop.kind == Stop.Kind.PICKUP:
            assert time(10) <= clock <= time(12, 30) or time(14) <= clock <= time(19)
        elif stop.kind == Stop.Kind.CONTACT_POINT:
            assert time(9) <= clock <= time(12) or time(14) <= clock <= time(17)
    assert tour.planned_km > 0 and tour.planned_start < tour.planned_end

    courier("Lucie", kind=VehicleKind.ELECTRIC_VAN, refrigerated=True)
    second = rounds.rounds_plan(day=TUESDAY)
    assert second.unassigned == []
    assert PlanRun.objects.count() == 2
    carriers = {
        number: tour.vehicle.refrigerated
        for tour in Round.objects.filter(day=TUESDAY)
        for _kind, number in stops_of(tour)
        if number
    }
    assert carriers[day["chilled"].number] is True
    assert Round.objects.filter(day=TUESDAY).count() <= 2  # the first plan's rounds were replaced


def test_a_started_round_keeps_its_stops_done_and_its_parcels_and_takes_a_late_order(day):
    courier("Lucie", kind=VehicleKind.ELECTRIC_VAN, refrigerated=True)
    rounds.rounds_plan(day=TUESDAY)
    tour = Round.objects.get(day=TUESDAY)
    stops = list(tour.stops.exclude(kind=Stop.Kind.BREAK))
    # The courier is out: the first parcel collected, the rest still to do.
    Round.objects.filter(pk=tour.pk).update(status=Round.Status.STARTED)
    first = stops[0]
    assert first.kind == Stop.Kind.PICKUP
    Stop.objects.filter(pk=first.pk).update(status=Stop.Status.DONE)
    parcels = {stop.fulfilment_id for stop in stops}
    late = order_from(day["bakery"], ready=time(15))
    now = timezone.make_aware(datetime.combine(TUESDAY, time(11)))
    run = rounds.rounds_plan(day=TUESDAY, now=now)

    tour.refresh_from_db()
    assert tour.status == Round.Status.STARTED and tour.plan_run == run
    after = list(tour.stops.all())
    assert after[0].pk == first.pk and after[0].status == Stop.Status.DONE  # what is done stays
    on_round = {stop.fulfilment_id for stop in after if stop.fulfilment_id}
    assert parcels <= on_round  # the parcel aboard and those committed stay on this round
    assert late.fulfilments.get().pk in on_round  # the late order fits into the started round
    assert run.unassigned == []
    for stop in after[1:]:
        assert stop.status == Stop.Status.PLANNED and stop.planned_service_start >= now
    collected = first.fulfilment_id  # aboard: only its delivery is left, no second pickup
    assert [stop.kind for stop in after if stop.fulfilment_id == collected].count(Stop.Kind.PICKUP) == 1
    assert [stop.sequence for stop in after] == list(range(1, len(after) + 1))


def test_what_cannot_be_placed_is_kept_with_its_reason(day, settings):
    courier("Karim", kind=VehicleKind.ELECTRIC_VAN, refrigerated=True)
    settings.DELIVERY_HOME_WINDOW = "06:00-07:00"  # before any shop opens: the home parcels cannot make it
    closed = order_from(day["bakery"], ready=time(19, 30))  # ready after the shop closes
    run = rounds.rounds_plan(day=TUESDAY)
    reasons = {item["order"]: item["reason"] for item in run.unassigned}
    assert reasons[day["home"].number] == "window_impossible"
    assert reasons[day["chilled"].number] == "window_impossible"
    assert reasons[closed.number] == "shop_not_open"
    assert day["point"].number not in reasons


def test_an_invalid_plan_is_refused_and_nothing_is_stored(day, monkeypatch):
    courier("Karim", kind=VehicleKind.ELECTRIC_VAN, refrigerated=True)
    monkeypatch.setattr(rounds, "violations", lambda problem, plan: ["vehicle 1: back after its shift"])
    with pytest.raises(rounds.PlanRefused):
        rounds.rounds_plan(day=TUESDAY)
    assert not Round.objects.exists() and not PlanRun.objects.exists()


def test_the_command_plans_each_territory_and_refuses_bad_input(day, capsys):
    courier("Karim", kind=VehicleKind.ELECTRIC_VAN, refrigerated=True)
    call_command("plan_rounds", "--date", TUESDAY.isoformat())
    out = capsys.readouterr().out
    assert "Val de Garonne — 08/12/2026 : 1 tournée(s), 0 colis non placé(s)" in out
    with pytest.raises(CommandError, match="Date invalide « 2026-13-01 »"):
        call_command("plan_rounds", "--date", "2026-13-01")
    with pytest.raises(CommandError, match="Aucun territoire « atlantide »"):
        call_command("plan_rounds", "--date", TUESDAY.isoformat(), "--territory", "atlantide")


def test_the_beat_task_plans_the_day_after_the_cut_off(day, monkeypatch):
    courier("Karim", kind=VehicleKind.ELECTRIC_VAN, refrigerated=True)
    monkeypatch.setattr(timezone, "localdate", lambda: TUESDAY - timedelta(days=1))
    assert rounds_plan_day(days_ahead=1) == 1
    assert Round.objects.get().day == TUESDAY


def test_osrm_down_falls_back_to_the_crow_flies(day, settings):
    courier("Karim", kind=VehicleKind.ELECTRIC_VAN, refrigerated=True)
    settings.OSRM_URL, settings.OSRM_TIMEOUT = "http://127.0.0.1:9", 1
    run = rounds.rounds_plan(day=TUESDAY)
    assert run.travel_source == "haversine" and run.rounds.count() == 1


def test_home_window_setting_is_read():
    assert rounds._home_window() == (Window(9 * 3600, 19 * 3600),)


def _fail_home_delivery(tour: Round, *, order, point) -> Stop:
    """What the courier's fail action leaves: the parcel collected, its home stop failed, sent to ``point``."""
    fulfilment = order.fulfilments.get()
    order.fulfilments.update(status="handed_over")
    Stop.objects.filter(round=tour, fulfilment=fulfilment, kind=Stop.Kind.PICKUP).update(
        status=Stop.Status.DONE, done_at=timezone.now()
    )
    home = Stop.objects.get(round=tour, fulfilment=fulfilment, kind=Stop.Kind.HOME)
    Stop.objects.filter(pk=home.pk).update(
        status=Stop.Status.FAILED, done_at=timezone.now(), contact_point=point, failure_reason="absent"
    )
    return home


def test_a_failed_home_delivery_is_dropped_at_its_contact_point_by_the_round_that_carries_it(day):
    courier("Lucie", kind=VehicleKind.ELECTRIC_VAN, refrigerated=True)
    rounds.rounds_plan(day=TUESDAY)
    tour = Round.objects.get(day=TUESDAY)
    Round.objects.filter(pk=tour.pk).update(status=Round.Status.STARTED)
    point = day["point"].pickup.contact_point
    home = _fail_home_delivery(tour, order=day["home"], point=point)

    run = rounds.rounds_plan(day=TUESDAY, now=timezone.make_aware(datetime.combine(TUESDAY, time(11))))

    assert run.unassigned == []
    stops = list(Stop.objects.filter(round=tour, fulfilment=home.fulfilment))
    assert [stop.kind for stop in stops] == [Stop.Kind.PICKUP, Stop.Kind.HOME, Stop.Kind.CONTACT_POINT]
    drop = stops[-1]
    assert drop.contact_point == point and drop.status == Stop.Status.PLANNED
    assert drop.sequence > home.sequence
    assert (drop.latitude, drop.longitude) == (point.latitude, point.longitude)


def test_a_parcel_brought_back_after_a_failed_delivery_goes_to_its_point_the_next_day(day):
    courier("Lucie", kind=VehicleKind.ELECTRIC_VAN, refrigerated=True)
    rounds.rounds_plan(day=TUESDAY)
    tour = Round.objects.get(day=TUESDAY)
    point = day["point"].pickup.contact_point
    contact_point_set_weekly_hours(point=point, ranges_by_weekday={2: [(time(9), time(12))]})
    _fail_home_delivery(tour, order=day["home"], point=point)
    Round.objects.filter(pk=tour.pk).update(status=Round.Status.DONE)

    wednesday = TUESDAY + timedelta(days=1)
    run = rounds.rounds_plan(day=wednesday)

    assert run.unassigned == []
    fulfilment = day["home"].fulfilments.get()
    stops = list(Stop.objects.filter(round__day=wednesday, fulfilment=fulfilment))
    assert [stop.kind for stop in stops] == [Stop.Kind.PICKUP, Stop.Kind.CONTACT_POINT]
    pickup, drop = stops
    territory = day["bakery"].territory
    # Collected at the base where the round brought it back, not at the shop; dropped within the point's hours.
    assert (pickup.latitude, pickup.longitude) == (
        round(territory.latitude, 6),
        round(territory.longitude, 6),
    )
    assert drop.contact_point == point
    assert time(9) <= timezone.localtime(drop.planned_service_start).time() <= time(12)
    # The courier reads where to take it from: the base, not the shop.
    assert stop_view(pickup)["place"] == f"Au départ : colis à reprendre ({day['bakery'].trade_name})"
    assert stop_view(drop)["place"] == point.name

    # Dropped: the next planning has nothing left to take there.
    Stop.objects.filter(pk=drop.pk).update(status=Stop.Status.DONE)
    Round.objects.filter(day=wednesday).update(status=Round.Status.DONE)
    assert rounds._redirected(wednesday + timedelta(days=1)) == {}


def test_a_grocers_parcel_with_a_chilled_product_class_needs_a_refrigerated_vehicle(day):
    courier("Karim")  # a cargo bike, not refrigerated
    grocer = MerchantFactory(sector=Sector.ORGANIC, latitude=44.4990, longitude=0.1690)
    yoghurt = make_product(merchant=grocer, title="Yaourt fermier")
    yoghurt.product_class = ProductClass.objects.create(name="Produits frais", slug="frais", chilled=True)
    yoghurt.save()
    cold = make_order([(yoghurt, 1)], shipping_code="home-delivery")
    cold.fulfilments.update(collection_at=timezone.make_aware(datetime.combine(TUESDAY, time(10))))
    dry = order_from(grocer)  # the same shop's shelf goods ride in the bike

    run = rounds.rounds_plan(day=TUESDAY)

    reasons = {item["order"]: item["reason"] for item in run.unassigned}
    assert reasons[cold.number] == "no_vehicle_with_skills"
    assert dry.number not in reasons
    tour = Round.objects.get(day=TUESDAY)
    assert ("home", dry.number) in stops_of(tour)

    courier("Lucie", kind=VehicleKind.ELECTRIC_VAN, refrigerated=True)
    rounds.rounds_plan(day=TUESDAY)
    carried_by = {
        number: tour.vehicle.refrigerated
        for tour in Round.objects.filter(day=TUESDAY)
        for _k, number in stops_of(tour)
    }
    assert carried_by[cold.number] is True
    # The courier's page flags it to keep cold.
    tour = next(tour for tour in Round.objects.filter(day=TUESDAY) if tour.vehicle.refrigerated)
    views = [stop_view(stop) for stop in round_stops(tour=tour)]
    assert all(view["chilled"] for view in views if view["order"] == cold.number)


def test_the_fixed_beat_leaves_slot_territories_to_their_cut_offs_and_a_refusal_stops_no_other(monkeypatch):
    from territory.selectors import territory_current
    from tests.delivery.slot_factories import slots_every_day
    from tests.factories import TerritoryFactory

    first = TerritoryFactory(name="Premier territoire")
    second = TerritoryFactory(name="Second territoire")
    with_slots = TerritoryFactory(name="Territoire à créneaux")
    with territory_activate(with_slots):
        slots_every_day()
    planned_in = []

    def planner(*, day, now=None):
        territory = territory_current()
        planned_in.append(territory.slug)
        if territory == first:
            raise rounds.PlanRefused("centre inutilisable")
        return PlanRun.objects.create(day=day, travel_source="haversine")

    monkeypatch.setattr(rounds, "rounds_plan", planner)
    rounds_plan_day(days_ahead=1)

    assert planned_in == [first.slug, second.slug]  # not the territory with slots; on after the refusal
    with territory_activate(second):
        assert PlanRun.objects.count() == 1
