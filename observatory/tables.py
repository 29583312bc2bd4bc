"""The observatory's tables, built from one period's facts: each a two-way table of one measure whose cells know
their value, each merchant's share of it and the distinct residents and orders behind it (a "cube"), ready for
statistical secrecy. Every measure is additive along both dimensions (an order has one commune, one delivery mode,
one hour; a sum of euros or of parcels adds up), so published totals are the sums of their cells.

Tables (code: rows × columns, measure):
    sales      sector × delivery mode, sales kept (VAT included, refunds taken off)
    communes   resident's commune × delivery mode, sales kept
    orders     resident's commune × delivery mode, orders
    residents  resident's commune × new or returning, residents who ordered
    hours      weekday × hour of the day, orders
    points     contact point × parcels, orders collected at a point
    delivery   delivery mode × on time, late or failed, shops' parts delivered
    payouts    sector × paid out or commission kept, euros
    fleet      vehicle kind × km, parcels and kg of CO2 (the platform's own rounds: no one to protect)
    active     merchants who sold × count (the shops are public: no one to protect)
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings

from observatory.models import Mode, Outcome
from observatory.secrecy import TOTAL, Cell, PublishedTable, Table

FACT_FIELDS = (
    "order_id",
    "merchant_id",
    "sector",
    "day",
    "hour",
    "weekday",
    "commune_id",
    "mode",
    "contact_point_id",
    "resident",
    "revenue",
    "refunded",
    "paid",
    "commission",
    "outcome",
)
ROUND_FIELDS = ("day", "vehicle_kind", "km", "parcels")
OUTSIDE = "outside"  # the commune of an address outside the catchment area
HOUR_BANDS = ((0, 8), (8, 10), (10, 12), (12, 14), (14, 16), (16, 18), (18, 20), (20, 24))
MODES = (Mode.HOME.value, Mode.POINT.value, Mode.SHOP.value)
NEW, RETURNING = "new", "returning"
PAID, COMMISSION = "paid", "commission"
KM, PARCELS, CO2 = "km", "parcels", "co2"
COUNT = "count"
ZERO = Decimal("0")

TABLES = (
    "sales",
    "communes",
    "orders",
    "residents",
    "hours",
    "points",
    "delivery",
    "payouts",
    "fleet",
    "active",
)
DECIMAL_TABLES = {"sales", "communes", "payouts", "fleet"}  # the others count


def hour_band(hour: int) -> str:
    for start, end in HOUR_BANDS:
        if start <= hour < end:
            return f"{start}-{end}"
    return f"{HOUR_BANDS[-1][0]}-24"


@dataclass
class _Entry:
    value: Decimal | int
    contributions: dict
    residents: set
    orders: set


class _Builder:
    """One table being summed: its cells, and the distinct residents and orders of every margin."""

    def __init__(self, rows: Iterable = (), columns: Iterable = (), *, money: bool = True) -> None:
        self.rows, self.columns = list(rows), list(columns)
        self.zero = ZERO if money else 0
        self.cells: dict[tuple, _Entry] = {}
        self.margins: dict[tuple, tuple[set, set]] = defaultdict(lambda: (set(), set()))

    def add(self, row, column, value, *, merchant, share=None, resident=None, order=None) -> None:
        """Adds ``value`` to a cell, and ``share`` (default: the value) to its merchant's share of it: an order
        made of two shops' parts counts once in the cell and once in each shop's share, which then over-states
        the shops' weight, never under-states it."""
        if row not in self.rows:
            self.rows.append(row)
        if column not in self.columns:
            self.columns.append(column)
        entry = self.cells.get((row, column))
        if entry is None:
            entry = self.cells[(row, column)] = _Entry(self.zero, {}, set(), set())
        entry.value += value
        entry.contributions[merchant] = entry.contributions.get(merchant, self.zero) + (
            value if share is None else share
        )
        if resident is not None:
            for key in ((row, column), (row, None), (None, column), (None, None)):
                residents, orders = self.margins[key]
                residents.add(resident)
                orders.add(order)

    def cube(self, *, merchant_rules: bool = True, count_rules: bool = True, row_order=None) -> dict:
        rows = sorted(self.rows, key=row_order or _natural)
        cells = []
        for (row, column), entry in self.cells.items():
            residents, orders = self.margins.get((row, column), (set(), set()))
            contributions = {str(m): str(v) for m, v in entry.contributions.items() if v}
            cells.append([row, column, str(entry.value), contributions, len(residents), len(orders)])
        margins = [
            [row, column, len(residents), len(orders)]
            for (row, column), (residents, orders) in self.margins.items()
            if row is None or column is None
        ]
        return {
            "rows": rows,
            "columns": self.columns,
            "cells": sorted(cells, key=lambda cell: (str(cell[0]), str(cell[1]))),
            "margins": sorted(margins, key=lambda m: (str(m[0]), str(m[1]))),
            "merchant_rules": merchant_rules,
            "count_rules": count_rules,
        }


