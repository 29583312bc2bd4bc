"""Reads about contact points: nearest search, opening calendar, parcels.

The nearest search answers from the spatial index of pickup/index.py; the opening calendar comes from
pickup/hours.py."""

import math
import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from core.geo import geodesic_m
from merchants.selectors import fulfilments_with_merchant
from pickup.hours import contact_point_last_open_by, open_point_ids_on
from pickup.index import current_index
from pickup.models import ContactPoint, CounterAgent, Parcel, WeeklyOpening
from territory.models import Commune, Territory

MAX_LIMIT = 50


@dataclass(frozen=True)
class NearestPoint:
    point: ContactPoint
    distance_m: float


def contact_points_nearest(
    *,
    latitude: float,
    longitude: float,
    limit: int,
    types: list[str] | None = None,
    open_on: date | None = None,
    max_distance_m: float | None = None,
    among: Collection[int] | None = None,
) -> list[NearestPoint]:
    """Active points nearest first (ties by pk), with their exact geodesic distance in metres on WGS-84.

    ``types`` filters on La Poste's type label or on the category (bureau, agence, relais, autre), any case;
    ``among`` keeps only the points of these ids. Answered from this process's spatial index
    (pickup/index.py), then one query loads the points found."""
    accept = None if open_on is None else _open_on(open_on)
    if among is not None:
        accept = _among(set(among), then=accept)
    neighbours = current_index().nearest(
        latitude=latitude,
        longitude=longitude,
        limit=limit,
        types=types,
        accept=accept,
        max_distance_m=max_distance_m,
    )
    if not neighbours:
        return []
    # A point deactivated since the index was built is left out until the next check rebuilds the index.
    points = ContactPoint.objects.filter(is_active=True).in_bulk([neighbour.id for neighbour in neighbours])
    return [
        NearestPoint(point=points[neighbour.id], distance_m=neighbour.distance_m)
        for neighbour in neighbours
        if neighbour.id in points
    ]


# Past this many candidates, asking for the whole day's open points at once is cheaper than listing ids.
_OPEN_ON_BATCH = 2000


def _open_on(day: date):
    everything: set[int] | None = None

    def accept(point_ids: list[int]) -> set[int]:
        nonlocal everything
        if everything is not None:
            return everything
        if len(point_ids) > _OPEN_ON_BATCH:
            everything = set(open_point_ids_on(day=day, point_ids=None))
            return everything
        return set(open_point_ids_on(day=day, point_ids=point_ids))

    return accept


def _among(allowed: set[int], *, then):
    def accept(point_ids: list[int]) -> set[int]:
        kept = [point_id for point_id in point_ids if point_id in allowed]
        if then is None or not kept:
            return set(kept)
        return set(then(kept))

    return accept


def models_q_types(types: list[str]):
    from django.db.models import Q

    query = Q()
    for value in types:
        query |= Q(category=value) | Q(type__iexact=value)
    return query


# The territory's area for contact points: what checkout offers.


@dataclass(frozen=True)
class PickupArea:
    """Where the shop's contact points lie: the territory's communes, and the disc around its centre when the
    municipality set a distance (``Territory.pickup_max_distance_km``)."""

    name: str
    insee_codes: frozenset[str]
    postcodes: frozenset[str]
    centre: tuple[float, float] | None
    radius_m: float | None

    def covers(self, *, latitude: float, longitude: float, postcode: str = "") -> bool:
        """Whether an address is served: its postcode is a commune's, or it lies within the disc."""
        if postcode and postcode in self.postcodes:
            return True
        return self.within_disc(latitude=latitude, longitude=longitude)

    def holds(self, *, insee_code: str, latitude: float, longitude: float) -> bool:
        """Whether a contact point lies in the area: in one of its communes, or within the disc."""
        return insee_code in self.insee_codes or self.within_disc(latitude=latitude, longitude=longitude)

    def within_disc(self, *, latitude: float, longitude: float) -> bool:
        if self.centre is None or self.radius_m is None:
            return False
        return geodesic_m(self.centre[0], self.centre[1], latitude, longitude) <= self.radius_m


def pickup_area_for(*, territory: Territory) -> PickupArea:
    """The territory's communes (INSEE codes and postcodes) and its disc, read in two queries."""
    communes = list(Commune.objects.filter(territory=territory).prefetch_related("postcodes"))
    has_centre = territory.latitude is not None and territory.longitude is not None
    distance = territory.pickup_max_distance_km
    return PickupArea(
        name=territory.name,
        insee_codes=frozenset(commune.insee_code for commune in communes),
        postcodes=frozenset(code.postcode for commune in communes for code in commune.postcodes.all()),
        centre=(territory.latitude, territory.longitude) if has_centre else None,
        radius_m=float(distance) * 1000 if has_centre and distance is not None else None,
    )


