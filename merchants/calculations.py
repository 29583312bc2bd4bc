"""When a merchant's parcel leaves the shop: the delivery round's pass, or the resident coming to collect it."""

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from django.utils import timezone

CLICK_AND_COLLECT = "click-and-collect"
HORIZON_DAYS = 14


def collection_time(
    *,
    shipping_code: str,
    placed_at: datetime,
    opening_hours: Iterable[tuple[int, time, time]],
    passes: tuple[time, ...],
    preparation_minutes: int,
) -> datetime | None:
    """The first moment, at least the preparation time after the order, when the shop is open and the parcel can
    leave it: a pass of the delivery round (home delivery, contact point), or, for click-and-collect, the
    resident's earliest visit, on a quarter hour. A shop without known hours counts as always open. None when
    nothing fits in the next two weeks."""
    earliest = timezone.localtime(placed_at) + timedelta(minutes=preparation_minutes)
    by_weekday: dict[int, list[tuple[time, time]]] = {}
    for weekday, opens, closes in opening_hours:
        by_weekday.setdefault(weekday, []).append((opens, closes))
    for offset in range(HORIZON_DAYS + 1):
        day = earliest.date() + timedelta(days=offset)
        ranges = sorted(by_weekday.get(day.weekday(), [])) if by_weekday else [(time.min, time.max)]
        if shipping_code == CLICK_AND_COLLECT:
            found = _first_visit(day=day, ranges=ranges, earliest=earliest)
        else:
            found = _first_pass(day=day, ranges=ranges, earliest=earliest, passes=passes)
        if found is not None:
            return found
    return None


def _at(day: date, moment: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, moment))


def _first_pass(*, day: date, ranges, earliest: datetime, passes: tuple[time, ...]) -> datetime | None:
    for moment in passes:
        candidate = _at(day, moment)
        if candidate >= earliest and any(opens <= moment < closes for opens, closes in ranges):
            return candidate
    return None


def _first_visit(*, day: date, ranges, earliest: datetime) -> datetime | None:
    for opens, closes in ranges:
        candidate = max(_at(day, opens), earliest)
        late = candidate.minute % 15 or candidate.second or candidate.microsecond
        if late:
            candidate = candidate.replace(second=0, microsecond=0) + timedelta(
                minutes=15 - candidate.minute % 15
            )
        if candidate < _at(day, closes):
            return candidate
    return None
