"""The two CSV formats of contact points' opening hours, read into a plan of what to write: ours (one row per
point and weekday or date: identifiant;jour;plage_1;plage_2;motif) and La Poste's per-day export (one row per
point and calendar date: identifiant;date_calendrier;plage_horaire_1;…, its weekly pattern deduced); each bad
row is kept with its reason in French."""

import csv
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.csv_text import CSV_ENCODINGS
from core.hours import END_OF_DAY, WEEKDAY_NAMES, Range, day_ranges_normalised
from pickup.hours import LABEL_MAX_LENGTH


class _RowError(Exception):
    pass


OURS = "comptoir"
LAPOSTE = "laposte"
_ID_COLUMNS = ("identifiant", "identifiant_du_site", "identifiant_a")
_CLOSED_WORDS = {"ferme", "fermee", "fermeture"}
_RANGE = re.compile(r"^(\d{1,2})[:hH](\d{2})\s*[-–]\s*(\d{1,2})[:hH](\d{2})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$")
_FRENCH_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


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
class HoursPlan:
    """What a file asks: weekly ranges and dated exceptions to set (or clear) by point id, and its bad rows."""

    format: str
    weekly: dict[int, dict[int, tuple[Range, ...]]] = field(default_factory=dict)
    weekly_replaces_all: bool = True
    exceptions_set: dict[int, dict[date, tuple[tuple[Range, ...], str]]] = field(default_factory=dict)
    exceptions_clear: dict[int, set[date]] = field(default_factory=dict)
    rows: int = 0
    rejected_rows: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)


def _read_plan(path: Path, *, encoding: str, known: dict[str, int]) -> HoursPlan:
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
            plan = HoursPlan(format=OURS)
            day_column = columns.index("jour")
            range_pattern = re.compile(r"^plage_(\d+)$")
        elif id_column is not None and "date_calendrier" in columns:
            plan = HoursPlan(format=LAPOSTE, weekly_replaces_all=False)
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


def hours_file_read(*, path: Path | str, known: dict[str, int]) -> HoursPlan:
    """The plan of an hours file in either format (its encoding guessed), ``known`` mapping the site ids of the
    contact points to their ids; raises ValidationError when the file cannot be read at all."""
    for encoding in CSV_ENCODINGS:
        try:
            return _read_plan(Path(path), encoding=encoding, known=known)
        except UnicodeDecodeError:
            continue
        except csv.Error as error:
            raise ValidationError(_("Fichier CSV illisible : %(error)s.") % {"error": error}) from None
