"""The demo history's delivery rounds, day by day: at each of the round's passes the day's parts are shared among
the couriers (chilled ones in a refrigerated vehicle first, the others by sector around the centre, within each
vehicle's capacity), collected shop by shop and delivered nearest first, homes and contact points; a lunch break
between the passes; a courier now and then late, a home delivery now and then failed and its parcel left at the
resident's nearest contact point at the end of the round, as the courier's pages do. Done, as they were."""

import math
import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.utils import timezone

from delivery.models import FailReason, Round, Stop
from shop.demo.bulk import RowSink
from shop.demo.history_orders import OrderDraft, PartDraft
from shop.demo.history_world import Seat, World, km_between

SERVICE = {
    Stop.Kind.PICKUP: 90,
    Stop.Kind.HOME: 180,
    Stop.Kind.CONTACT_POINT: 60,
}  # seconds, as the planner's
BREAK = timedelta(minutes=30)
LATE_SHARE = 0.08  # deliveries done more than half an hour after their planned time
FAILED_SHARE = 0.03
FAIL_REASONS = (
    (FailReason.ABSENT, 0.6),
    (FailReason.ADDRESS_NOT_FOUND, 0.15),
    (FailReason.ACCESS_IMPOSSIBLE, 0.15),
    (FailReason.REFUSED, 0.1),
)


@dataclass
class _Group:
    """One order's parts in one pass: collected at their shops, delivered together."""

    draft: OrderDraft
    parts: list[PartDraft]
    kind: str
    place: tuple[float, float]
    point_id: int | None

    @property
    def chilled(self) -> bool:
        return any(part.chilled for part in self.parts)


@dataclass
class _Tour:
    id: int
    seat: Seat
    sequence: int
    place: tuple[float, float]
    clock: datetime | None
    km: float
    start: datetime | None
    existing: bool
    drift: float = 0.0  # minutes behind the plan
    morning: bool = False
    failed: list = field(default_factory=list)


def rounds_run(
    *, day: date, legs: list[tuple[OrderDraft, PartDraft]], world: World, sink: RowSink, rng: random.Random
):
    """The day's rounds for ``legs``: stops kept on their parts (or written, for breaks), rounds written (or, for
    rounds an earlier run left that day, returned as (id, planned_end, planned_km) to update)."""
    if not legs or not world.seats:
        return []
    tours = _existing(day, world)
    by_pass: dict[datetime, dict[int, _Group]] = defaultdict(dict)
    for draft, part in legs:
        groups = by_pass[part.collection_at]
        group = groups.get(draft.id)
        if group is None:
            point = draft.point
            place = point.place if point else draft.resident.place
            kind = Stop.Kind.CONTACT_POINT if point else Stop.Kind.HOME
            group = groups[draft.id] = _Group(draft, [], kind, place, point.id if point else None)
        group.parts.append(part)
    for moment in sorted(by_pass):
        for seat, groups in _assign(world, list(by_pass[moment].values())):
            tour = tours.get(seat.courier_id)
            if tour is None:
                tour = tours[seat.courier_id] = _Tour(
                    sink.id(Round), seat, 0, seat.base, None, 0.0, None, False
                )
            _pass(tour, moment, groups, sink, rng)
    updates = []
    for tour in tours.values():
        if tour.clock is None:
            continue
        _redirects(tour, rng)
        end = _travel(tour, tour.seat.base)
        km = round(tour.km, 1)
        if tour.existing:
            updates.append((tour.id, end, km))
        else:
            sink.add(
                Round,
                id=tour.id,
                territory_id=world.territory.pk,
                day=day,
                courier_id=tour.seat.courier_id,
                vehicle_id=tour.seat.vehicle_id,
                status=Round.Status.DONE,
                planned_start=tour.start,
                planned_end=end,
                planned_km=km,
            )
    return updates


def _existing(day: date, world: World) -> dict[int, _Tour]:
    """Rounds written for ``day`` by an earlier run (its last parts came from the day before): continued."""
    from django.db.models import Max

    seats = {seat.courier_id: seat for seat in world.seats}
    tours = {}
    for tour in Round.objects.filter(day=day).annotate(last=Max("stops__sequence")):
        seat = seats.get(tour.courier_id)
        if seat is not None:
            tours[tour.courier_id] = _Tour(
                tour.pk,
                seat,
                tour.last or 0,
                seat.base,
                tour.planned_end,
                tour.planned_km,
                tour.planned_start,
                True,
            )
    return tours


def _angle(world: World, place: tuple[float, float]) -> float:
    latitude, longitude = world.centre
    return math.atan2(place[0] - latitude, (place[1] - longitude) * math.cos(math.radians(latitude)))


def _assign(world: World, groups: list[_Group]) -> list[tuple[Seat, list[_Group]]]:
    """Groups to couriers: the chilled ones to refrigerated vehicles first, then sector by sector around the
    centre, each vehicle up to its capacity (the last one takes what is left when the fleet is short)."""
    seats = sorted(world.seats, key=lambda seat: (not seat.refrigerated, seat.courier_id))
    room = {seat.courier_id: seat.capacity for seat in seats}
    given: dict[int, list[_Group]] = defaultdict(list)
    cold = sorted((group for group in groups if group.chilled), key=lambda group: _angle(world, group.place))
    warm = sorted(
        (group for group in groups if not group.chilled), key=lambda group: _angle(world, group.place)
    )
    order = [seat for seat in seats if seat.refrigerated] + [seat for seat in seats if not seat.refrigerated]
    for batch, preferred in ((cold, order), (warm, order[::-1])):
        for group in batch:
            size = len(group.parts)
            seat = next((seat for seat in preferred if room[seat.courier_id] >= size), None)
            if seat is None:
                seat = max(seats, key=lambda seat: room[seat.courier_id])
            room[seat.courier_id] -= size
            given[seat.courier_id].append(group)
    return [(seat, given[seat.courier_id]) for seat in seats if given[seat.courier_id]]


