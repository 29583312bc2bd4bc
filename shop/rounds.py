"""Planning a day's delivery rounds for the active territory: the parcels (each merchant's part of an order to deliver
at home on the slot booked for that day, or at a contact point or home without a slot when collected that day), the couriers on duty, the places and their hours, solved
by delivery.planning, checked by its independent validator, then stored as rounds and stops.

Planning again replaces the day's rounds not yet started; a started round and its parcels are left as they are. A
parcel that cannot be placed is kept on the planning run with its reason, never dropped silently."""

import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from core.geocoding import geocode
from core.hours import Range
from delivery.dispatch import DispatchRefused
from delivery.models import Courier, PlanRun, Round, Stop
from delivery.planning.problem import (
    CHILLED,
    Break,
    Problem,
    Shipment,
    StepKind,
    Vehicle,
    Visit,
    Window,
)
from delivery.planning.replan import Progress, replan
from delivery.planning.solver import solve
from delivery.planning.travel import HaversineTravel, OsrmTravel
from delivery.planning.validator import violations
from delivery.selectors import chilled_annotation
from merchants.models import Fulfilment, OpeningHours
from pickup.hours import opening_ranges_on
from territory.selectors import territory_current

logger = logging.getLogger(__name__)

PICKUP_SERVICE_S, HOME_SERVICE_S, POINT_SERVICE_S = 90, 180, 60
DELIVERED_BY_ROUND = ("home-delivery", "contact-point")


class PlanRefused(DispatchRefused):
    """The solver's plan broke a rule the validator checks: nothing is stored."""


@dataclass
class _Parcel:
    fulfilment: Fulfilment
    shipment: Shipment
    kind: str  # Stop.Kind of the delivery
    point: object = None  # the contact point a failed home delivery now goes to


def travel_provider():
    fallback = HaversineTravel(circuity=settings.DELIVERY_CIRCUITY)
    if settings.OSRM_URL:
        return OsrmTravel(
            url=settings.OSRM_URL,
            timeout=settings.OSRM_TIMEOUT,
            fallback=fallback,
            table_size=settings.OSRM_TABLE_SIZE,
        )
    return fallback


def _seconds(clock: time) -> int:
    return clock.hour * 3600 + clock.minute * 60 + clock.second


def _windows(ranges: list[Range], after: int = 0) -> tuple[Window, ...]:
    return tuple(
        Window(max(_seconds(start), after), _seconds(end)) for start, end in ranges if _seconds(end) > after
    )


def _home_window() -> tuple[Window, ...]:
    start, _sep, end = settings.DELIVERY_HOME_WINDOW.partition("-")
    return (Window(_seconds(time.fromisoformat(start)), _seconds(time.fromisoformat(end))),)


def _booked_window(order) -> tuple[Window, ...]:
    """The home delivery's window: the slot the order booked, else the deployment's (orders placed before slots)."""
    try:
        slot = order.slot_booking.slot
    except ObjectDoesNotExist:
        return _home_window()
    return (Window(_seconds(slot.starts_at), _seconds(slot.ends_at)),)


def _ready_after(collection_at: datetime | None, midnight: datetime) -> int:
    """From when in the day (seconds) the shop's parcel can be collected: a parcel ready an earlier day is ready
    from the opening, one ready only a later day not at all."""
    if collection_at is None or collection_at < midnight:
        return 0
    if collection_at >= midnight + timedelta(days=1):
        return 86_400
    return _seconds(timezone.localtime(collection_at).time())


class _Places:
    def __init__(self):
        self.points: list[tuple[float, float]] = []
        self._index: dict[tuple[float, float], int] = {}

    def add(self, latitude: float, longitude: float) -> int:
        key = (round(latitude, 6), round(longitude, 6))
        if key not in self._index:
            self._index[key] = len(self.points)
            self.points.append(key)
        return self._index[key]


