"""Reads about contact points: nearest search, opening calendar, parcels.

The nearest search answers from the spatial index of pickup/index.py; the opening calendar comes from
pickup/hours.py."""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from pickup.hours import open_point_ids_on
from pickup.index import current_index
from pickup.models import ContactPoint, CounterAgent, Parcel, WeeklyOpening
from shop.models import Commune, Territory

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
) -> list[NearestPoint]:
    """Active points nearest first (ties by pk), with their exact geodesic distance in metres on WGS-84.

    ``types`` filters on La Poste's type label or on the category (bureau, agence, relais, autre), any case.
    Answered from this process's spatial index (pickup/index.py), then one query loads the points found."""
    neighbours = current_index().nearest(
        latitude=latitude,
        longitude=longitude,
        limit=limit,
        types=types,
        accept=None if open_on is None else _open_on(open_on),
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


def models_q_types(types: list[str]):
    from django.db.models import Q

    query = Q()
    for value in types:
        query |= Q(category=value) | Q(type__iexact=value)
    return query


# The counter pages.


def counter_agent_for(user: AbstractBaseUser | AnonymousUser) -> CounterAgent | None:
    """The user's counter-agent post with its point, or None."""
    if not user.is_authenticated:
        return None
    return CounterAgent.objects.select_related("contact_point").filter(user=user).first()


def _with_parts(parcels: QuerySet[Parcel]) -> QuerySet[Parcel]:
    """Loads each parcel's shops' parts (Parcel.parts, Parcel.parts_missing) in two more queries in all."""
    from merchants.models import Fulfilment

    return parcels.prefetch_related(
        Prefetch("order__fulfilments", queryset=Fulfilment.objects.select_related("merchant"))
    )


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
