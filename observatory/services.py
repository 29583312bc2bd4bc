"""Keeping the observatory's facts and rollups up to date, and the merchants' consent to be named.

``rollups_refresh`` is incremental: the shop's feed (OBSERVATORY_FEED) hands over every order and round that
changed since the last refresh (placed, refunded, cancelled, delivered, paid out), their facts are replaced, and the
tables of every period they touch (the day, its week, its month, its year) are computed again from the facts. A
period never computed (an old day nobody asked for) is computed when it is first read. Run by Celery beat every few
minutes, on demand from the observatory's page, and by ``manage.py observatory_refresh``."""

import logging
import time
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import BigIntegerField, F, Min
from django.db.models.functions import Cast, Round
from django.utils import timezone

from core.wiring import wired
from observatory.cubes import cubes_build
from observatory.facts import FeedBatch
from observatory.models import Fact, NamedConsent, RefreshState, Rollup, RoundFact
from observatory.periods import DAY, KINDS, MONTH, WEEK, YEAR, Period
from observatory.secrecy import secrecy_apply
from observatory.tables import (
    DECIMAL_TABLES,
    FACT_FIELDS,
    NAMED,
    ROUND_FIELDS,
    cube_table,
    named_table,
    published_json,
)
from territory.models import Territory
from territory.tenancy import territory_activate

logger = logging.getLogger(__name__)

BATCH = 2000


@dataclass(frozen=True)
class RefreshReport:
    orders: int
    rounds: int
    periods: int
    seconds: float
    skipped: bool = False


def rollups_refresh(
    *, territory_id: int, full: bool = False, every_day: bool = False, now: datetime | None = None
) -> RefreshReport:
    """Brings the territory's facts and rollups up to date (``full``: from every order ever placed; its days are
    then computed when first read, or now with ``every_day``). A refresh already running for the territory makes
    this one a no-op (``skipped``): it will have seen the same changes."""
    started = time.perf_counter()
    now = now or timezone.now()
    territory = Territory.objects.get(pk=territory_id)
    with territory_activate(territory):
        RefreshState.objects.get_or_create(territory=territory)
        with transaction.atomic():
            state = (
                RefreshState.objects.select_for_update(skip_locked=True).filter(territory=territory).first()
            )
            if state is None:
                return RefreshReport(0, 0, 0, 0.0, skipped=True)
            # An order placed, refunded or delivered in a transaction that commits after the last refresh read past
            # it is caught by this one, which reads again a little further back (OBSERVATORY_REFRESH_OVERLAP_SECONDS).
            overlap = timedelta(seconds=settings.OBSERVATORY_REFRESH_OVERLAP_SECONDS)
            since = None if full or state.watermark is None else state.watermark - overlap
            orders = rounds = 0
            days: set[date] = set()
            for batch in wired(setting="OBSERVATORY_FEED")(since=since, until=now):
                days |= _batch_replace(batch, territory=territory)
                orders += len(batch.order_ids)
                rounds += len(batch.round_ids)
            if full:
                _statistics_refresh()  # every fact written anew: the planner's statistics are stale
                kinds = (DAY, WEEK, MONTH, YEAR) if every_day else (WEEK, MONTH, YEAR)
                periods = _periods_with_facts(territory=territory, kinds=kinds)
                Rollup.objects.filter(territory=territory, kind=DAY).delete()  # computed again when read
                days_touched = {
                    Period(DAY, day) for day in days if day >= timezone.localdate() - timedelta(days=7)
                }
                periods |= days_touched
            else:
                periods = {Period.containing(kind, day) for day in days for kind in KINDS}
            rollups_compute(periods=sorted(periods), territory=territory)
            state.watermark = now
            state.refreshed_at = timezone.now()
            state.last_seconds = round(time.perf_counter() - started, 3)
            state.save()
    report = RefreshReport(orders, rounds, len(periods), round(time.perf_counter() - started, 3))
    logger.info("Observatory of %s refreshed: %s", territory.slug, report)
    return report


