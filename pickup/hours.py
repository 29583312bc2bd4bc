"""The opening calendar of contact points: their weekly hours and dated exceptions, read (a day's ranges, open or
not, the API's summary) and written. The logic over the hours themselves is core.hours; the CSV import is
pickup.hours_import.

A day's hours are the exception of that date when there is one (a closed day has no range), else the weekly
ranges of its weekday. Every write bumps the nearest index, which caches openness."""

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.hours import (
    WEEKDAY_NAMES,
    OpeningCalendar,
    Range,
    calendar_is_open_at,
    calendar_ranges_on,
    day_ranges_normalised,
    paris_time,
    range_text,
    week_days,
    week_from_ranges,
)
from pickup.models import ContactPoint, OpeningException, WeeklyOpening
from pickup.services import index_bump

WEEKDAY_CHOICES = WeeklyOpening._meta.get_field("weekday").choices
UPCOMING_DAYS = 14
LABEL_MAX_LENGTH = OpeningException._meta.get_field("label").max_length


# Reads


def _is_prefetched(point: ContactPoint, relation: str) -> bool:
    return relation in getattr(point, "_prefetched_objects_cache", {})


def exception_ranges(*, exception: OpeningException) -> list[Range]:
    """The ranges of an exception's day, sorted; none when it is a closure."""
    if exception.is_closed:
        return []
    pairs = [
        (exception.opens_at, exception.closes_at),
        (exception.second_opens_at, exception.second_closes_at),
    ]
    return sorted((opens, closes) for opens, closes in pairs if opens is not None and closes is not None)


def _exception_on(point: ContactPoint, day: date) -> OpeningException | None:
    if _is_prefetched(point, "opening_exceptions"):
        return next((item for item in point.opening_exceptions.all() if item.date == day), None)
    return point.opening_exceptions.filter(date=day).first()


def _calendar_of_day(point: ContactPoint, day: date) -> OpeningCalendar:
    """The part of the point's calendar that decides ``day``: its exception of that date, else the weekly
    hours of its weekday (not read when an exception decides)."""
    exception = _exception_on(point, day)
    if exception is not None:
        return OpeningCalendar(weekly={}, exceptions={day: exception_ranges(exception=exception)})
    if _is_prefetched(point, "weekly_openings"):
        openings = [item for item in point.weekly_openings.all() if item.weekday == day.weekday()]
    else:
        openings = point.weekly_openings.filter(weekday=day.weekday())
    return OpeningCalendar(weekly={day.weekday(): [(item.opens_at, item.closes_at) for item in openings]})


def opening_ranges_on(*, point: ContactPoint, day: date) -> list[Range]:
    """The point's opening ranges on ``day``, sorted: its exception of that date if any, else its weekly hours."""
    return calendar_ranges_on(calendar=_calendar_of_day(point, day), day=day)


def contact_point_is_open_on(*, point: ContactPoint, day: date) -> bool:
    """Whether the point opens at some time on ``day``."""
    return bool(opening_ranges_on(point=point, day=day))


def contact_point_is_open_at(*, point: ContactPoint, moment: datetime) -> bool:
    """Whether the point is open at ``moment`` (aware; read in Europe/Paris, a naive one is taken as Paris time)."""
    local = paris_time(moment)
    return calendar_is_open_at(calendar=_calendar_of_day(point, local.date()), moment=local)


def contact_point_is_open_now(*, point: ContactPoint) -> bool:
    """Whether the point is open right now."""
    return contact_point_is_open_at(point=point, moment=timezone.now())


def contact_point_last_open_by(*, point: ContactPoint, moment: datetime) -> datetime | None:
    """The last moment on or before ``moment`` at which the point is open: ``moment`` itself when it is open
    then, else the closing of its last opening range before it (a parcel kept « until Sunday 10:00 » can be
    collected until Saturday's closing); None when it opens on none of the ``UPCOMING_DAYS`` days before."""
    local = paris_time(moment)
    for offset in range(UPCOMING_DAYS + 1):
        day = local.date() - timedelta(days=offset)
        for opens, closes in reversed(opening_ranges_on(point=point, day=day)):
            starts = timezone.make_aware(datetime.combine(day, opens), local.tzinfo)
            ends = timezone.make_aware(datetime.combine(day, closes), local.tzinfo)
            if starts <= local < ends:
                return local
            if ends <= local:
                return ends
    return None


# Past this many ids, filtering in Python beats a long IN (...) that SQLite may refuse.
_IN_CLAUSE_LIMIT = 500


def open_point_ids_on(*, day: date, point_ids: list[int] | None) -> set[int]:
    """Ids of the points (among ``point_ids``, or all) open at some time on ``day``; two queries at most."""
    if point_ids is not None and not point_ids:
        return set()
    wanted = set(point_ids) if point_ids is not None else None
    weekly = WeeklyOpening.objects.filter(weekday=day.weekday())
    exceptions = OpeningException.objects.filter(date=day)
    if wanted is not None and len(wanted) <= _IN_CLAUSE_LIMIT:
        weekly = weekly.filter(contact_point_id__in=wanted)
        exceptions = exceptions.filter(contact_point_id__in=wanted)
    open_ids = set(weekly.order_by().values_list("contact_point_id", flat=True).distinct())
    for point_id, is_closed, opens, closes, second_opens, second_closes in exceptions.order_by().values_list(
        "contact_point_id", "is_closed", "opens_at", "closes_at", "second_opens_at", "second_closes_at"
    ):
        has_range = (opens is not None and closes is not None) or (
            second_opens is not None and second_closes is not None
        )
        if is_closed or not has_range:
            open_ids.discard(point_id)
        else:
            open_ids.add(point_id)
    return open_ids if wanted is None else open_ids & wanted