def _natural(key):
    return (key is None, isinstance(key, str), key if not isinstance(key, str) else key.casefold())


def emission_factors() -> dict[str, Decimal]:
    return {
        kind: Decimal(str(spec["kg_per_km"])) for kind, spec in settings.OBSERVATORY_EMISSION_FACTORS.items()
    }


def cubes_build(*, facts: list[tuple], rounds: list[tuple], first_days: dict[str, date], start: date) -> dict:
    """Every table's cube for the period of ``facts`` (FACT_FIELDS tuples) and ``rounds`` (ROUND_FIELDS tuples);
    ``first_days``: each resident's first day with an order kept, to tell new residents from returning ones."""
    sales = _Builder(columns=MODES)
    communes = _Builder(columns=MODES)
    orders = _Builder(columns=MODES, money=False)
    residents = _Builder(columns=(NEW, RETURNING), money=False)
    hours = _Builder(range(7), [hour_band(start) for start, _end in HOUR_BANDS], money=False)
    points = _Builder(columns=(PARCELS,), money=False)
    delivery = _Builder((Mode.HOME.value, Mode.POINT.value), [o.value for o in Outcome], money=False)
    payouts = _Builder(columns=(PAID, COMMISSION))
    by_merchant: dict[tuple, list] = {}
    orders_seen: set[int] = set()
    latest: dict[str, tuple] = {}  # resident → (day, order, commune, merchant) of their latest kept order
    merchants_selling: set[int] = set()
    for fact in facts:
        (order, merchant, sector, day, hour, weekday, commune, mode, point, resident, revenue, _refunded, paid,
         commission, outcome) = fact  # fmt: skip
        commune = OUTSIDE if commune is None else commune
        kept = revenue > 0
        if kept:
            merchants_selling.add(merchant)
            sales.add(sector, mode, revenue, merchant=merchant, resident=resident, order=order)
            communes.add(commune, mode, revenue, merchant=merchant, resident=resident, order=order)
            entry = by_merchant.setdefault((sector, merchant), [ZERO, set(), set()])
            entry[0] += revenue
            entry[1].add(resident)
            entry[2].add(order)
            first = order not in orders_seen
            orders_seen.add(order)
            # An order counts once in a cell; a second shop's part of it adds its merchant, not a second order.
            once = {"merchant": merchant, "share": 1, "resident": resident, "order": order}
            orders.add(commune, mode, 1 if first else 0, **once)
            hours.add(weekday, hour_band(hour), 1 if first else 0, **once)
            if mode == Mode.POINT and point is not None:
                points.add(point, PARCELS, 1 if first else 0, **once)
            if (day, order) >= latest.get(resident, (date.min, -1))[:2]:
                latest[resident] = (day, order, commune)
        if outcome and mode in (Mode.HOME, Mode.POINT):
            delivery.add(mode, outcome, 1, merchant=merchant, resident=resident, order=order)
        if paid or commission:
            payouts.add(sector, PAID, paid, merchant=merchant, resident=resident, order=order)
            payouts.add(sector, COMMISSION, commission, merchant=merchant, resident=resident, order=order)
    _residents_add(residents, facts=facts, latest=latest, first_days=first_days, start=start)
    cubes = {
        "sales": sales.cube(),
        "communes": communes.cube(),
        "orders": orders.cube(),
        "residents": residents.cube(),
        "hours": hours.cube(row_order=int),
        "points": points.cube(),
        "delivery": delivery.cube(),
        "payouts": payouts.cube(),
        "fleet": _fleet(rounds).cube(merchant_rules=False, count_rules=False),
        "active": _active(merchants_selling).cube(merchant_rules=False, count_rules=False),
    }
    cubes["sales"]["by_merchant"] = [
        [sector, merchant, str(value), len(people), len(placed)]
        for (sector, merchant), (value, people, placed) in sorted(
            by_merchant.items(), key=lambda i: str(i[0])
        )
    ]
    return cubes


