"""The opening calendar of contact points: weekly hours, dated exceptions, and their CSV import.

A day's hours are the exception of that date when there is one (a closed day has no range), else the weekly
ranges of its weekday. Every write bumps the nearest index, which caches openness."""

import csv
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.csv_text import CSV_ENCODINGS
from pickup.models import ContactPoint, OpeningException, WeeklyOpening
from pickup.services import index_bump

PARIS = ZoneInfo("Europe/Paris")
WEEKDAY_CHOICES = WeeklyOpening._meta.get_field("weekday").choices
WEEKDAY_NAMES = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MAX_RANGES_PER_DAY = 2
UPCOMING_DAYS = 14
LABEL_MAX_LENGTH = OpeningException._meta.get_field("label").max_length
# "24:00" closes a range at midnight; a time column cannot hold 24:00.
END_OF_DAY = time.max

Range = tuple[time, time]


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


def opening_ranges_on(*, point: ContactPoint, day: date) -> list[Range]:
    """The point's opening ranges on ``day``, sorted: its exception of that date if any, else its weekly hours."""
    exception = _exception_on(point, day)
    if exception is not None:
        return exception_ranges(exception=exception)
    if _is_prefetched(point, "weekly_openings"):
        openings = [item for item in point.weekly_openings.all() if item.weekday == day.weekday()]
    else:
        openings = point.weekly_openings.filter(weekday=day.weekday())
    return sorted((item.opens_at, item.closes_at) for item in openings)


def contact_point_is_open_on(*, point: ContactPoint, day: date) -> bool:
    """Whether the point opens at some time on ``day``."""
    return bool(opening_ranges_on(point=point, day=day))


def contact_point_is_open_at(*, point: ContactPoint, moment: datetime) -> bool:
    """Whether the point is open at ``moment`` (aware; read in Europe/Paris, a naive one is taken as Paris time)."""
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, PARIS)
    local = timezone.localtime(moment, PARIS)
    clock = local.time()
    return any(opens <= clock < closes for opens, closes in opening_ranges_on(point=point, day=local.date()))


def contact_point_is_open_now(*, point: ContactPoint) -> bool:
    """Whether the point is open right now."""
    return contact_point_is_open_at(point=point, moment=timezone.now())


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


def format_range(opening_range: Range) -> str:
    """``09:00-12:00``; a range closing at midnight ends at ``24:00``."""
    opens, closes = opening_range
    return f"{_format_time(opens)}-{_format_time(closes)}"


def _format_time(value: time) -> str:
    return "24:00" if value == END_OF_DAY else value.strftime("%H:%M")


def weekly_hours_display(*, point: ContactPoint) -> list[tuple[str, list[Range]]]:
    """(weekday label, sorted ranges) for the seven days, Monday first; a closed day has no range."""
    by_day: dict[int, list[Range]] = {weekday: [] for weekday, _label in WEEKDAY_CHOICES}
    for opening in point.weekly_openings.all():
        by_day[opening.weekday].append((opening.opens_at, opening.closes_at))
    return [(str(label), sorted(by_day[weekday])) for weekday, label in WEEKDAY_CHOICES]


def opening_hours_summary(*, point: ContactPoint, today: date) -> dict:
    """The point's hours as JSON-ready data for an API.

    ``{"weekly": {"lundi": ["09:00-12:00", "14:00-17:30"], ..., "dimanche": []},
    "exceptions": [{"date": "2025-05-01", "closed": true, "ranges": [], "label": "Fête du travail"}]}``:
    ``weekly`` has the seven French day names, Monday first, ``[]`` for a closed day; ``exceptions`` lists, by
    date, the dated exceptions from ``today`` to ``today`` + 13 days (``closed`` true and no range for a closure,
    else the ranges of that day). Reads ``weekly_openings`` and ``opening_exceptions`` through ``.all()``, so a
    prefetched point costs no query."""
    weekly = {name: [] for name in WEEKDAY_NAMES}
    for opening in sorted(point.weekly_openings.all(), key=lambda item: (item.weekday, item.opens_at)):
        weekly[WEEKDAY_NAMES[opening.weekday]].append(format_range((opening.opens_at, opening.closes_at)))
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
                "ranges": [format_range(item) for item in ranges],
                "label": exception.label,
            }
        )
    return {"weekly": weekly, "exceptions": exceptions}


