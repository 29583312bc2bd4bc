"""The contact point at checkout: the choices offered, and what the order keeps of the one chosen."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from pickup.models import ContactPoint, OrderPickup
from pickup.selectors import NearestPoint, contact_points_nearest

CHOICES = 5


def first_pickup_day(*, today: date | None = None) -> date:
    """The first day a parcel ordered today can be collected: the next day that is not a Sunday."""
    day = (today or timezone.localdate()) + timedelta(days=1)
    return day + timedelta(days=1) if day.weekday() == 6 else day


def pickup_choices(*, latitude: float, longitude: float, today: date | None = None) -> list[NearestPoint]:
    """The five nearest points open on the first day the parcel can be collected, hours prefetched."""
    from django.db.models import prefetch_related_objects

    choices = contact_points_nearest(
        latitude=latitude, longitude=longitude, limit=CHOICES, open_on=first_pickup_day(today=today)
    )
    prefetch_related_objects([choice.point for choice in choices], "weekly_openings")
    return choices


DAY_ABBREVIATIONS = ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."]


def opening_hours_text(*, point: ContactPoint) -> str:
    """The weekly hours in one line, consecutive days with the same hours grouped:
    « lun.–ven. 09:00–12:00, 14:00–17:00 ; sam. 09:00–12:00 »."""
    by_day: dict[int, list[str]] = {day: [] for day in range(7)}
    for opening in point.weekly_openings.all():
        by_day[opening.weekday].append(f"{opening.opens_at:%H:%M}–{opening.closes_at:%H:%M}")
    groups: list[tuple[int, int, str]] = []
    for day in range(7):
        text = ", ".join(by_day[day])
        if groups and groups[-1][2] == text and groups[-1][1] == day - 1:
            groups[-1] = (groups[-1][0], day, text)
        else:
            groups.append((day, day, text))
    parts = []
    for first, last, text in groups:
        if not text:
            continue
        days = (
            DAY_ABBREVIATIONS[first]
            if first == last
            else f"{DAY_ABBREVIATIONS[first]}–{DAY_ABBREVIATIONS[last]}"
        )
        parts.append(f"{days} {text}")
    return " ; ".join(parts)


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