def _residents_add(builder: _Builder, *, facts, latest, first_days, start) -> None:
    """Each resident once, in the commune of their latest order of the period, new when their first order ever
    falls in it; each merchant they bought from counts them (a merchant's share of the cell's residents)."""
    bought_from: dict[str, set] = defaultdict(set)
    for fact in facts:
        if fact[10] > 0:
            bought_from[fact[9]].add(fact[1])
    for resident, (_day, order, commune) in latest.items():
        column = NEW if first_days.get(resident, start) >= start else RETURNING
        for index, merchant in enumerate(sorted(bought_from[resident])):
            builder.add(
                commune,
                column,
                1 if index == 0 else 0,
                merchant=merchant,
                share=1,
                resident=resident,
                order=order,
            )


def _fleet(rounds: list[tuple]) -> _Builder:
    factors = emission_factors()
    builder = _Builder(columns=(KM, PARCELS, CO2))
    for _day, kind, km, parcels in rounds:
        builder.add(kind, KM, Decimal(km), merchant=kind)
        builder.add(kind, PARCELS, Decimal(parcels), merchant=kind)
        builder.add(
            kind, CO2, (Decimal(km) * factors.get(kind, ZERO)).quantize(Decimal("0.01")), merchant=kind
        )
    return builder


def _active(merchants: set[int]) -> _Builder:
    builder = _Builder(money=False)
    builder.rows, builder.columns = ["merchants"], [COUNT]
    builder.cells[("merchants", COUNT)] = _Entry(len(merchants), {}, set(), set())
    return builder


def _number(value: str | int, money: bool):
    return Decimal(value) if money else int(Decimal(value))


def cube_table(cube: dict, *, money: bool) -> Table:
    """The secrecy layer's table for a cube."""
    margin_counts = {
        (TOTAL if row is None else row, TOTAL if column is None else column): (people, placed)
        for row, column, people, placed in cube["margins"]
    }
    cells = {
        (row, column): Cell(
            _number(value, money),
            {merchant: _number(share, money) for merchant, share in contributions.items()},
            people,
            placed,
        )
        for row, column, value, contributions, people, placed in cube["cells"]
    }
    return Table(
        tuple(cube["rows"]),
        tuple(cube["columns"]),
        cells,
        margin_counts,
        merchant_rules=cube["merchant_rules"],
        count_rules=cube["count_rules"],
    )


def published_json(published: PublishedTable) -> dict:
    def key(label):
        return None if label is TOTAL else label

    return {
        "rows": list(published.rows),
        "columns": list(published.columns),
        "cells": [
            [key(row), key(column), None if cell.value is None else str(cell.value), cell.code]
            for (row, column), cell in published.cells.items()
        ],
    }