# Writes


def weekday_label(weekday: int) -> str:
    """The weekday's name in the active language, Monday being 0."""
    return str(dict(WEEKDAY_CHOICES)[weekday])


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
                % {"day": day_label, "range": format_range((opens, closes))}
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
                    "first": format_range(merged[-1]),
                    "second": format_range((opens, closes)),
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


def _exception_fields(ranges: list[Range]) -> dict:
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
            defaults={"is_closed": is_closed, "label": label, **_exception_fields(clean)},
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


# CSV import


@dataclass
class HoursImportReport:
    """What an import of opening hours did, and each refused line with its reason in French."""

    format: str = ""
    rows: int = 0
    points: int = 0
    weekly_ranges: int = 0
    exceptions_written: int = 0
    exceptions_removed: int = 0
    rejected_rows: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)


class _RowError(Exception):
    pass


OURS = "comptoir"
LAPOSTE = "laposte"
_ID_COLUMNS = ("identifiant", "identifiant_du_site", "identifiant_a")
_CLOSED_WORDS = {"ferme", "fermee", "fermeture"}
_RANGE = re.compile(r"^(\d{1,2})[:hH](\d{2})\s*[-–]\s*(\d{1,2})[:hH](\d{2})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$")
_FRENCH_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_BATCH = 500


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode("ascii")
    return text.strip().lower()


def _column_key(text: str) -> str:
    return re.sub(r"\s+", "_", _plain(text.replace("\ufeff", "").lstrip("#")))


def _parse_time(hours: str, minutes: str, *, closing: bool) -> time:
    if closing and (int(hours), int(minutes)) == (24, 0):
        return END_OF_DAY
    return time(int(hours), int(minutes))


def _parse_range(text: str) -> Range:
    match = _RANGE.match(text.strip())
    if match is None:
        raise _RowError(_("plage « %(value)s » illisible : attendu HH:MM-HH:MM ou FERME") % {"value": text})
    try:
        return (
            _parse_time(match[1], match[2], closing=False),
            _parse_time(match[3], match[4], closing=True),
        )
    except ValueError:
        raise _RowError(_("plage « %(value)s » : heure impossible") % {"value": text}) from None


def _parse_date(text: str) -> date | None:
    text = text.strip()
    iso = _ISO_DATE.match(text)
    french = _FRENCH_DATE.match(text)
    try:
        if iso:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        if french:
            return date(int(french[3]), int(french[2]), int(french[1]))
    except ValueError:
        return None
    return None


def _day_ranges(cells: Sequence[str], *, day_text: str, empty_is_closed: bool) -> tuple[Range, ...]:
    """The ranges of one CSV day (``()`` when closed), normalised; raises _RowError with the reason."""
    filled = [cell.strip() for cell in cells if cell and cell.strip()]
    if not filled:
        if empty_is_closed:
            return ()
        raise _RowError(_("aucune plage : indiquez HH:MM-HH:MM, ou FERME pour un jour de fermeture"))
    if any(_plain(cell) in _CLOSED_WORDS for cell in filled):
        if len(filled) > 1:
            raise _RowError(_("FERME ne se combine pas avec une plage horaire"))
        return ()
    ranges = [_parse_range(cell) for cell in filled]
    try:
        return tuple(day_ranges_normalised(ranges=ranges, day_label=day_text))
    except ValidationError as error:
        raise _RowError(error.messages[0]) from None


