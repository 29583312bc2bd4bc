"""The tables of one period computed from its facts with numpy: a year is a few hundred thousand facts, and each
table's sums and distinct counts are a handful of sorts and group sums in C. See observatory/tables.py for what
each table is; the output is its cube (the input of statistical secrecy)."""

from datetime import date
from decimal import Decimal

import numpy as np

from observatory.models import Mode, Outcome
from observatory.tables import (
    COMMISSION,
    HOUR_BANDS,
    MODES,
    NEW,
    OUTSIDE,
    PAID,
    PARCELS,
    RETURNING,
    _natural,
    active_cube,
    fleet_cube,
    hour_band,
)

BANDS = [hour_band(start) for start, _end in HOUR_BANDS]


def _codes(values) -> tuple[np.ndarray, list]:
    """Each value's index among the distinct values (in order of first appearance), and those values."""
    values = list(values)
    labels = list(dict.fromkeys(values))
    index = {value: code for code, value in enumerate(labels)}
    return np.fromiter(map(index.__getitem__, values), dtype=np.int64, count=len(values)), labels


def _unique(keys: np.ndarray, *, counts: bool = False):
    """The distinct keys, sorted (and how many times each occurs): a sort, faster here than numpy's hashing."""
    ordered = np.sort(keys)
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]]) if ordered.size else ordered
    if not counts:
        return ordered[starts]
    return ordered[starts], np.diff(np.r_[starts, ordered.size])


