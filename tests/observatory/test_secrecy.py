"""The observatory's statistical secrecy (observatory/secrecy.py), attacked as a municipality user could attack it."""

from decimal import Decimal

import numpy as np
import pytest

from observatory.secrecy import (
    TOTAL,
    Cell,
    Table,
    cell_sensitivity,
    secrecy_apply,
    secrecy_intervals,
)

FEW_MERCHANTS = "Secret statistique : moins de 3 commerçants"
DOMINANT = "Secret statistique : un commerçant représente plus de 85 %"
FEW_PEOPLE = "Secret statistique : moins de 11 habitants ou commandes"
SECONDARY = "Masqué pour protéger une case secrète"


def shares(*values) -> Cell:
    """A cell made of these merchants' shares, counting plenty of residents and orders."""
    contributions = {f"m{k}": Decimal(v) for k, v in enumerate(values)}
    return Cell(sum(contributions.values(), Decimal(0)), contributions, residents=50, orders=80)


def safe_cell(value: float, merchants: int = 4) -> Cell:
    return Cell(value, {f"s{k}": value / merchants for k in range(merchants)}, residents=40, orders=60)


def unsafe_cell(value: float) -> Cell:
    return Cell(value, {"solo": value}, residents=2, orders=2)


def true_grid(table: Table) -> dict:
    """The totals recomputed here, independently of the module."""
    values = {
        key: float(table.cells.get(key, Cell()).value)
        for key in [(r, c) for r in table.rows for c in table.columns]
    }
    for r in table.rows:
        values[(r, TOTAL)] = sum(values[(r, c)] for c in table.columns)
    for c in table.columns:
        values[(TOTAL, c)] = sum(values[(r, c)] for r in table.rows)
    values[(TOTAL, TOTAL)] = sum(values[(r, TOTAL)] for r in table.rows)
    return values


def assert_protected(table: Table, published) -> None:
    """Every sensitive entry is hidden, and the attacker's LP interval is wider than ± 10 % of it on each side."""
    truth = true_grid(table)
    intervals = secrecy_intervals(published)
    sensitive = [key for key, cell in published.cells.items() if cell.reason and cell.reason != SECONDARY]
    for key in sensitive:
        low, high = intervals[key]
        value = truth[key]
        assert low <= 0.9 * value + 1e-6, (key, value, low, high)
        assert high >= 1.1 * value - 1e-6, (key, value, low, high)
    for key, cell in published.cells.items():
        if not cell.hidden:
            assert float(cell.value) == pytest.approx(truth[key], abs=1e-6), key


# Primary rules, exactly at and around each threshold.


def test_three_merchants_may_be_published_two_may_not():
    assert cell_sensitivity(cell=shares(40, 30, 30)) is None
    assert cell_sensitivity(cell=shares(50, 50)) == FEW_MERCHANTS
    assert cell_sensitivity(cell=shares(100)) == FEW_MERCHANTS


def test_a_merchant_with_a_zero_share_does_not_count_as_a_contributor():
    assert cell_sensitivity(cell=shares(50, 50, 0)) == FEW_MERCHANTS


def test_one_merchant_at_exactly_85_percent_is_published_above_it_is_hidden():
    assert cell_sensitivity(cell=shares("85", "10", "5")) is None
    assert cell_sensitivity(cell=shares("85.01", "9.99", "5")) == DOMINANT
    assert cell_sensitivity(cell=shares("84.99", "10.01", "5")) is None


def test_eleven_residents_and_orders_are_published_ten_are_not():
    contributions = {"a": 10, "b": 10, "c": 10}
    assert cell_sensitivity(cell=Cell(30, contributions, residents=11, orders=11)) is None
    assert cell_sensitivity(cell=Cell(30, contributions, residents=10, orders=40)) == FEW_PEOPLE
    assert cell_sensitivity(cell=Cell(30, contributions, residents=40, orders=10)) == FEW_PEOPLE