def _statistics_refresh() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Fact._meta.db_table}, {RoundFact._meta.db_table}")


def _batch_replace(batch: FeedBatch, *, territory: Territory) -> set[date]:
    """Replaces the facts of the batch's orders and rounds; the days they fall (or fell) on."""
    days: set[date] = set()
    if batch.order_ids:
        days |= _rows_replace(Fact, "order_id", batch.order_ids, batch.facts, territory=territory)
    if batch.round_ids:
        days |= _rows_replace(RoundFact, "round_id", batch.round_ids, batch.rounds, territory=territory)
    return days


def _rows_replace(model, key: str, ids: list[int], rows: list, *, territory: Territory) -> set[date]:
    old = model.objects.filter(territory=territory, **{f"{key}__in": ids})
    days = set(old.values_list("day", flat=True).distinct())
    old.delete()
    model.objects.bulk_create([model(territory=territory, **row.__dict__) for row in rows], batch_size=BATCH)
    return days | {row.day for row in rows}


def _periods_with_facts(*, territory: Territory, kinds: Iterable[str]) -> set[Period]:
    days = set(Fact.objects.filter(territory=territory).values_list("day", flat=True).distinct())
    days |= set(RoundFact.objects.filter(territory=territory).values_list("day", flat=True).distinct())
    return {Period.containing(kind, day) for day in days for kind in kinds}


def first_days(*, territory: Territory) -> dict[str, date]:
    """Each resident's first day with an order kept in the territory."""
    rows = (
        Fact.objects.filter(territory=territory, revenue__gt=0).values("resident").annotate(first=Min("day"))
    )
    return {row["resident"]: row["first"] for row in rows.order_by()}


# Euros read as whole cents, rounded by the database (exact on PostgreSQL, and on SQLite's floating numbers too).
CENTS_OF = ("revenue", "refunded", "paid", "commission")
CENTS = {f"{name}_cents": Cast(Round(F(name) * 100), BigIntegerField()) for name in CENTS_OF}


DAY_AT, ROUND_DAY_AT = FACT_FIELDS.index("day"), ROUND_FIELDS.index("day")


def _rows(query) -> list[tuple]:
    """A query's rows as the database driver gives them: the facts' columns are integers, dates and text, which
    need none of Django's per-row converters (a year is a quarter of a million rows)."""
    if connection.vendor != "postgresql":
        return list(query)
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _period_facts(periods: list[Period], *, territory: Territory):
    """Each period with its facts and rounds (ordered by day, then order or round). Periods starting in the same
    year share one read of the database, sliced by day: a day, its week, month and year read once, not four
    times."""
    by_year: dict[int, list[Period]] = {}
    for period in periods:
        by_year.setdefault(period.start.year, []).append(period)
    for group in by_year.values():
        start, end = min(p.start for p in group), max(p.end for p in group)
        facts = _rows(
            Fact.objects.filter(territory=territory, day__gte=start, day__lt=end)
            .annotate(**CENTS)
            .order_by("day", "order_id", "merchant_id")
            .values_list(*(f"{name}_cents" if name in CENTS_OF else name for name in FACT_FIELDS))
        )
        rounds = list(
            RoundFact.objects.filter(territory=territory, day__gte=start, day__lt=end)
            .order_by("day", "round_id")
            .values_list(*ROUND_FIELDS)
        )
        fact_days = [row[DAY_AT] for row in facts]
        round_days = [row[ROUND_DAY_AT] for row in rounds]
        for period in group:
            yield (
                period,
                facts[bisect_left(fact_days, period.start) : bisect_left(fact_days, period.end)],
                rounds[bisect_left(round_days, period.start) : bisect_left(round_days, period.end)],
            )
        del facts, rounds, fact_days, round_days


