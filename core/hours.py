"""Opening hours as plain data, whoever keeps them (a shop's OpeningHours, a contact point's WeeklyOpening and
OpeningException): a week of ranges by weekday, dated exceptions that replace a day's ranges, whether that is
open at a moment, the next opening, a day's ranges checked, and the week as text.

A range is (opens, closes), its end excluded; END_OF_DAY closes a range at midnight and reads « 24:00 »."""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

PARIS = ZoneInfo("Europe/Paris")
# A time column cannot hold 24:00.
END_OF_DAY = time.max
MAX_RANGES_PER_DAY = 2
# The days as files and the API spell them, Monday first.
WEEKDAY_NAMES = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
# The weekdays as model and form choices, Monday = 0 as in ``date.weekday()``.
WEEKDAY_CHOICES = [
    (0, gettext_lazy("lundi")),
    (1, gettext_lazy("mardi")),
    (2, gettext_lazy("mercredi")),
    (3, gettext_lazy("jeudi")),
    (4, gettext_lazy("vendredi")),
    (5, gettext_lazy("samedi")),
    (6, gettext_lazy("dimanche")),
]
DAY_ABBREVIATIONS = (
    gettext_lazy("lun."),
    gettext_lazy("mar."),
    gettext_lazy("mer."),
    gettext_lazy("jeu."),
    gettext_lazy("ven."),
    gettext_lazy("sam."),
    gettext_lazy("dim."),
)

Range = tuple[time, time]


@dataclass(frozen=True)
class OpeningCalendar:
    """Ranges by weekday (0 is Monday; a weekday left out is closed) and dated exceptions: a date's ranges
    replace its weekday's, none meaning closed that day."""

    weekly: Mapping[int, Sequence[Range]]
    exceptions: Mapping[date, Sequence[Range]] = field(default_factory=dict)


ALWAYS_OPEN = OpeningCalendar(weekly={weekday: ((time.min, time.max),) for weekday in range(7)})


def week_from_ranges(ranges: Iterable[tuple[int, time, time]]) -> dict[int, list[Range]]:
    """(weekday, opens, closes) triples as the sorted ranges of each weekday that has one."""
    week: dict[int, list[Range]] = {}
    for weekday, opens, closes in ranges:
        week.setdefault(weekday, []).append((opens, closes))
    return {weekday: sorted(day) for weekday, day in week.items()}


def week_days(weekly: Mapping[int, Sequence[Range]]) -> list[tuple[int, list[Range]]]:
    """The seven days, Monday first, each with its sorted ranges (none on a closed day)."""
    return [(weekday, sorted(weekly.get(weekday, ()))) for weekday in range(7)]


# Reads


def paris_time(moment: datetime) -> datetime:
    """The moment in Europe/Paris; a naive one is taken as Paris time."""
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, PARIS)
    return timezone.localtime(moment, PARIS)


def calendar_ranges_on(*, calendar: OpeningCalendar, day: date) -> list[Range]:
    """The day's ranges, sorted: its exception's if it has one, else its weekday's."""
    if day in calendar.exceptions:
        return sorted(calendar.exceptions[day])
    return sorted(calendar.weekly.get(day.weekday(), ()))


def ranges_hold(*, ranges: Iterable[Range], clock: time) -> bool:
    """Whether a time of day falls in one of the ranges."""
    return any(opens <= clock < closes for opens, closes in ranges)


def calendar_is_open_at(*, calendar: OpeningCalendar, moment: datetime) -> bool:
    """Whether it is open at ``moment``, read in Europe/Paris."""
    local = paris_time(moment)
    return ranges_hold(ranges=calendar_ranges_on(calendar=calendar, day=local.date()), clock=local.time())


def _at(day: date, clock: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, clock), PARIS)


def _round_up(moment: datetime, minutes: int) -> datetime:
    if moment.minute % minutes or moment.second or moment.microsecond:
        return moment.replace(second=0, microsecond=0) + timedelta(minutes=minutes - moment.minute % minutes)
    return moment


