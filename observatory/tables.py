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
from decimal import Decimal

from django.conf import settings

from observatory.models import Mode
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
NAMED, OTHERS = "named", "others"  # the table of the merchants who agreed to be named; the others together
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


class _Builder:
    """One table being summed: its cells (value, each merchant's share, distinct residents and orders); the
    margins' distinct residents and orders are the unions of their cells' at the end. Sums of euros are kept in
    cents (integers), which is both exact and fast."""

    def __init__(self, rows: Iterable = (), columns: Iterable = (), *, money: bool = True) -> None:
        self.rows, self.columns = list(rows), list(columns)
        self.money = money
        self.cells: dict[tuple, list] = {}

    def add(self, row, column, value: int, *, merchant, share=None, resident=None, order=None) -> None:
        """Adds ``value`` (cents, or a count) to a cell, and ``share`` (default: the value) to its merchant's
        share of it: an order made of two shops' parts counts once in the cell and once in each shop's share,
        which then over-states the shops' weight, never under-states it."""
        entry = self.cells.get((row, column))
        if entry is None:
            entry = self.cells[(row, column)] = [0, {}, set(), set()]
        entry[0] += value
        shares = entry[1]
        shares[merchant] = shares.get(merchant, 0) + (value if share is None else share)
        if resident is not None:
            entry[2].add(resident)
            entry[3].add(order)

    def _text(self, value: int) -> str:
        return str(Decimal(value).scaleb(-2)) if self.money else str(value)

    def cube(self, *, merchant_rules: bool = True, count_rules: bool = True, row_order=None) -> dict:
        rows = list(self.rows) + [
            r for r in dict.fromkeys(key[0] for key in self.cells) if r not in self.rows
        ]
        columns = list(self.columns) + [
            c for c in dict.fromkeys(key[1] for key in self.cells) if c not in self.columns
        ]
        rows.sort(key=row_order or _natural)
        cells = [
            [
                row,
                column,
                self._text(value),
                {str(m): self._text(v) for m, v in shares.items() if v},
                len(people),
                len(placed),
            ]
            for (row, column), (value, shares, people, placed) in self.cells.items()
        ]
        groups: dict[tuple, list] = defaultdict(list)
        for (row, column), entry in self.cells.items():
            if entry[2]:
                groups[(row, None)].append(entry)
                groups[(None, column)].append(entry)
                groups[(None, None)].append(entry)
        margins = [
            [
                row,
                column,
                len(set().union(*(e[2] for e in entries))),
                len(set().union(*(e[3] for e in entries))),
            ]
            for (row, column), entries in groups.items()
        ]
        return {
            "rows": rows,
            "columns": columns,
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


def fleet_cube(rounds: list[tuple]) -> dict:
    """The rounds' kilometres, parcels and CO2 by vehicle kind (hundredths, as for euros)."""
    factors = emission_factors()
    builder = _Builder(columns=(KM, PARCELS, CO2))
    for _day, kind, km, parcels in rounds:
        co2 = (Decimal(km) * factors.get(kind, ZERO)).quantize(Decimal("0.01"))
        builder.add(kind, KM, int(Decimal(km) * 100), merchant=kind)
        builder.add(kind, PARCELS, int(parcels) * 100, merchant=kind)
        builder.add(kind, CO2, int(co2 * 100), merchant=kind)
    return builder.cube(merchant_rules=False, count_rules=False)


def active_cube(merchants: int) -> dict:
    """How many merchants sold in the period."""
    builder = _Builder(money=False)
    builder.rows, builder.columns = ["merchants"], [COUNT]
    builder.cells[("merchants", COUNT)] = [merchants, {}, set(), set()]
    return builder.cube(merchant_rules=False, count_rules=False)


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


def named_table(cube: dict, consented: set[int]) -> Table:
    """Sectors × (the merchants that agreed to be named, the others): a named merchant's cell waives the merchants'
    rules (the residents' still hold); the others' must pass them, so the named figures never uncover a
    neighbour's by subtraction from the sector's total."""
    named = sorted(
        {merchant for _sector, merchant, *_rest in cube.get("by_merchant", []) if merchant in consented}
    )
    cells: dict = {}
    for sector, merchant, value, people, placed in cube.get("by_merchant", []):
        value = Decimal(value)
        column = merchant if merchant in consented else OTHERS
        if column == OTHERS:
            other = cells.get((sector, OTHERS), Cell(Decimal("0"), {}))
            shares = {**other.contributions, merchant: value}
            cells[(sector, OTHERS)] = Cell(
                other.value + value, shares, max(other.residents, people), max(other.orders, placed)
            )
        else:
            cells[(sector, merchant)] = Cell(value, {merchant: value}, people, placed, consented=True)
    margins = {
        (TOTAL if r is None else r, TOTAL): (people, placed)
        for r, c, people, placed in cube["margins"]
        if c is None
    }
    rows = tuple(sorted({sector for sector, _c in cells}))
    return Table(rows, (*named, OTHERS), cells, margins)