def _travel(tour: _Tour, place: tuple[float, float]) -> datetime:
    km = km_between(tour.place, place) * settings.DELIVERY_CIRCUITY
    tour.km += km
    tour.place = place
    tour.clock += timedelta(hours=km / tour.seat.speed_kmh)
    return tour.clock


def _stop(tour: _Tour, kind: str, place, rng: random.Random, **fields) -> dict:
    """The next stop of the round at ``place``: planned on the clock, done a little after (or much after, now
    and then, for a delivery)."""
    arrival = _travel(tour, place)
    tour.drift = max(-4.0, 0.8 * tour.drift + rng.gauss(1.0, 3.0))
    late = rng.uniform(31, 75) if kind != Stop.Kind.PICKUP and rng.random() < LATE_SHARE else 0.0
    service = timedelta(seconds=SERVICE.get(kind, 0))
    tour.clock = arrival + service
    tour.sequence += 1
    return {
        "round_id": tour.id,
        "sequence": tour.sequence,
        "kind": kind,
        "latitude": place[0],
        "longitude": place[1],
        "planned_arrival": arrival,
        "planned_service_start": arrival,
        "status": Stop.Status.DONE,
        "done_at": arrival + service + timedelta(minutes=max(tour.drift, -2.0) + late),
        **fields,
    }


def _pass(tour: _Tour, moment: datetime, groups: list[_Group], sink: RowSink, rng: random.Random) -> None:
    """One pass of the round: to the shops for the parts, then to the homes and points, nearest first."""
    moment = timezone.localtime(moment)
    if tour.clock is None:
        tour.clock = moment - timedelta(hours=_first_leg_km(tour, groups) / tour.seat.speed_kmh)
        tour.start = tour.clock
    elif tour.morning and moment.time() >= time(13):
        # The break between a morning's pass and an afternoon's, where the courier is.
        at = max(tour.clock, moment.replace(hour=12, minute=0, second=0, microsecond=0))
        tour.sequence += 1
        sink.add(
            Stop,
            id=sink.id(Stop),
            round_id=tour.id,
            sequence=tour.sequence,
            kind=Stop.Kind.BREAK,
            latitude=tour.place[0],
            longitude=tour.place[1],
            planned_arrival=at,
            planned_service_start=at,
            status=Stop.Status.DONE,
            done_at=at + BREAK,
        )
        tour.clock = at + BREAK
        tour.morning = False
    tour.clock = max(tour.clock, moment - timedelta(hours=_first_leg_km(tour, groups) / tour.seat.speed_kmh))
    tour.morning = tour.morning or moment.time() < time(13)
    parts = [part for group in groups for part in group.parts]
    for part in _nearest_first(tour.place, parts, lambda part: part.shop.place):
        stop = _stop(tour, Stop.Kind.PICKUP, part.shop.place, rng, fulfilment_id=part.id)
        part.handed_at = stop["done_at"]
        part.stops.append(stop)
    for group in _nearest_first(tour.place, groups, lambda group: group.place):
        fails = (
            group.kind == Stop.Kind.HOME
            and group.draft.resident.point is not None
            and rng.random() < FAILED_SHARE
        )
        reason = _reason(rng) if fails else ""
        for part in group.parts:
            stop = _stop(
                tour, group.kind, group.place, rng, fulfilment_id=part.id, contact_point_id=group.point_id
            )
            part.stops.append(stop)
            if fails:
                stop.update(
                    status=Stop.Status.FAILED,
                    failure_reason=reason,
                    contact_point_id=group.draft.resident.point.id,
                )
                part.failed = True
                tour.failed.append((part, group.draft.resident.point))
                group.draft.redirect_point = group.draft.resident.point
                group.draft.failed_at = group.draft.failed_at or stop["done_at"]
            elif group.kind == Stop.Kind.HOME:
                part.delivered_at = stop["done_at"]
            else:
                part.dropped_at = stop["done_at"]


def _redirects(tour: _Tour, rng: random.Random) -> None:
    """The parcels whose home delivery failed, left at the end of the round at each resident's nearest point."""
    for part, point in _nearest_first(tour.place, tour.failed, lambda item: item[1].place):
        stop = _stop(
            tour, Stop.Kind.CONTACT_POINT, point.place, rng, fulfilment_id=part.id, contact_point_id=point.id
        )
        part.dropped_at = stop["done_at"]
        part.stops.append(stop)
    tour.failed = []


def _first_leg_km(tour: _Tour, groups: list[_Group]) -> float:
    first = min(
        (part.shop.place for group in groups for part in group.parts),
        key=lambda place: km_between(tour.place, place),
    )
    return km_between(tour.place, first) * settings.DELIVERY_CIRCUITY


def _nearest_first(start, items: list, place_of) -> list:
    """``items`` in the order a courier takes them: each time the nearest to where they are."""
    left, ordered, here = list(items), [], start
    while left:
        index = min(range(len(left)), key=lambda i: km_between(here, place_of(left[i])))
        item = left.pop(index)
        ordered.append(item)
        here = place_of(item)
    return ordered


def _reason(rng: random.Random) -> str:
    draw, total = rng.random(), 0.0
    for reason, share in FAIL_REASONS:
        total += share
        if draw < total:
            return reason
    return FAIL_REASONS[0][0]
