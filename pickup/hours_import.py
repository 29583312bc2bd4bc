"""Opening hours of contact points from a CSV file (either format of pickup.hours_csv): valid rows are
written, bad ones reported with their reason in French."""

from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from pickup.hours import exception_fields
from pickup.hours_csv import HoursPlan, hours_file_read
from pickup.models import ContactPoint, OpeningException, WeeklyOpening
from pickup.services import index_bump


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


_BATCH = 500


def _apply(plan: HoursPlan, report: HoursImportReport) -> None:
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


def _apply_weekly(plan: HoursPlan, point_ids: list[int], report: HoursImportReport) -> None:
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


def _apply_exceptions(plan: HoursPlan, point_ids: list[int], report: HoursImportReport) -> None:
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
            **exception_fields(list(ranges)),
        )
        for point_id in point_ids
        for day, (ranges, label) in sorted(plan.exceptions_set.get(point_id, {}).items())
    ]
    OpeningException.objects.bulk_create(new, batch_size=1000)
    report.exceptions_written += len(new)


def opening_hours_import(*, path: Path | str) -> HoursImportReport:
    """Imports hours from our CSV or La Poste's per-day export; valid rows are written, bad ones reported."""
    known = dict(ContactPoint.objects.values_list("site_id", "pk"))
    plan = hours_file_read(path=path, known=known)
    report = HoursImportReport(
        format=plan.format, rows=plan.rows, rejected_rows=plan.rejected_rows, rejected=plan.rejected
    )
    _apply(plan, report)
    return report