@dataclass
class _Plan:
    format: str
    weekly: dict[int, dict[int, tuple[Range, ...]]] = field(default_factory=dict)
    weekly_replaces_all: bool = True
    exceptions_set: dict[int, dict[date, tuple[tuple[Range, ...], str]]] = field(default_factory=dict)
    exceptions_clear: dict[int, set[date]] = field(default_factory=dict)
    rows: int = 0
    rejected_rows: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)


def _read_plan(path: Path, *, encoding: str, known: dict[str, int]) -> _Plan:
    with open(path, encoding=encoding, newline="") as handle:
        first_line = handle.readline()
        delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
        handle.seek(0)
        reader = csv.reader(handle, delimiter=delimiter)
        header = next(reader, None)
        if not header:
            raise ValidationError(_("Le fichier est vide."))
        columns = [_column_key(cell) for cell in header]
        id_column = next((columns.index(name) for name in _ID_COLUMNS if name in columns), None)
        if id_column is not None and "jour" in columns:
            plan = _Plan(format=OURS)
            day_column = columns.index("jour")
            range_pattern = re.compile(r"^plage_(\d+)$")
        elif id_column is not None and "date_calendrier" in columns:
            plan = _Plan(format=LAPOSTE, weekly_replaces_all=False)
            day_column = columns.index("date_calendrier")
            range_pattern = re.compile(r"^plage_horaire_(\d+)$")
        else:
            raise ValidationError(
                _(
                    "En-tête non reconnu : attendu « identifiant;jour;plage_1;plage_2 » ou l'export La Poste "
                    "« identifiant;date_calendrier;plage_horaire_1;… »."
                )
            )
        numbered = [(range_pattern.match(name), index) for index, name in enumerate(columns)]
        range_columns = [index for _n, index in sorted((int(m[1]), index) for m, index in numbered if m)]
        label_column = columns.index("motif") if plan.format == OURS and "motif" in columns else None
        reader_rows = ((reader.line_num, row) for row in reader)
        if plan.format == OURS:
            _plan_ours(plan, reader_rows, known, id_column, day_column, range_columns, label_column)
        else:
            _plan_laposte(plan, reader_rows, known, id_column, day_column, range_columns)
    plan.rejected.sort()
    return plan


def _cell(row: list[str], index: int | None) -> str:
    return row[index].strip() if index is not None and index < len(row) else ""


class _UnknownIds:
    """Unknown site ids, reported once each at their first line with how many lines named them."""

    def __init__(self):
        self.seen: dict[str, list[int]] = {}

    def add(self, site_id: str, line: int) -> None:
        entry = self.seen.setdefault(site_id, [line, 0])
        entry[1] += 1

    @property
    def rows(self) -> int:
        return sum(count for _line, count in self.seen.values())

    def report(self) -> list[tuple[int, str]]:
        return [
            (
                line,
                _("point de contact inconnu « %(id)s » (%(count)s ligne(s) ignorée(s))")
                % {"id": site_id, "count": count},
            )
            for site_id, (line, count) in self.seen.items()
        ]