def test_an_empty_cell_is_published_as_zero():
    assert cell_sensitivity(cell=Cell()) is None
    table = Table(("a",), ("x", "y", "z"), {("a", "x"): safe_cell(100), ("a", "y"): safe_cell(200)})
    published = secrecy_apply(table=table)
    assert published[("a", "z")].value == 0
    assert published[("a", "z")].reason is None


def test_the_thresholds_are_settings_and_the_reasons_name_them(settings):
    settings.OBSERVATORY_MIN_MERCHANTS = 5
    settings.OBSERVATORY_DOMINANCE = 0.6
    settings.OBSERVATORY_MIN_COUNT = 20
    assert cell_sensitivity(cell=shares(25, 25, 25, 25)) == "Secret statistique : moins de 5 commerçants"
    assert cell_sensitivity(cell=shares(61, 10, 10, 10, 9)) == (
        "Secret statistique : un commerçant représente plus de 60 %"
    )
    crowd = {f"m{k}": 10 for k in range(5)}
    assert cell_sensitivity(cell=Cell(50, crowd, residents=19, orders=50)) == (
        "Secret statistique : moins de 20 habitants ou commandes"
    )


def test_the_reasons_are_translated_in_english(settings):
    from django.utils import translation

    with translation.override("en"):
        assert cell_sensitivity(cell=shares(100)) == "Statistical secrecy: fewer than 3 merchants"


# Totals go through the same rules.


def test_a_total_is_sensitive_when_one_merchant_dominates_the_whole_row():
    big = Cell(1000, {"big": 980, "x": 10, "y": 10}, residents=30, orders=30)
    small = Cell(30, {"big": 20, "z": 5, "w": 5}, residents=30, orders=30)
    table = Table(("r",), ("a", "b"), {("r", "a"): big, ("r", "b"): small})
    published = secrecy_apply(table=table)
    assert published[("r", TOTAL)].reason == DOMINANT
    assert_protected(table, published)


def test_a_total_counts_distinct_residents_when_given():
    cells = {("r", "a"): safe_cell(100), ("r", "b"): safe_cell(100)}
    few = Table(("r",), ("a", "b"), cells, margin_counts={("r", TOTAL): (8, 60)})
    assert secrecy_apply(table=few)[("r", TOTAL)].reason == FEW_PEOPLE


# Secondary suppression.


def test_subtraction_never_reveals_a_hidden_cell():
    rows, columns = ("r1", "r2", "r3"), ("c1", "c2", "c3", "c4")
    cells = {(r, c): safe_cell(100 + 10 * i + j) for i, r in enumerate(rows) for j, c in enumerate(columns)}
    cells[("r2", "c3")] = unsafe_cell(50)
    table = Table(rows, columns, cells)
    published = secrecy_apply(table=table)
    assert published[("r2", "c3")].reason == FEW_MERCHANTS
    for r in (*rows, TOTAL):
        line = [published[(r, c)] for c in (*columns, TOTAL)]
        assert sum(cell.hidden for cell in line) != 1, r
    for c in (*columns, TOTAL):
        line = [published[(r, c)] for r in (*rows, TOTAL)]
        assert sum(cell.hidden for cell in line) != 1, c
    hidden = [key for key, cell in published.cells.items() if cell.hidden]
    assert all(published[key].reason == SECONDARY for key in hidden if key != ("r2", "c3"))
    assert_protected(table, published)


def test_a_table_with_nothing_sensitive_publishes_everything():
    rows, columns = ("a", "b", "c"), ("x", "y")
    cells = {(r, c): safe_cell(10.0 * (i + 1) + j) for i, r in enumerate(rows) for j, c in enumerate(columns)}
    published = secrecy_apply(table=Table(rows, columns, cells))
    assert not any(cell.hidden for cell in published.cells.values())
    assert published[(TOTAL, TOTAL)].value == pytest.approx(sum(c.value for c in cells.values()))
    assert secrecy_intervals(published) == {}