def rounds_plan(*, day: date, now: datetime | None = None) -> PlanRun:
    """Plans ``day``; ``now`` (default: the present) is where the started rounds are in their day."""
    territory = territory_current()
    if territory.latitude is None or territory.longitude is None:
        raise PlanRefused(
            f"{territory.name} n'a pas de centre (latitude, longitude) : les tournées en partent."
        )
    midnight = timezone.make_aware(datetime.combine(day, time(0)))
    clock = int(((now or timezone.now()) - midnight).total_seconds())
    places = _Places()
    base = places.add(territory.latitude, territory.longitude)
    rounds = Round.objects.filter(Q(locked=True) | ~Q(status=Round.Status.PLANNED), day=day)
    # A locked round is kept as the dispatcher left it, like a finished one: its courier and its parcels are out
    # of this planning.
    finished_rounds = [tour for tour in rounds if tour.status == Round.Status.DONE or tour.locked]
    started = {
        tour.courier_id: tour for tour in rounds if tour.status == Round.Status.STARTED and not tour.locked
    }
    taken = set(
        Stop.objects.filter(round__in=finished_rounds, fulfilment__isnull=False).values_list(
            "fulfilment_id", flat=True
        )
    )
    couriers = [
        courier
        for courier in Courier.objects.filter(active=True, vehicle__active=True).select_related(
            "vehicle", "user"
        )
        if courier.pk not in {tour.courier_id for tour in finished_rounds}
    ]
    vehicles = [_vehicle(courier, places, base) for courier in couriers]
    redirected = _redirected(day)
    progress = [_progress(started[v.id], v, places, clock, redirected) for v in vehicles if v.id in started]
    aboard = {shipment_id for item in progress for shipment_id in item.aboard}
    delivered = (
        set(
            Stop.objects.filter(round__in=started.values(), status__in=[Stop.Status.DONE, Stop.Status.FAILED])
            .exclude(kind__in=[Stop.Kind.PICKUP, Stop.Kind.BREAK])
            .values_list("fulfilment_id", flat=True)
        )
        - redirected.keys()
    )
    parcels, unassigned = _parcels(
        day, midnight, places, taken | delivered, aboard, redirected=redirected, base=base
    )
    problem = Problem(vehicles=vehicles, shipments=[parcel.shipment for parcel in parcels])
    matrices = travel_provider().matrices(places.points, {vehicle.profile for vehicle in vehicles} or {"car"})
    problem.durations, problem.distances = matrices.durations, matrices.distances
    plan = None
    today = clock if 0 <= clock < 86_400 else None  # planning the current day: no round leaves before now
    if vehicles and parcels:
        if progress or today is not None:
            problem, plan = replan(problem, progress, finished=set(), now=today)
        else:
            plan = solve(problem)
    if plan is not None and (wrong := violations(problem, plan)):
        logger.error("Round plan refused for %s: %s", day, wrong)
        raise PlanRefused("; ".join(wrong[:5]))
    by_id = {parcel.shipment.id: parcel for parcel in parcels}
    if plan is None:
        unassigned += [_unassigned(parcel, "no_courier_free") for parcel in parcels]
    else:
        unassigned += [_unassigned(by_id[item.task], str(item.reason)) for item in plan.unassigned]
    with transaction.atomic():
        Round.objects.filter(day=day, status=Round.Status.PLANNED, locked=False).delete()
        Stop.objects.filter(round__in=started.values(), status=Stop.Status.PLANNED).delete()
        run = PlanRun.objects.create(
            day=day,
            solve_seconds=plan.solve_seconds if plan else 0,
            travel_source=matrices.source,
            unassigned=unassigned,
        )
        if plan is not None:
            _store(run, plan, problem, couriers, by_id, places, midnight, started)
    return run


def _redirected(day: date) -> dict:
    """The parcels whose home delivery failed up to ``day`` and that go to a contact point instead, not dropped
    there yet: fulfilment id → the point (the courier's fail action chose it and announced the parcel there)."""
    failed = Stop.objects.filter(
        status=Stop.Status.FAILED, kind=Stop.Kind.HOME, contact_point__isnull=False, round__day__lte=day
    ).select_related("contact_point")
    dropped = set(
        Stop.objects.filter(
            kind=Stop.Kind.CONTACT_POINT,
            status=Stop.Status.DONE,
            fulfilment__in=[stop.fulfilment_id for stop in failed],
        ).values_list("fulfilment_id", flat=True)
    )
    return {stop.fulfilment_id: stop.contact_point for stop in failed if stop.fulfilment_id not in dropped}