def rollups_compute(
    *, periods: list[Period], territory: Territory, firsts: dict | None = None
) -> list[Rollup]:
    """Computes (again) every table of each period from the facts, secrecy applied, in the active territory."""
    firsts = first_days(territory=territory) if firsts is None and periods else (firsts or {})
    consented = named_merchant_ids(territory=territory) if periods else set()
    computed = []
    for period, facts, rounds in _period_facts(periods, territory=territory):
        cubes = cubes_build(facts=facts, rounds=rounds, first_days=firsts, start=period.start)
        stamp = timezone.now()
        rows = [
            Rollup(
                territory=territory,
                kind=period.kind,
                start=period.start,
                table=code,
                cube=cube,
                published=published_json(secrecy_apply(table=cube_table(cube, money=code in DECIMAL_TABLES))),
                computed_at=stamp,
            )
            for code, cube in cubes.items()
        ]
        sales = next(row for row in rows if row.table == "sales")
        rows.append(_named_row(sales=sales, consented=consented, stamp=stamp))
        with transaction.atomic():
            Rollup.objects.filter(territory=territory, kind=period.kind, start=period.start).delete()
            # One row per INSERT: a multi-row insert sends the cubes as arrays of JSON text, which psycopg quotes
            # in Python, several times slower than a statement per row for such large values.
            computed += Rollup.objects.bulk_create(rows, batch_size=1)
    return computed


def _named_row(*, sales: Rollup, consented: set[int], stamp: datetime) -> Rollup:
    """The table of the merchants who agreed to be named, for the consents given now (kept in its cube)."""
    published = secrecy_apply(table=named_table(sales.cube, consented))
    return Rollup(
        territory=sales.territory,
        kind=sales.kind,
        start=sales.start,
        table=NAMED,
        cube={"consented": sorted(consented)},
        published=published_json(published),
        computed_at=stamp,
    )


def named_rollup(*, rollups: dict[str, Rollup], consented: set[int]) -> Rollup:
    """The period's named table for the consents given now: as computed with its other tables, or computed again
    (and kept) when a merchant has given or withdrawn their consent since."""
    stored = rollups.get(NAMED)
    if stored is not None and stored.cube.get("consented") == sorted(consented):
        return stored
    sales = rollups["sales"]
    fresh = _named_row(sales=sales, consented=consented, stamp=timezone.now())
    Rollup.objects.update_or_create(
        territory=sales.territory,
        kind=sales.kind,
        start=sales.start,
        table=NAMED,
        defaults={"cube": fresh.cube, "published": fresh.published, "computed_at": fresh.computed_at},
    )
    rollups[NAMED] = fresh
    return fresh


def rollups_for(*, territory: Territory, period: Period) -> dict[str, Rollup]:
    """The period's tables in the territory, computed now if they never were."""
    # The pages read the published tables; a cube (every merchant's share of every cell) is loaded only if asked.
    found = {
        rollup.table: rollup
        for rollup in Rollup.objects.filter(territory=territory, kind=period.kind, start=period.start).defer(
            "cube"
        )
    }
    if found:
        return found
    with territory_activate(territory):
        return {rollup.table: rollup for rollup in rollups_compute(periods=[period], territory=territory)}


def named_consent_give(*, territory: Territory, merchant_id: int, user) -> NamedConsent:
    """The merchant agrees to be shown by name: the observatory's "named" table shows them from now on."""
    consent, _created = NamedConsent.objects.get_or_create(
        territory=territory, merchant_id=merchant_id, defaults={"agreed_by": user}
    )
    return consent


def named_consent_withdraw(*, territory: Territory, merchant_id: int) -> bool:
    deleted, _ = NamedConsent.objects.filter(territory=territory, merchant_id=merchant_id).delete()
    return bool(deleted)


def named_merchant_ids(*, territory: Territory) -> set[int]:
    return set(NamedConsent.objects.filter(territory=territory).values_list("merchant_id", flat=True))