def contact_point_week(*, point: ContactPoint) -> dict[int, list[Range]]:
    """The point's weekly hours as sorted ranges by weekday (core.hours' shape), read through ``.all()``."""
    return week_from_ranges(
        (opening.weekday, opening.opens_at, opening.closes_at) for opening in point.weekly_openings.all()
    )


def weekly_hours_display(*, point: ContactPoint) -> list[tuple[str, list[Range]]]:
    """(weekday label, sorted ranges) for the seven days, Monday first; a closed day has no range."""
    labels = dict(WEEKDAY_CHOICES)
    return [(str(labels[weekday]), ranges) for weekday, ranges in week_days(contact_point_week(point=point))]


def opening_hours_summary(*, point: ContactPoint, today: date) -> dict:
    """The point's hours as JSON-ready data for an API.

    ``{"weekly": {"lundi": ["09:00-12:00", "14:00-17:30"], ..., "dimanche": []},
    "exceptions": [{"date": "2025-05-01", "closed": true, "ranges": [], "label": "Fête du travail"}]}``:
    ``weekly`` has the seven French day names, Monday first, ``[]`` for a closed day; ``exceptions`` lists, by
    date, the dated exceptions from ``today`` to ``today`` + 13 days (``closed`` true and no range for a closure,
    else the ranges of that day). Reads ``weekly_openings`` and ``opening_exceptions`` through ``.all()``, so a
    prefetched point costs no query."""
    weekly = {
        WEEKDAY_NAMES[weekday]: [range_text(item) for item in ranges]
        for weekday, ranges in week_days(contact_point_week(point=point))
    }
    last_day = today + timedelta(days=UPCOMING_DAYS - 1)
    if _is_prefetched(point, "opening_exceptions"):
        candidates = point.opening_exceptions.all()
    else:
        candidates = point.opening_exceptions.filter(date__gte=today, date__lte=last_day)
    upcoming = sorted((item for item in candidates if today <= item.date <= last_day), key=lambda e: e.date)
    exceptions = []
    for exception in upcoming:
        ranges = exception_ranges(exception=exception)
        exceptions.append(
            {
                "date": exception.date.isoformat(),
                "closed": not ranges,
                "ranges": [range_text(item) for item in ranges],
                "label": exception.label,
            }
        )
    return {"weekly": weekly, "exceptions": exceptions}


# Writes


def weekday_label(weekday: int) -> str:
    """The weekday's name in the active language, Monday being 0."""
    return str(dict(WEEKDAY_CHOICES)[weekday])


def contact_point_set_weekly_hours(*, point: ContactPoint, ranges_by_weekday: dict[int, list[Range]]) -> None:
    """Replaces the point's weekly hours (a weekday left out is closed), all or nothing."""
    errors: list[str] = []
    clean: dict[int, list[Range]] = {}
    for weekday, ranges in sorted(ranges_by_weekday.items()):
        if weekday not in dict(WEEKDAY_CHOICES):
            errors.append(_("Jour de la semaine inconnu : %(day)s.") % {"day": weekday})
            continue
        try:
            clean[weekday] = day_ranges_normalised(
                ranges=ranges, day_label=weekday_label(weekday).capitalize()
            )
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        WeeklyOpening.objects.filter(contact_point=point).delete()
        WeeklyOpening.objects.bulk_create(
            WeeklyOpening(contact_point=point, weekday=weekday, opens_at=opens, closes_at=closes)
            for weekday, ranges in clean.items()
            for opens, closes in ranges
        )
        index_bump()


def exception_fields(ranges: list[Range]) -> dict:
    """An exception's one or two ranges as OpeningException's fields."""
    padded = [*ranges, (None, None), (None, None)]
    return {
        "opens_at": padded[0][0],
        "closes_at": padded[0][1],
        "second_opens_at": padded[1][0],
        "second_closes_at": padded[1][1],
    }


def contact_point_set_exception(
    *, point: ContactPoint, day: date, is_closed: bool, ranges: Sequence[Range] = (), label: str = ""
) -> OpeningException:
    """Records the point's hours on ``day`` (closed, or one or two ranges), replacing any exception of that date."""
    label = (label or "").strip()
    day_label = date_format(day, "SHORT_DATE_FORMAT")
    if len(label) > LABEL_MAX_LENGTH:
        raise ValidationError(_("Le motif tient en %(max)s caractères au plus.") % {"max": LABEL_MAX_LENGTH})
    if is_closed and ranges:
        raise ValidationError(
            _(
                "%(day)s : une journée fermée n'a pas de plage horaire ; videz les plages ou décochez « fermé »."
            )
            % {"day": day_label}
        )
    clean = [] if is_closed else day_ranges_normalised(ranges=ranges, day_label=day_label)
    if not is_closed and not clean:
        raise ValidationError(
            _("%(day)s : indiquez au moins une plage horaire, ou fermez la journée.") % {"day": day_label}
        )
    with transaction.atomic():
        exception, _created = OpeningException.objects.update_or_create(
            contact_point=point,
            date=day,
            defaults={"is_closed": is_closed, "label": label, **exception_fields(clean)},
        )
        index_bump()
    return exception


def contact_point_delete_exception(*, point: ContactPoint, day: date) -> bool:
    """Removes the point's exception of ``day``, if any; tells whether there was one."""
    with transaction.atomic():
        deleted, _detail = OpeningException.objects.filter(contact_point=point, date=day).delete()
        if deleted:
            index_bump()
    return bool(deleted)