def _plan_ours(plan, rows, known, id_column, day_column, range_columns, label_column) -> None:
    unknown = _UnknownIds()
    weekly_lines: dict[int, dict[int, tuple[int, tuple[Range, ...]]]] = defaultdict(dict)
    broken_weeks: set[int] = set()
    exception_lines: dict[int, dict[date, int]] = defaultdict(dict)
    for line, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        plan.rows += 1
        site_id = _cell(row, id_column)
        point_id = known.get(site_id)
        if not site_id:
            plan.rejected.append((line, _("identifiant manquant")))
            continue
        if point_id is None:
            unknown.add(site_id, line)
            continue
        day_text = _cell(row, day_column)
        weekday = WEEKDAY_NAMES.index(_plain(day_text)) if _plain(day_text) in WEEKDAY_NAMES else None
        day = _parse_date(day_text) if weekday is None else None
        try:
            if weekday is None and day is None:
                raise _RowError(
                    _("jour « %(value)s » : attendu un nom de jour (lundi … dimanche) ou une date AAAA-MM-JJ")
                    % {"value": day_text}
                )
            cells = [_cell(row, index) for index in range_columns]
            ranges = _day_ranges(cells, day_text=day_text, empty_is_closed=False)
            label = _cell(row, label_column)
            if len(label) > LABEL_MAX_LENGTH:
                raise _RowError(_("motif trop long (%(max)s caractères au plus)") % {"max": LABEL_MAX_LENGTH})
            if weekday is not None:
                if weekday in weekly_lines[point_id]:
                    raise _RowError(
                        _("%(day)s déjà donné ligne %(line)s pour ce point")
                        % {"day": WEEKDAY_NAMES[weekday], "line": weekly_lines[point_id][weekday][0]}
                    )
                weekly_lines[point_id][weekday] = (line, ranges)
            else:
                if day in exception_lines[point_id]:
                    raise _RowError(
                        _("date déjà donnée ligne %(line)s pour ce point")
                        % {"line": exception_lines[point_id][day]}
                    )
                exception_lines[point_id][day] = line
                plan.exceptions_set.setdefault(point_id, {})[day] = (ranges, label)
        except _RowError as error:
            reason = str(error)
            # A row whose day cannot be read may have been meant for the week: keep the week as it was.
            if day is None:
                broken_weeks.add(point_id)
                reason = _("%(reason)s ; les horaires hebdomadaires de ce point restent inchangés") % {
                    "reason": reason
                }
            plan.rejected.append((line, reason))
    for point_id, days in weekly_lines.items():
        if point_id not in broken_weeks:
            plan.weekly[point_id] = {weekday: ranges for weekday, (_line, ranges) in days.items()}
    plan.rejected_rows = len(plan.rejected) + unknown.rows
    plan.rejected.extend(unknown.report())


def _plan_laposte(plan, rows, known, id_column, day_column, range_columns) -> None:
    unknown = _UnknownIds()
    days_by_point: dict[int, dict[date, tuple[Range, ...]]] = defaultdict(dict)
    parsed: dict[tuple[str, ...], tuple[Range, ...] | str] = {}
    for line, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        plan.rows += 1
        site_id = _cell(row, id_column)
        point_id = known.get(site_id)
        if not site_id:
            plan.rejected.append((line, _("identifiant manquant")))
            continue
        if point_id is None:
            unknown.add(site_id, line)
            continue
        day_text = _cell(row, day_column)
        day = _parse_date(day_text)
        if day is None:
            plan.rejected.append(
                (
                    line,
                    _("date_calendrier « %(value)s » : attendu AAAA-MM-JJ ou JJ/MM/AAAA")
                    % {"value": day_text},
                )
            )
            continue
        cells = tuple(_cell(row, index) for index in range_columns)
        if cells not in parsed:
            try:
                parsed[cells] = _day_ranges(cells, day_text=day_text, empty_is_closed=True)
            except _RowError as error:
                parsed[cells] = str(error)
        ranges = parsed[cells]
        if isinstance(ranges, str):
            plan.rejected.append((line, ranges))
            continue
        if day in days_by_point[point_id]:
            plan.rejected.append(
                (line, _("date %(day)s déjà donnée pour ce point") % {"day": day.isoformat()})
            )
            continue
        days_by_point[point_id][day] = ranges
    for point_id, days in days_by_point.items():
        counts: dict[int, Counter] = defaultdict(Counter)
        for day, ranges in days.items():
            counts[day.weekday()][ranges] += 1
        pattern = {
            weekday: max(counter.items(), key=lambda item: (item[1], _open_minutes(item[0]), item[0]))[0]
            for weekday, counter in counts.items()
        }
        plan.weekly[point_id] = pattern
        for day, ranges in days.items():
            if ranges == pattern[day.weekday()]:
                plan.exceptions_clear.setdefault(point_id, set()).add(day)
            else:
                plan.exceptions_set.setdefault(point_id, {})[day] = (ranges, "")
    plan.rejected_rows = len(plan.rejected) + unknown.rows
    plan.rejected.extend(unknown.report())