def _progress(tour: Round, vehicle: Vehicle, places: _Places, clock: int, redirected: dict) -> Progress:
    """Where a started round is: after its last stop done, with what it collected and has not delivered (a
    parcel whose home delivery failed is still aboard, for its contact point)."""
    stops = list(tour.stops.all())
    done = [stop for stop in stops if stop.status != Stop.Status.PLANNED]
    collected = {stop.fulfilment_id for stop in done if stop.kind == Stop.Kind.PICKUP}
    dropped = {
        stop.fulfilment_id for stop in done if stop.kind not in (Stop.Kind.PICKUP, Stop.Kind.BREAK)
    } - redirected.keys()
    located = [stop for stop in done if stop.latitude is not None]
    place = places.add(located[-1].latitude, located[-1].longitude) if located else vehicle.start
    committed = {stop.fulfilment_id for stop in stops if stop.kind == Stop.Kind.PICKUP and stop not in done}
    return Progress(
        vehicle=vehicle.id,
        place=place,
        time=max(clock, vehicle.shift.start),
        aboard=frozenset(collected - dropped),
        committed=frozenset(committed),
        break_taken=any(stop.kind == Stop.Kind.BREAK for stop in done),
    )


def _parcels(day, midnight, places, taken, aboard=frozenset(), only=None, redirected=None, base=None):
    """The parcels to place: the day's due ones, or the fulfilments ``only`` names (a round being re-sequenced).
    A parcel ``redirected`` to a contact point after a failed delivery goes there: from the round that carries
    it, or, brought back after an earlier day's round, from the base (``base``)."""
    redirected = redirected or {}
    hours: dict[int, list[Range]] = {}
    for opening in OpeningHours.objects.filter(weekday=day.weekday()).order_by("opens_at"):
        hours.setdefault(opening.merchant_id, []).append((opening.opens_at, opening.closes_at))
    # A home delivery booked on a slot is due on its slot's day; any other parcel on its collection's day.
    booked = Q(order__slot_booking__slot__day=day)
    collected_that_day = Q(
        order__slot_booking__isnull=True,
        collection_at__gte=midnight,
        collection_at__lt=midnight + timedelta(days=1),
        order__shipping_code__in=DELIVERED_BY_ROUND,
    )
    due = Q(status__in=Fulfilment.PREPARING) & (booked | collected_that_day)
    if only is not None:
        due = Q(pk__in=only, status__in=Fulfilment.PREPARING)
    fulfilments = (
        Fulfilment.objects.filter(due | Q(pk__in=aboard) | Q(pk__in=redirected))
        .exclude(pk__in=taken)
        .select_related(
            "merchant", "order__shipping_address", "order__pickup__contact_point", "order__slot_booking__slot"
        )
        .annotate(chilled=chilled_annotation())
        .order_by("pk")
    )
    parcels, unassigned = [], []
    for fulfilment in fulfilments:
        merchant = fulfilment.merchant
        ready = _ready_after(fulfilment.collection_at, midnight)
        opening = _windows(hours.get(merchant.pk, []), after=ready)
        pickup_place = None
        if fulfilment.pk in aboard:  # collected already: only its delivery is left
            opening = (Window(0, 2 * 86400),)
        elif fulfilment.pk in redirected and base is not None:  # back at the base since its failed delivery
            opening, pickup_place = (Window(0, 86400),), base
        if pickup_place is None and (merchant.latitude is None or not opening):
            unassigned.append(
                _record(fulfilment, "shop_not_open" if merchant.latitude is not None else "shop_not_located")
            )
            continue
        point = redirected.get(fulfilment.pk)
        destination = _point_visit(point, day, places) if point else _destination(fulfilment, day, places)
        if isinstance(destination, str):
            unassigned.append(_record(fulfilment, destination))
            continue
        place, windows, service, kind = destination
        shipment = Shipment(
            id=fulfilment.pk,
            pickup=Visit(
                place=places.add(merchant.latitude, merchant.longitude)
                if pickup_place is None
                else pickup_place,
                service=PICKUP_SERVICE_S,
                windows=opening,
            ),
            delivery=Visit(place=place, service=service, windows=windows),
            amount=(1, settings.DELIVERY_PARCEL_LITRES),
            skills=frozenset({CHILLED}) if fulfilment.chilled else frozenset(),
        )
        parcels.append(_Parcel(fulfilment=fulfilment, shipment=shipment, kind=kind, point=point))
    return parcels, unassigned


def _point_visit(point, day, places):
    windows = _windows(opening_ranges_on(point=point, day=day))
    if not windows:
        return "contact_point_closed"
    return places.add(point.latitude, point.longitude), windows, POINT_SERVICE_S, Stop.Kind.CONTACT_POINT