def random_table(seed: int, n_rows: int, n_cols: int) -> Table:
    """A table with sensitive cells scattered (few merchants, a dominant one, few people) and some empty ones."""
    rng = np.random.default_rng(seed)
    rows = tuple(f"r{i}" for i in range(n_rows))
    columns = tuple(f"c{j}" for j in range(n_cols))
    cells = {}
    for r in rows:
        for c in columns:
            draw = rng.random()
            if draw < 0.08:
                continue
            merchants = int(rng.integers(1, 3)) if draw < 0.25 else int(rng.integers(3, 8))
            values = rng.uniform(5, 800, merchants)
            if 0.25 <= draw < 0.32:
                values[0] = values.sum() * 20
            people = int(rng.integers(2, 11)) if 0.32 <= draw < 0.4 else int(rng.integers(11, 90))
            contributions = {f"m{k}": round(float(v), 2) for k, v in enumerate(values)}
            cells[(r, c)] = Cell(round(sum(contributions.values()), 2), contributions, people, people + 3)
    # Sensitive totals too: one merchant dominates the first row, the last column counts few people.
    for c in columns:
        value = float(rng.uniform(100, 3000))
        cells[(rows[0], c)] = Cell(
            value, {"anchor": 0.95 * value, "u": 0.03 * value, "v": 0.02 * value}, 40, 40
        )
    for r in rows[1:]:
        value = float(rng.uniform(100, 3000))
        cells[(r, columns[-1])] = Cell(value, {f"m{k}": value / 4 for k in range(4)}, 6, 8)
    # The column's residents are few once each is counted once (margins are given as distinct counts).
    return Table(rows, columns, cells, margin_counts={(TOTAL, columns[-1]): (9, 14)})


SIZES = [(2, 2), (2, 3), (3, 3), (3, 5), (4, 4), (5, 7), (6, 9), (8, 12)]


@pytest.mark.parametrize(("n_rows", "n_cols"), SIZES)
@pytest.mark.parametrize("seed", [1, 7, 42])
def test_linear_programming_cannot_narrow_any_sensitive_cell(seed, n_rows, n_cols):
    table = random_table(seed, n_rows, n_cols)
    published = secrecy_apply(table=table)
    assert published[(table.rows[0], TOTAL)].reason == DOMINANT
    assert published[(TOTAL, table.columns[-1])].reason in (FEW_PEOPLE, DOMINANT)  # a dominant cell may win
    inner = [published[(r, c)].reason for r in table.rows[1:] for c in table.columns[:-1]]
    assert n_rows * n_cols < 12 or any(reason not in (None, SECONDARY) for reason in inner)
    assert_protected(table, published)


def test_a_sensitive_grand_total_is_protected():
    table = random_table(3, 2, 2)
    cells = dict(table.cells)
    cells.update({(r, c): safe_cell(100) for r in table.rows for c in table.columns})
    dominated = Table(table.rows, table.columns, cells, margin_counts={(TOTAL, TOTAL): (9, 40)})
    published = secrecy_apply(table=dominated)
    assert published[(TOTAL, TOTAL)].reason == FEW_PEOPLE
    assert_protected(dominated, published)


def test_the_same_table_is_always_published_the_same_way():
    table = random_table(11, 6, 9)
    first = secrecy_apply(table=table)
    assert all(secrecy_apply(table=table).cells == first.cells for _ in range(3))
    shuffled = Table(table.rows, table.columns, dict(reversed(table.cells.items())), table.margin_counts)
    assert secrecy_apply(table=shuffled).cells == first.cells


def test_a_published_table_survives_the_cache():
    import pickle

    published = secrecy_apply(table=random_table(5, 3, 4))
    assert pickle.loads(pickle.dumps(published)) == published
    assert (TOTAL, TOTAL) in pickle.loads(pickle.dumps(published)).cells