def _group(keys: np.ndarray, weights: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The distinct keys and, for each, the sum of its weights (or how many times it occurs)."""
    if keys.size == 0:
        return keys, keys
    if weights is None:
        return _unique(keys, counts=True)
    order = np.argsort(keys)
    sorted_keys = keys[order]
    starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
    return sorted_keys[starts], np.add.reduceat(weights[order], starts)


def _distinct_per(groups: np.ndarray, members: np.ndarray) -> dict[int, int]:
    """How many distinct members each group has."""
    if groups.size == 0:
        return {}
    width = int(members.max()) + 1
    pairs = _unique(groups * width + members)
    found, counts = _unique(pairs // width, counts=True)
    return dict(zip(found.tolist(), counts.tolist(), strict=True))


class _Facts:
    """The period's facts as columns of integer codes; money in cents."""

    def __init__(self, facts: list[tuple]) -> None:
        columns = list(zip(*facts, strict=True)) if facts else [()] * 15
        (order, merchant, sector, _day, hour, weekday, commune, mode, point, resident, revenue, _refunded, paid,
         commission, outcome) = columns  # fmt: skip
        self.size = len(facts)
        self.order = np.asarray(order, dtype=np.int64)
        self.merchant = np.asarray(merchant, dtype=np.int64)
        # A merchant's code is its id: the labels are the ids themselves.
        self.merchants = range(int(self.merchant.max()) + 1 if self.size else 1)
        self.sector, self.sectors = _codes(sector)
        self.commune, self.communes = _codes(OUTSIDE if c is None else c for c in commune)
        self.mode, self.modes = _codes(mode)
        self.point, self.points = _codes(-1 if p is None else p for p in point)
        self.resident, self.residents = _codes(resident)
        self.weekday = np.asarray(weekday, dtype=np.int64)
        self.bands = BANDS
        by_hour = np.array([BANDS.index(hour_band(h)) for h in range(24)], dtype=np.int64)
        self.band = by_hour[np.asarray(hour, dtype=np.int64)] if self.size else np.zeros(0, dtype=np.int64)
        self.outcome, self.outcomes = _codes(outcome)
        self.revenue = np.asarray(revenue, dtype=np.int64)
        self.paid = np.asarray(paid, dtype=np.int64)
        self.commission = np.asarray(commission, dtype=np.int64)
        self.kept = self.revenue > 0


def _text(value: int, money: bool) -> str:
    return str(Decimal(int(value)).scaleb(-2)) if money else str(int(value))


def _cube(
    *,
    row: np.ndarray,
    row_labels: list,
    column: np.ndarray,
    column_labels: list,
    value: np.ndarray | None,
    merchant: np.ndarray,
    merchants: list,
    resident: np.ndarray,
    order: np.ndarray,
    money: bool,
    rows=(),
    columns=(),
    share: np.ndarray | None = None,
) -> dict:
    """One table's cube. ``value``: what each fact adds (None: the cell's value is its distinct orders);
    ``share``: what each fact adds to its merchant's share (default: its value; one per fact when counting)."""
    width = max(len(column_labels), 1)
    cell = row * width + column
    n_merchants = max(len(merchants), 1)
    if value is None:
        weights = np.ones(cell.size, dtype=np.int64) if share is None else share
        keys, shares = _group(cell * n_merchants + merchant, weights)
        values = _distinct_per(cell, order)
    else:
        keys, shares = _group(cell * n_merchants + merchant, value if share is None else share)
        found, sums = _group(cell, value)
        values = dict(zip(found.tolist(), sums.tolist(), strict=True))
    per_cell: dict[int, dict] = {}
    for key, amount in zip(keys.tolist(), shares.tolist(), strict=True):
        if amount:
            per_cell.setdefault(key // n_merchants, {})[str(merchants[key % n_merchants])] = _text(
                amount, money
            )
    people, placed = _distinct_per(cell, resident), _distinct_per(cell, order)
    cells = [
        [
            row_labels[key // width],
            column_labels[key % width],
            _text(total, money),
            per_cell.get(key, {}),
            people.get(key, 0),
            placed.get(key, 0),
        ]
        for key, total in values.items()
    ]
    margins = []
    for groups, labels, as_row in ((row, row_labels, True), (column, column_labels, False)):
        orders_of = _distinct_per(groups, order)
        for code, count in _distinct_per(groups, resident).items():
            key = [labels[code], None] if as_row else [None, labels[code]]
            margins.append([*key, count, orders_of[code]])
    if cell.size:
        margins.append([None, None, int(_unique(resident).size), int(_unique(order).size)])
    found_rows = list(dict.fromkeys([*rows, *(row_labels[i] for i in _unique(row).tolist())]))
    found_columns = list(dict.fromkeys([*columns, *(column_labels[i] for i in _unique(column).tolist())]))
    return {
        "rows": sorted(found_rows, key=_natural),
        "columns": found_columns,
        "cells": sorted(cells, key=lambda c: (str(c[0]), str(c[1]))),
        "margins": sorted(margins, key=lambda m: (str(m[0]), str(m[1]))),
        "merchant_rules": True,
        "count_rules": True,
    }


def cubes_build(*, facts: list[tuple], rounds: list[tuple], first_days: dict[str, date], start: date) -> dict:
    """Every table's cube for the period of ``facts`` (FACT_FIELDS tuples, euros in cents, ordered by day and
    order) and
    ``rounds`` (ROUND_FIELDS tuples); ``first_days``: each resident's first day with an order kept, to tell new
    residents from returning ones."""
    f = _Facts(facts)
    k = f.kept

    def table(mask, row, row_labels, column, column_labels, value, **options):
        return _cube(
            row=row[mask],
            row_labels=row_labels,
            column=column[mask],
            column_labels=column_labels,
            value=None if value is None else value[mask],
            merchant=f.merchant[mask],
            merchants=f.merchants,
            resident=f.resident[mask],
            order=f.order[mask],
            **{key: (v[mask] if isinstance(v, np.ndarray) else v) for key, v in options.items()},
        )

    by_mode = {"columns": MODES}
    weekday_labels = list(range(7))
    cubes = {
        "sales": table(k, f.sector, f.sectors, f.mode, f.modes, f.revenue, money=True, **by_mode),
        "communes": table(k, f.commune, f.communes, f.mode, f.modes, f.revenue, money=True, **by_mode),
        "orders": table(k, f.commune, f.communes, f.mode, f.modes, None, money=False, **by_mode),
        "hours": table(
            k,
            f.weekday,
            weekday_labels,
            f.band,
            f.bands,
            None,
            money=False,
            rows=weekday_labels,
            columns=BANDS,
        ),
    }
    cubes["hours"]["rows"] = weekday_labels
    point_mode = f.modes.index(Mode.POINT.value) if Mode.POINT.value in f.modes else -1
    no_point = f.points.index(-1) if -1 in f.points else -1
    at_points = k & (f.mode == point_mode) & (f.point != no_point)
    single = np.zeros(f.size, dtype=np.int64)
    cubes["points"] = table(at_points, f.point, f.points, single, [PARCELS], None, money=False)
    delivered = np.isin(f.mode, [f.modes.index(m) for m in (Mode.HOME, Mode.POINT) if m in f.modes])
    delivered &= f.outcome != (f.outcomes.index("") if "" in f.outcomes else -1)
    ones = np.ones(f.size, dtype=np.int64)
    cubes["delivery"] = table(
        delivered,
        f.mode,
        f.modes,
        f.outcome,
        f.outcomes,
        ones,
        money=False,
        rows=[Mode.HOME.value, Mode.POINT.value],
        columns=[o.value for o in Outcome],
    )
    cubes["payouts"] = _payouts(f)
    cubes["residents"] = _residents(f, first_days=first_days, start=start)
    cubes["fleet"] = fleet_cube(rounds)
    cubes["active"] = active_cube(int(_unique(f.merchant[k]).size))
    cubes["sales"]["by_merchant"] = _by_merchant(f)
    return cubes


def _payouts(f: _Facts) -> dict:
    paid, commission = f.paid > 0, f.commission > 0
    both = np.r_[np.flatnonzero(paid), np.flatnonzero(commission)]
    column = np.r_[np.zeros(int(paid.sum()), dtype=np.int64), np.ones(int(commission.sum()), dtype=np.int64)]
    return _cube(
        row=f.sector[both],
        row_labels=f.sectors,
        column=column,
        column_labels=[PAID, COMMISSION],
        value=np.r_[f.paid[paid], f.commission[commission]],
        merchant=f.merchant[both],
        merchants=f.merchants,
        resident=f.resident[both],
        order=f.order[both],
        money=True,
        columns=[PAID, COMMISSION],
    )


def _residents(f: _Facts, *, first_days: dict, start: date) -> dict:
    """Each resident once, in the commune of their latest order of the period, new when their first order ever
    falls in it; a merchant's share of a cell is how many of its residents bought from them."""
    kept = np.flatnonzero(f.kept)
    if kept.size == 0:
        return _cube(
            row=kept, row_labels=[], column=kept, column_labels=[NEW, RETURNING], value=kept, merchant=kept,
            merchants=[], resident=kept, order=kept, money=False, columns=[NEW, RETURNING],
        )  # fmt: skip
    # The facts come ordered by day and order: a resident's last kept fact is their latest order.
    reversed_residents = f.resident[kept][::-1]
    people, last = np.unique(reversed_residents, return_index=True)  # first of each, reversed: the last
    latest = kept[::-1][last]
    newness = np.array(
        [0 if first_days.get(f.residents[p], start) >= start else 1 for p in people.tolist()], dtype=np.int64
    )
    commune_of = dict(zip(people.tolist(), f.commune[latest].tolist(), strict=True))
    column_of = dict(zip(people.tolist(), newness.tolist(), strict=True))
    pairs = _unique(f.resident[kept] * (len(f.merchants) + 1) + f.merchant[kept])
    pair_resident, pair_merchant = pairs // (len(f.merchants) + 1), pairs % (len(f.merchants) + 1)
    row = np.array([commune_of[p] for p in pair_resident.tolist()], dtype=np.int64)
    column = np.array([column_of[p] for p in pair_resident.tolist()], dtype=np.int64)
    cube = _cube(
        row=row,
        row_labels=f.communes,
        column=column,
        column_labels=[NEW, RETURNING],
        value=None,
        merchant=pair_merchant,
        merchants=f.merchants,
        resident=pair_resident,
        order=pair_resident,  # one resident is one entry: the value counts residents
        money=False,
        columns=[NEW, RETURNING],
    )
    return cube


def _by_merchant(f: _Facts) -> list:
    k = f.kept
    n_merchants = max(len(f.merchants), 1)
    key = f.sector[k] * n_merchants + f.merchant[k]
    found, sums = _group(key, f.revenue[k])
    people, placed = _distinct_per(key, f.resident[k]), _distinct_per(key, f.order[k])
    rows = [
        [f.sectors[g // n_merchants], f.merchants[g % n_merchants], _text(total, True), people[g], placed[g]]
        for g, total in zip(found.tolist(), sums.tolist(), strict=True)
    ]
    return sorted(rows, key=lambda r: (str(r[0]), str(r[1])))