def contact_point_ids_in_area(*, area: PickupArea) -> set[int]:
    """The active points located in the area's communes (by INSEE code) or within its disc."""
    where = Q(insee_code__in=area.insee_codes)
    if area.centre is not None and area.radius_m is not None:
        # A box a little larger than the disc for the database; the exact geodesic test follows.
        latitude, longitude = area.centre
        half_lat = area.radius_m / 110_000 + 0.01
        half_lon = area.radius_m / (110_000 * max(math.cos(math.radians(latitude)), 0.01)) + 0.01
        where |= Q(
            latitude__range=(latitude - half_lat, latitude + half_lat),
            longitude__range=(longitude - half_lon, longitude + half_lon),
        )
    rows = (
        ContactPoint.objects.filter(is_active=True)
        .filter(where)
        .values_list("pk", "insee_code", "latitude", "longitude")
    )
    return {pk for pk, insee, lat, lon in rows if area.holds(insee_code=insee, latitude=lat, longitude=lon)}


_POSTCODE = re.compile(r"(?<!\d)(\d{5})(?!\d)")


def postcode_in(text: str) -> str:
    """The last five-digit postcode written in ``text`` (« 8 rue Abel Boyé 47200 Marmande »), or ""."""
    found = _POSTCODE.findall(text or "")
    return found[-1] if found else ""


# The counter pages.


def counter_agent_for(user: AbstractBaseUser | AnonymousUser) -> CounterAgent | None:
    """The user's counter-agent post with its point, or None."""
    if not user.is_authenticated:
        return None
    return CounterAgent.objects.select_related("contact_point").filter(user=user).first()


def _with_parts(parcels: QuerySet[Parcel]) -> QuerySet[Parcel]:
    """Loads each parcel's shops' parts (Parcel.parts, Parcel.parts_missing) in two more queries in all."""
    return parcels.prefetch_related(Prefetch("order__fulfilments", queryset=fulfilments_with_merchant()))


def parcels_at_point(
    *, contact_point: ContactPoint, statuses: list[str] | None = None, query: str = ""
) -> QuerySet[Parcel]:
    """A point's parcels with their shops' parts, filtered by status and by order number or the resident's
    name (every word)."""
    parcels = _with_parts(
        Parcel.objects.filter(contact_point=contact_point).select_related(
            "order__shipping_address", "order__user"
        )
    )
    if statuses:
        parcels = parcels.filter(status__in=statuses)
    for term in query.split():
        parcels = parcels.filter(
            Q(order__number__icontains=term)
            | Q(order__shipping_address__first_name__icontains=term)
            | Q(order__shipping_address__last_name__icontains=term)
            | Q(order__user__first_name__icontains=term)
            | Q(order__user__last_name__icontains=term)
        )
    return parcels.order_by("expires_at", "-created_at", "-pk")


def parcel_at_point(*, contact_point: ContactPoint, pk: int) -> Parcel | None:
    """One parcel of the point with what its page shows (its shops' parts too), or None (another point's
    parcels do not exist here)."""
    return (
        _with_parts(Parcel.objects.select_related("order__shipping_address", "order__user", "contact_point"))
        .filter(contact_point=contact_point, pk=pk)
        .first()
    )


def parcel_keep_until(*, parcel: Parcel) -> datetime | None:
    """Until when the resident can collect the parcel: the end of its retention, moved back to the point's last
    opening before it when the point is closed then; None while it is not ready."""
    if parcel.expires_at is None:
        return None
    return (
        contact_point_last_open_by(point=parcel.contact_point, moment=parcel.expires_at) or parcel.expires_at
    )


# The municipality's dashboard.


def contact_points_for_dashboard(*, query: str, territory: Territory | None) -> QuerySet:
    """Active points matching every word of ``query`` (name, city, postcode, site id), in the territory's
    communes when one is given."""
    points = ContactPoint.objects.filter(is_active=True)
    if territory is not None:
        points = points.filter(
            insee_code__in=Commune.objects.filter(territory=territory).values("insee_code")
        )
    for term in query.split():
        points = points.filter(
            Q(name__icontains=term)
            | Q(city__icontains=term)
            | Q(postcode__startswith=term)
            | Q(site_id__iexact=term)
        )
    has_hours = WeeklyOpening.objects.filter(contact_point=OuterRef("pk"))
    return points.annotate(has_hours=Exists(has_hours)).order_by("name", "pk")