def _destination(fulfilment, day, places):
    order = fulfilment.order
    if order.shipping_code == "contact-point":
        return _point_visit(order.pickup.contact_point, day, places)
    address = order.shipping_address
    try:
        found = geocode(address=address.line1, postcode=address.postcode, city=address.line4)
    except Exception:  # noqa: BLE001 - a geocoder down or rate-limited leaves this parcel for the dispatcher
        logger.warning("Geocoding failed for order %s", order.number, exc_info=True)
        found = None
    if found is None:
        return "address_not_geocoded"
    return places.add(found.latitude, found.longitude), _booked_window(order), HOME_SERVICE_S, Stop.Kind.HOME


def _vehicle(courier: Courier, places: _Places, base: int) -> Vehicle:
    home = base
    if courier.base_latitude is not None and courier.base_longitude is not None:
        home = places.add(courier.base_latitude, courier.base_longitude)
    vehicle = courier.vehicle
    breaks = ()
    if courier.break_from and courier.break_until and courier.break_minutes:
        window = Window(_seconds(courier.break_from), _seconds(courier.break_until))
        breaks = (Break(id=courier.pk, windows=(window,), duration=courier.break_minutes * 60),)
    return Vehicle(
        id=courier.pk,
        start=home,
        end=home,
        capacity=(vehicle.capacity_parcels, vehicle.capacity_litres),
        shift=Window(_seconds(courier.shift_start), _seconds(courier.shift_end)),
        skills=frozenset({CHILLED}) if vehicle.refrigerated else frozenset(),
        breaks=breaks,
        profile=vehicle.kind,
    )


def _record(fulfilment: Fulfilment, reason: str) -> dict:
    return {
        "fulfilment": fulfilment.pk,
        "order": fulfilment.order.number,
        "merchant": fulfilment.merchant.trade_name,
        "reason": reason,
    }


def _unassigned(parcel: _Parcel, reason: str) -> dict:
    return _record(parcel.fulfilment, reason)


def _store(run, plan, problem, couriers, by_id, places, midnight, started) -> None:
    by_courier = {courier.pk: courier for courier in couriers}
    for route in plan.routes:
        courier = by_courier[route.vehicle]
        tour = started.get(courier.pk)
        if tour is None:
            tour = Round.objects.create(
                day=run.day,
                courier=courier,
                vehicle=courier.vehicle,
                plan_run=run,
                planned_start=midnight + timedelta(seconds=route.steps[0].arrival),
                planned_end=midnight + timedelta(seconds=route.steps[-1].arrival),
                planned_km=route_km(problem, route),
            )
            first = 1
        else:  # a started round: what is left of it follows the stops already done
            tour.planned_end = midnight + timedelta(seconds=route.steps[-1].arrival)
            tour.plan_run = run
            tour.save(update_fields=["planned_end", "plan_run"])
            first = (tour.stops.aggregate(last=Max("sequence"))["last"] or 0) + 1
        Stop.objects.bulk_create(route_stops(tour, route, by_id, places, midnight, first))


def route_km(problem: Problem, route) -> float:
    visited = [step.place for step in route.steps if step.place is not None]
    metres = sum(problem.distances[a][b] for a, b in zip(visited, visited[1:], strict=False))
    return round(metres / 1000, 1)


def route_stops(
    tour: Round, route, by_id: dict, places: _Places, midnight: datetime, first: int
) -> list[Stop]:
    """The stops of a solved route, numbered from ``first``, not yet saved."""
    stops = []
    for step in route.steps:
        if step.kind in (StepKind.START, StepKind.END):
            continue
        parcel = by_id.get(step.task) if step.kind is not StepKind.BREAK else None
        if step.kind is StepKind.BREAK:
            kind = Stop.Kind.BREAK
        elif step.kind is StepKind.PICKUP:
            kind = Stop.Kind.PICKUP
        else:
            kind = parcel.kind
        latitude, longitude = places.points[step.place] if step.place is not None else (None, None)
        stops.append(
            Stop(
                round=tour,
                sequence=first + len(stops),
                kind=kind,
                fulfilment=parcel.fulfilment if parcel else None,
                contact_point=parcel.point if parcel and kind == Stop.Kind.CONTACT_POINT else None,
                latitude=latitude,
                longitude=longitude,
                planned_arrival=midnight + timedelta(seconds=step.arrival),
                planned_service_start=midnight + timedelta(seconds=step.service_start),
            )
        )
    return stops
