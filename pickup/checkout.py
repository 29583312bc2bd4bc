"""The contact point at checkout: the choices offered, and what the order keeps of the one chosen."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from core.hours import week_summary
from pickup.hours import contact_point_week
from pickup.models import ContactPoint, OrderPickup
from pickup.selectors import (
    NearestPoint,
    contact_point_ids_in_area,
    contact_points_nearest,
    pickup_area_for,
)
from territory.selectors import territory_current

CHOICES = 5


def first_pickup_day(*, today: date | None = None) -> date:
    """The first day a parcel ordered today can be collected: the next day that is not a Sunday."""
    day = (today or timezone.localdate()) + timedelta(days=1)
    return day + timedelta(days=1) if day.weekday() == 6 else day


@dataclass(frozen=True)
class PickupChoices:
    """The points offered around an address; none, and ``outside_area`` set, when the address lies outside the
    territory's area (its communes, or the distance its municipality set)."""

    points: list[NearestPoint]
    outside_area: bool = False
    area_name: str = ""


def pickup_choices(
    *, latitude: float, longitude: float, postcode: str = "", today: date | None = None
) -> PickupChoices:
    """The five nearest points of the territory's area open on the first day the parcel can be collected,
    hours prefetched; nothing for an address outside the area. Without a territory, the nearest anywhere."""
    from django.db.models import prefetch_related_objects

    territory = territory_current()
    among = None
    if territory is not None:
        area = pickup_area_for(territory=territory)
        if not area.covers(latitude=latitude, longitude=longitude, postcode=postcode):
            return PickupChoices(points=[], outside_area=True, area_name=area.name)
        among = contact_point_ids_in_area(area=area)
    points = contact_points_nearest(
        latitude=latitude,
        longitude=longitude,
        limit=CHOICES,
        open_on=first_pickup_day(today=today),
        among=among,
    )
    prefetch_related_objects([choice.point for choice in points], "weekly_openings")
    return PickupChoices(points=points, area_name=territory.name if territory else "")


def pickup_point_offered(*, point_id: int) -> ContactPoint | None:
    """The active point of this id if checkout may offer it (it lies in the territory's area), else None."""
    point = ContactPoint.objects.filter(pk=point_id, is_active=True).first()
    territory = territory_current()
    if point is None or territory is None:
        return point
    area = pickup_area_for(territory=territory)
    return (
        point
        if area.holds(insee_code=point.insee_code, latitude=point.latitude, longitude=point.longitude)
        else None
    )


def opening_hours_text(*, point: ContactPoint) -> str:
    """The weekly hours in one line, consecutive days with the same hours grouped (core.hours.week_summary):
    « lun.–ven. 09:00–12:00, 14:00–17:00 ; sam. 09:00–12:00 »."""
    return week_summary(contact_point_week(point=point))


@transaction.atomic
def order_pickup_create(*, order, contact_point: ContactPoint, distance_m: float | None) -> OrderPickup:
    """Records the chosen point with a copy of its name and address, so the order reads right after the
    point changes or closes; and announces the parcel to the point."""
    from pickup.services import parcel_create_for_order

    pickup, _created = OrderPickup.objects.get_or_create(
        order=order,
        defaults={
            "contact_point": contact_point,
            "point_name": contact_point.name,
            "point_type": contact_point.type,
            "point_address": ", ".join(
                part
                for part in [contact_point.address, contact_point.address_complement, contact_point.locality]
                if part
            ),
            "point_postcode": contact_point.postcode,
            "point_city": contact_point.city,
            "distance_m": round(distance_m) if distance_m is not None else None,
        },
    )
    parcel_create_for_order(order=order, contact_point=contact_point)
    return pickup
