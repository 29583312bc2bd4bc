"""Reads about contact points: nearest search, opening calendar, parcels.

Placeholder implementations: the nearest search here is a brute-force scan, replaced by the spatial index
(pickup/index.py); the opening calendar by pickup/hours.py."""

from dataclasses import dataclass
from datetime import date

from geographiclib.geodesic import Geodesic

from pickup.models import ContactPoint

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
    """Active points nearest first, with their geodesic distance in metres on the WGS-84 ellipsoid.

    ``types`` filters on La Poste's type label or on the category (bureau, agence, relais, autre)."""
    points = ContactPoint.objects.filter(is_active=True)
    if types:
        points = points.filter(models_q_types(types))
    if open_on is not None:
        points = points.filter(pk__in=open_point_ids_on(day=open_on, point_ids=None))
    found = []
    for point in points:
        distance = Geodesic.WGS84.Inverse(latitude, longitude, point.latitude, point.longitude, Geodesic.DISTANCE)[
            "s12"
        ]
        if max_distance_m is None or distance <= max_distance_m:
            found.append(NearestPoint(point=point, distance_m=distance))
    found.sort(key=lambda item: (item.distance_m, item.point.pk))
    return found[:limit]


def models_q_types(types: list[str]):
    from django.db.models import Q

    query = Q()
    for value in types:
        query |= Q(category=value) | Q(type__iexact=value)
    return query


def open_point_ids_on(*, day: date, point_ids: list[int] | None) -> set[int]:
    """Ids of the points (among ``point_ids``, or all) open at some time on ``day``."""
    raise NotImplementedError("pickup/hours.py provides the opening calendar")