def _open_minutes(ranges: tuple[Range, ...]) -> int:
    return sum(
        (closes.hour * 60 + closes.minute) - (opens.hour * 60 + opens.minute) for opens, closes in ranges
    )


def _apply(plan: _Plan, report: HoursImportReport) -> None:
    point_ids = sorted(set(plan.weekly) | set(plan.exceptions_set) | set(plan.exceptions_clear))
    with transaction.atomic():
        for start in range(0, len(point_ids), _BATCH):
            batch = point_ids[start : start + _BATCH]
            _apply_weekly(plan, [pk for pk in batch if pk in plan.weekly], report)
            _apply_exceptions(
                plan, [pk for pk in batch if pk in plan.exceptions_set or pk in plan.exceptions_clear], report
            )
        if point_ids:
            index_bump()
    report.points = len(point_ids)


def _apply_weekly(plan: _Plan, point_ids: list[int], report: HoursImportReport) -> None:
    if not point_ids:
        return
    kept: list[WeeklyOpening] = []
    if not plan.weekly_replaces_all:
        for opening in WeeklyOpening.objects.filter(contact_point_id__in=point_ids):
            if opening.weekday not in plan.weekly[opening.contact_point_id]:
                kept.append(
                    WeeklyOpening(
                        contact_point_id=opening.contact_point_id,
                        weekday=opening.weekday,
                        opens_at=opening.opens_at,
                        closes_at=opening.closes_at,
                    )
                )
    new = [
        WeeklyOpening(contact_point_id=point_id, weekday=weekday, opens_at=opens, closes_at=closes)
        for point_id in point_ids
        for weekday, ranges in plan.weekly[point_id].items()
        for opens, closes in ranges
    ]
    WeeklyOpening.objects.filter(contact_point_id__in=point_ids).delete()
    WeeklyOpening.objects.bulk_create(kept + new, batch_size=1000)
    report.weekly_ranges += len(new)


def _apply_exceptions(plan: _Plan, point_ids: list[int], report: HoursImportReport) -> None:
    if not point_ids:
        return
    touched = {
        point_id: set(plan.exceptions_set.get(point_id, {})) | plan.exceptions_clear.get(point_id, set())
        for point_id in point_ids
    }
    all_days = set().union(*touched.values())
    existing = OpeningException.objects.filter(
        contact_point_id__in=point_ids, date__gte=min(all_days), date__lte=max(all_days)
    ).values_list("pk", "contact_point_id", "date")
    doomed = []
    for pk, point_id, day in existing:
        if day in touched[point_id]:
            doomed.append(pk)
            if day not in plan.exceptions_set.get(point_id, {}):
                report.exceptions_removed += 1
    for start in range(0, len(doomed), _BATCH):
        OpeningException.objects.filter(pk__in=doomed[start : start + _BATCH]).delete()
    new = [
        OpeningException(
            contact_point_id=point_id,
            date=day,
            is_closed=not ranges,
            label=label,
            **_exception_fields(list(ranges)),
        )
        for point_id in point_ids
        for day, (ranges, label) in sorted(plan.exceptions_set.get(point_id, {}).items())
    ]
    OpeningException.objects.bulk_create(new, batch_size=1000)
    report.exceptions_written += len(new)


def opening_hours_import(*, path: Path | str) -> HoursImportReport:
    """Imports hours from our CSV or La Poste's per-day export; valid rows are written, bad ones reported."""
    known = dict(ContactPoint.objects.values_list("site_id", "pk"))
    for encoding in CSV_ENCODINGS:
        try:
            plan = _read_plan(Path(path), encoding=encoding, known=known)
            break
        except UnicodeDecodeError:
            continue
        except csv.Error as error:
            raise ValidationError(_("Fichier CSV illisible : %(error)s.") % {"error": error}) from None
    report = HoursImportReport(
        format=plan.format, rows=plan.rows, rejected_rows=plan.rejected_rows, rejected=plan.rejected
    )
    _apply(plan, report)
    return report