@pytest.mark.parametrize(
    "cells",
    [
        {("a", "z"): Cell(1, {"m": 1}, 20, 20)},
        {("a", "x"): Cell(-5, {"m": -5}, 20, 20)},
    ],
)
def test_a_cell_outside_the_table_or_negative_is_refused(cells):
    with pytest.raises(ValueError):
        secrecy_apply(table=Table(("a",), ("x",), cells))


def test_decimal_values_are_published_as_they_came():
    rows, columns = ("a", "b"), ("x", "y")
    cells = {(r, c): shares("10.10", "20.20", "30.30") for r in rows for c in columns}
    published = secrecy_apply(table=Table(rows, columns, cells))
    assert published[("a", "x")].value == Decimal("60.60")
    assert published[(TOTAL, TOTAL)].value == Decimal("242.40")


@pytest.mark.parametrize("protection", [0.1, 0.5, 0.95])
@pytest.mark.parametrize("seed", range(40))
def test_the_rectangle_shortcut_never_calls_a_cell_safe_that_the_linear_programme_narrows(seed, protection):
    """secrecy._swaps_protect spares the linear programme when four hidden corners can trade an amount: wherever it
    says a cell is safe, the attacker's linear programme over the same published grid must agree."""
    from observatory.secrecy import _intervals, _protected, _swaps_protect

    rng = np.random.default_rng(1000 + seed)
    n_rows, n_cols = int(rng.integers(1, 7)), int(rng.integers(1, 7))
    inner = rng.integers(0, 60, size=(n_rows, n_cols)).astype(float)
    truth = [[*row, float(row.sum())] for row in inner]
    truth.append([float(inner[:, j].sum()) for j in range(n_cols)] + [float(inner.sum())])
    positions = [(i, j) for i in range(n_rows + 1) for j in range(n_cols + 1)]
    hidden = {p for p in positions if rng.random() < 0.45}
    published = [
        [None if (i, j) in hidden else truth[i][j] for j in range(n_cols + 1)] for i in range(n_rows + 1)
    ]
    said_safe = [
        p for p in sorted(hidden) if truth[p[0]][p[1]] > 0 and _swaps_protect(p, hidden, truth, protection)
    ]
    intervals = _intervals(published, said_safe)
    for position in said_safe:
        assert _protected(truth[position[0]][position[1]], intervals[position], protection), (
            position,
            intervals[position],
        )


def test_the_rectangle_shortcut_is_bounded_by_the_corners_that_move_against_the_cell():
    """Four hidden inner cells, totals published: the cell of 10 can go down by 10 (itself, and the 50 opposite)
    but up only by 1 (the two cells of 1 beside it), as the linear programme finds: not protected at ± 10 %."""
    from observatory.secrecy import _intervals, _swaps_protect

    truth = [[10.0, 1.0, 11.0], [1.0, 50.0, 51.0], [11.0, 51.0, 62.0]]
    hidden = {(0, 0), (0, 1), (1, 0), (1, 1)}
    published = [[None if (i, j) in hidden else truth[i][j] for j in range(3)] for i in range(3)]
    assert _intervals(published, [(0, 0)])[(0, 0)] == pytest.approx((0.0, 11.0))
    assert not _swaps_protect((0, 0), hidden, truth, 0.1)
    assert _swaps_protect((0, 0), hidden, truth, 0.09)
    # The row's total hidden too: the cell and its total move together, the others against them.
    truth_row = {(0, 0), (0, 2), (1, 0), (1, 2)}
    assert not _swaps_protect((0, 0), truth_row, truth, 0.1)  # (1, 0) = 1 moves against it: up by 1 at most
    published = [[None if (i, j) in truth_row else truth[i][j] for j in range(3)] for i in range(3)]
    assert _intervals(published, [(0, 0)])[(0, 0)] == pytest.approx((0.0, 11.0))
