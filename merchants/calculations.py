"""When a merchant's parcel leaves the shop: the delivery round's pass, or the resident coming to collect it."""

from collections.abc import Iterable
from datetime import datetime, time, timedelta

from django.utils import timezone

from core.hours import (
    ALWAYS_OPEN,
    OpeningCalendar,
    calendar_next_open_time,
    calendar_next_opening,
    week_from_ranges,
)

CLICK_AND_COLLECT = "click-and-collect"
HORIZON_DAYS = 14
VISIT_STEP_MINUTES = 15


def collection_time(
    *,
    shipping_code: str,
    placed_at: datetime,
    opening_hours: Iterable[tuple[int, time, time]],
    passes: tuple[time, ...],
    preparation_minutes: int,
    not_before: datetime | None = None,
) -> datetime | None:
    """The first moment, at least the preparation time after the order, when the shop is open and the parcel can
    leave it: a pass of the delivery round (home delivery, contact point), or, for click-and-collect, the
    resident's earliest visit, on a quarter hour. A shop without known hours counts as always open. None when
    nothing fits in the next two weeks. ``not_before``: no earlier than that (the day of a booked delivery slot)."""
    earliest = timezone.localtime(placed_at) + timedelta(minutes=preparation_minutes)
    if not_before is not None:
        earliest = max(earliest, timezone.localtime(not_before))
    week = week_from_ranges(opening_hours)
    calendar = OpeningCalendar(weekly=week) if week else ALWAYS_OPEN
    if shipping_code == CLICK_AND_COLLECT:
        return calendar_next_opening(
            calendar=calendar, after=earliest, horizon_days=HORIZON_DAYS, step_minutes=VISIT_STEP_MINUTES
        )
    return calendar_next_open_time(calendar=calendar, after=earliest, times=passes, horizon_days=HORIZON_DAYS)