def calendar_next_opening(
    *, calendar: OpeningCalendar, after: datetime, horizon_days: int, step_minutes: int = 0
) -> datetime | None:
    """The first moment from ``after`` on when it is open, on a multiple of ``step_minutes`` past the hour when
    given (a visit on the quarter hour); None when nothing opens by the ``horizon_days``-th day after."""
    after = paris_time(after)
    for offset in range(horizon_days + 1):
        day = after.date() + timedelta(days=offset)
        for opens, closes in calendar_ranges_on(calendar=calendar, day=day):
            candidate = max(_at(day, opens), after)
            if step_minutes:
                candidate = _round_up(candidate, step_minutes)
            if candidate < _at(day, closes):
                return candidate
    return None


def calendar_next_open_time(
    *, calendar: OpeningCalendar, after: datetime, times: Sequence[time], horizon_days: int
) -> datetime | None:
    """The first of the given times of day, from ``after`` on, at which it is open (a delivery round's pass at
    a shop); None when none fits by the ``horizon_days``-th day after."""
    after = paris_time(after)
    for offset in range(horizon_days + 1):
        day = after.date() + timedelta(days=offset)
        ranges = calendar_ranges_on(calendar=calendar, day=day)
        for clock in times:
            candidate = _at(day, clock)
            if candidate >= after and ranges_hold(ranges=ranges, clock=clock):
                return candidate
    return None


# Checks


def day_ranges_normalised(*, ranges: Iterable[Sequence[time | None]], day_label: str) -> list[Range]:
    """Sorted ranges with touching ones merged; refuses (French message) a bad range, an overlap, more than two."""
    checked: list[Range] = []
    for opening_range in ranges:
        opens, closes = opening_range
        if opens is None or closes is None:
            raise ValidationError(
                _("%(day)s : chaque plage a une heure d'ouverture et une heure de fermeture.")
                % {"day": day_label}
            )
        if opens >= closes:
            raise ValidationError(
                _("%(day)s : la plage %(range)s doit fermer après son ouverture.")
                % {"day": day_label, "range": range_text((opens, closes))}
            )
        checked.append((opens, closes))
    checked.sort()
    merged: list[Range] = []
    for opens, closes in checked:
        if merged and opens < merged[-1][1]:
            raise ValidationError(
                _("%(day)s : les plages %(first)s et %(second)s se chevauchent.")
                % {
                    "day": day_label,
                    "first": range_text(merged[-1]),
                    "second": range_text((opens, closes)),
                }
            )
        if merged and opens == merged[-1][1]:
            merged[-1] = (merged[-1][0], closes)
        else:
            merged.append((opens, closes))
    if len(merged) > MAX_RANGES_PER_DAY:
        raise ValidationError(
            _("%(day)s : au plus deux plages horaires par jour (%(count)s données).")
            % {"day": day_label, "count": len(merged)}
        )
    return merged


# Text


def time_text(value: time) -> str:
    """``09:00``; the end of the day is ``24:00``."""
    return "24:00" if value == END_OF_DAY else value.strftime("%H:%M")


def range_text(opening_range: Range, *, dash: str = "-") -> str:
    """``09:00-12:00``; a range closing at midnight ends at ``24:00``."""
    opens, closes = opening_range
    return f"{time_text(opens)}{dash}{time_text(closes)}"


def week_summary(weekly: Mapping[int, Sequence[Range]]) -> str:
    """The week in one line, in the active language, consecutive days with the same hours grouped:
    « lun.–ven. 09:00–12:00, 14:00–17:00 ; sam. 09:00–12:00 »; empty for a week without hours."""
    groups: list[tuple[int, int, str]] = []
    for weekday, ranges in week_days(weekly):
        text = ", ".join(range_text(item, dash="–") for item in ranges)
        if groups and groups[-1][2] == text and groups[-1][1] == weekday - 1:
            groups[-1] = (groups[-1][0], weekday, text)
        else:
            groups.append((weekday, weekday, text))
    parts = []
    for first, last, text in groups:
        if not text:
            continue
        days = (
            str(DAY_ABBREVIATIONS[first])
            if first == last
            else f"{DAY_ABBREVIATIONS[first]}–{DAY_ABBREVIATIONS[last]}"
        )
        parts.append(f"{days} {text}")
    return " ; ".join(parts)
