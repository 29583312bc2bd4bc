"""Statistical secrecy for every table the observatory shows or exports.

A two-way table is extended by its margins into a (rows + 1) × (columns + 1) grid whose last row and column are the
totals: on every line of that grid the last entry is the sum of the others. Primary suppression hides the sensitive
entries (too few merchants, one dominant merchant, too few residents or orders); secondary suppression hides more
until an attacker solving the linear programme over what is published cannot narrow any sensitive value to within
± OBSERVATORY_PROTECTION of it.
"""

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import product

import numpy as np
from django.conf import settings
from django.utils.translation import gettext
from scipy.optimize import linprog


class _Total:
    """The label of the totals' row and column (a singleton, so it never collides with a real label)."""

    _instance = None

    def __new__(cls) -> "_Total":
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "TOTAL"

    def __reduce__(self) -> str:
        return "TOTAL"


TOTAL = _Total()

Number = Decimal | float | int
Key = tuple[Hashable, Hashable]


@dataclass(frozen=True)
class Cell:
    """One entry of the table: its value, each merchant's share of it, and the residents and orders it counts."""

    value: Number = 0
    contributions: Mapping[Hashable, Number] = field(default_factory=dict)
    residents: int = 0
    orders: int = 0
    # The one merchant of the cell agreed to be shown by name: the merchants' rules no longer protect it.
    consented: bool = False

    @property
    def is_empty(self) -> bool:
        return self.value == 0 and not any(self.contributions.values())


@dataclass(frozen=True)
class Table:
    """A two-way table before secrecy: labels and the inner cells; a missing cell is empty.

    ``margin_counts`` gives the distinct residents and orders of a total, keyed like the output
    ((row, TOTAL), (TOTAL, column), (TOTAL, TOTAL)): a resident ordering in two cells of a row is one resident of
    the row. Without it a total counts the largest of its cells' counts, a lower bound, so never too little secrecy.
    """

    rows: tuple[Hashable, ...]
    columns: tuple[Hashable, ...]
    cells: Mapping[Key, Cell]
    margin_counts: Mapping[Key, tuple[int, int]] = field(default_factory=dict)
    # Which primary rules apply: the merchants' (few, dominant) and the people's (few residents or orders). A table
    # of the platform's own activity (its rounds) protects no one and sets both off; it still gets its margins.
    merchant_rules: bool = True
    count_rules: bool = True


@dataclass(frozen=True)
class PublishedCell:
    """What may be shown of one entry: its value, or None and the reason it is hidden."""

    value: Number | None
    reason: str | None = None
    code: str | None = None  # why, for machines: FEW_MERCHANTS, DOMINANT, FEW_PEOPLE or SECONDARY

    @property
    def hidden(self) -> bool:
        return self.value is None


@dataclass(frozen=True)
class PublishedTable:
    """A table after secrecy, totals included under the keys (row, TOTAL), (TOTAL, column) and (TOTAL, TOTAL)."""

    rows: tuple[Hashable, ...]
    columns: tuple[Hashable, ...]
    cells: Mapping[Key, PublishedCell]

    def __getitem__(self, key: Key) -> PublishedCell:
        return self.cells[key]


def _thresholds() -> tuple[int, float, int, float]:
    return (
        getattr(settings, "OBSERVATORY_MIN_MERCHANTS", 3),
        getattr(settings, "OBSERVATORY_DOMINANCE", 0.85),
        getattr(settings, "OBSERVATORY_MIN_COUNT", 11),
        getattr(settings, "OBSERVATORY_PROTECTION", 0.10),
    )


def _percent(ratio: float) -> str:
    return f"{ratio * 100:g}"


FEW_MERCHANTS, DOMINANT, FEW_PEOPLE, SECONDARY = "few_merchants", "dominant", "few_people", "secondary"


def secrecy_reason(code: str) -> str:
    """Why a cell is hidden, in the reader's language."""
    min_merchants, dominance, min_count, _ = _thresholds()
    if code == FEW_MERCHANTS:
        return gettext("Secret statistique : moins de %(count)s commerçants") % {"count": min_merchants}
    if code == DOMINANT:
        return gettext("Secret statistique : un commerçant représente plus de %(percent)s %%") % {
            "percent": _percent(dominance)
        }
    if code == FEW_PEOPLE:
        return gettext("Secret statistique : moins de %(count)s habitants ou commandes") % {
            "count": min_count
        }
    return gettext("Masqué pour protéger une case secrète")


def cell_sensitivity_code(*, cell: Cell, merchant_rules: bool = True, count_rules: bool = True) -> str | None:
    """Why a cell must be hidden on its own (primary suppression), as a code, or None when it may be published."""
    min_merchants, dominance, min_count, _ = _thresholds()
    if cell.is_empty:
        return None
    if merchant_rules and not cell.consented:
        contributors = [value for value in cell.contributions.values() if value > 0]
        if len(contributors) < min_merchants:
            return FEW_MERCHANTS
        if max(contributors) > Decimal(str(dominance)) * Decimal(str(cell.value)):
            return DOMINANT
    if count_rules and (cell.residents < min_count or cell.orders < min_count):
        return FEW_PEOPLE
    return None


def cell_sensitivity(*, cell: Cell) -> str | None:
    """The reason a cell must be hidden on its own (primary suppression), or None when it may be published."""
    code = cell_sensitivity_code(cell=cell)
    return None if code is None else secrecy_reason(code)


def _merge(parts: list[Cell], counts: tuple[int, int] | None) -> Cell:
    contributions: dict[Hashable, Number] = {}
    for part in parts:
        for merchant, value in part.contributions.items():
            contributions[merchant] = contributions.get(merchant, 0) + value
    if counts is None:
        counts = (max((p.residents for p in parts), default=0), max((p.orders for p in parts), default=0))
    # A total of the cells of one merchant who agreed to be named (their column) is still only theirs.
    filled = [part for part in parts if not part.is_empty]
    consented = bool(filled) and all(part.consented for part in filled) and len(contributions) == 1
    return Cell(sum((p.value for p in parts), 0), contributions, counts[0], counts[1], consented)


def _grid(table: Table) -> list[list[Cell]]:
    """The inner cells with their margins: grid[i][j], the last row and column being the totals."""
    inner = [[table.cells.get((r, c), Cell()) for c in table.columns] for r in table.rows]
    margins = table.margin_counts
    grid = [row + [_merge(row, margins.get((r, TOTAL)))] for r, row in zip(table.rows, inner, strict=True)]
    column_totals = [
        _merge([row[j] for row in inner], margins.get((TOTAL, c))) for j, c in enumerate(table.columns)
    ]
    everything = [cell for row in inner for cell in row]
    grid.append(column_totals + [_merge(everything, margins.get((TOTAL, TOTAL)))])
    return grid


def _lines(n_rows: int, n_cols: int) -> list[list[tuple[int, int]]]:
    """Every line of the extended grid, its total last: rows (the totals' row included), then columns."""
    rows = [[(i, j) for j in range(n_cols + 1)] for i in range(n_rows + 1)]
    cols = [[(i, j) for i in range(n_rows + 1)] for j in range(n_cols + 1)]
    return rows + cols


class _Attacker:
    """What an attacker knows from a published grid: the hidden entries as unknowns ≥ 0, every line of the grid
    summing to its total. Built once per grid, asked for as many bounds as needed."""

    def __init__(self, values: list[list[float | None]]) -> None:
        n_rows, n_cols = len(values) - 1, len(values[0]) - 1
        self.hidden = [(i, j) for i in range(n_rows + 1) for j in range(n_cols + 1) if values[i][j] is None]
        self.index = {position: k for k, position in enumerate(self.hidden)}
        a_eq, b_eq = [], []
        for line in _lines(n_rows, n_cols):
            coefficients, known = np.zeros(len(self.hidden)), 0.0
            for position, sign in zip(line, [1.0] * (len(line) - 1) + [-1.0], strict=True):
                value = values[position[0]][position[1]]
                if value is None:
                    coefficients[self.index[position]] += sign
                else:
                    known += sign * value
            if coefficients.any():
                a_eq.append(coefficients)
                b_eq.append(-known)
        self.a_eq, self.b_eq = np.array(a_eq), b_eq

    def bound(self, target: tuple[int, int], sense: float) -> float:
        """The least (sense 1) or greatest (sense -1) value the target can take."""
        objective = np.zeros(len(self.hidden))
        objective[self.index[target]] = sense
        solution = linprog(objective, A_eq=self.a_eq, b_eq=self.b_eq, bounds=(0, None), method="highs")
        if solution.status == 3:  # unbounded: only possible upwards, the entries being non-negative
            return float("inf")
        if solution.status == 0:
            return sense * solution.fun
        return float("nan")  # inconsistent figures or a solver failure: no bound to rely on, never protected

    def interval(self, target: tuple[int, int]) -> tuple[float, float]:
        return self.bound(target, 1.0), self.bound(target, -1.0)

    def protects(self, target: tuple[int, int], value: float, protection: float) -> bool:
        lower = self.bound(target, 1.0)
        if not _protected(value, (lower, float("inf")), protection):
            return False  # narrowed from below already: no need to look above
        return _protected(value, (lower, self.bound(target, -1.0)), protection)


def _intervals(
    values: list[list[float | None]], targets: list[tuple[int, int]]
) -> dict[tuple[int, int], tuple[float, float]]:
    """The attacker's bounds on each target: min and max of it over non-negative hidden entries meeting the margins."""
    attacker = _Attacker(values)
    return {target: attacker.interval(target) for target in targets}


def _swaps_protect(
    position: tuple[int, int], hidden: set, truth: list[list[float]], protection: float
) -> bool:
    """A sufficient test, without the linear programme: four hidden entries at the corners of a rectangle of the
    grid can trade an amount that leaves every line's sum as it is (+δ and -δ at opposite corners of inner cells,
    the sign turned over on the totals' row and column, whose entries stand on the other side of their line's
    equation), so the attacker cannot tell the target from the target moved by as much as the rectangle allows,
    down and up, as long as every corner stays non-negative. The interval such moves reach lies inside the one
    the linear programme finds."""
    n_rows, n_cols = len(truth) - 1, len(truth[0]) - 1
    i, j = position
    value = truth[i][j]
    needed = protection * value + 1e-9 * max(1.0, value)
    rows = [r for r in range(n_rows + 1) if r != i and (r, j) in hidden]
    columns = [c for c in range(n_cols + 1) if c != j and (i, c) in hidden]
    down = up = 0.0
    for r in rows:
        for c in columns:
            if (r, c) not in hidden:
                continue
            # Moving the target up by δ moves each corner by δ times its sign relative to the target's.
            same, opposite = [value], []
            for corner, sign in (((i, c), -1), ((r, j), -1), ((r, c), 1)):
                turned = (corner[0] == n_rows) != (i == n_rows)
                turned ^= (corner[1] == n_cols) != (j == n_cols)
                (opposite if (sign < 0) != turned else same).append(truth[corner[0]][corner[1]])
            down = max(down, min(same))
            up = max(up, min(opposite, default=float("inf")))  # no corner against it: unbounded upwards
            if down >= needed and up >= needed:
                return True
    return False


def _protected(value: float, interval: tuple[float, float], protection: float) -> bool:
    # A hair of tolerance towards hiding more, so the solver's rounding never lets a cell through.
    slack = 1e-9 * max(1.0, value)
    return interval[0] <= (1 - protection) * value - slack and interval[1] >= (1 + protection) * value + slack


def _suppress(
    truth: list[list[float]], primary: set[tuple[int, int]], protection: float
) -> set[tuple[int, int]]:
    """Hidden entries protecting every primary one: pairs on each line first, then whatever the LP still asks for."""
    n_rows, n_cols = len(truth) - 1, len(truth[0]) - 1
    lines = _lines(n_rows, n_cols)
    lines_of = {
        (i, j): [lines[i], lines[n_rows + 1 + j]] for i in range(n_rows + 1) for j in range(n_cols + 1)
    }
    everything = [(i, j) for i in range(n_rows + 1) for j in range(n_cols + 1)]

    def cost(position: tuple[int, int]) -> tuple:
        i, j = position
        return (i == n_rows or j == n_cols, truth[i][j], i, j)  # inner cells before totals, smallest first

    def candidates(pool: list[tuple[int, int]]) -> list[tuple[int, int]]:
        return sorted((p for p in pool if p not in hidden and truth[p[0]][p[1]] > 0), key=cost)

    def alone(line: list[tuple[int, int]]) -> bool:
        """Exactly one hidden entry on the line (looked at until a second one shows)."""
        seen = 0
        for p in line:
            if p in hidden:
                seen += 1
                if seen > 1:
                    return False
        return seen == 1

    def pair_up() -> None:
        # One hidden entry alone on a line is its total minus the rest: give it a companion, until none is alone.
        changed = True
        while changed:
            changed = False
            for position in sorted(hidden):
                for line in lines_of[position]:
                    if alone(line) and (companions := candidates(line)):
                        hidden.add(companions[0])
                        changed = True

    hidden = set(primary)
    safe: set[tuple[int, int]] = set()
    while True:
        pair_up()
        published = [
            [None if (i, j) in hidden else truth[i][j] for j in range(n_cols + 1)] for i in range(n_rows + 1)
        ]
        exposed = None
        # Hiding more only widens an interval, so a cell once safe stays safe: check each one until it is.
        attacker = _Attacker(published)
        for position in sorted(primary - safe):
            value = truth[position[0]][position[1]]
            if _swaps_protect(position, hidden, truth, protection) or attacker.protects(
                position, value, protection
            ):
                safe.add(position)
            else:
                exposed = position
                break
        if exposed is None:
            return hidden
        near = [p for line in lines_of[exposed] for p in line]
        choice = candidates(near) or candidates(everything)
        if not choice:  # everything is hidden already: nothing more can be done
            return hidden
        hidden.add(choice[0])


def _check(table: Table) -> None:
    rows, columns = set(table.rows), set(table.columns)
    if len(rows) != len(table.rows) or len(columns) != len(table.columns) or TOTAL in rows | columns:
        raise ValueError("A table's labels must be distinct, and none may be TOTAL.")
    for (row, column), cell in table.cells.items():
        if row not in rows or column not in columns:
            raise ValueError(f"The cell ({row!r}, {column!r}) lies outside the table's rows and columns.")
        if cell.value < 0 or any(value < 0 for value in cell.contributions.values()):
            raise ValueError(f"The cell ({row!r}, {column!r}) has a negative value.")


def secrecy_apply(*, table: Table) -> PublishedTable:
    """The table with its totals, each sensitive entry hidden with its reason, and enough others hidden to protect it."""
    *_, protection = _thresholds()
    _check(table)
    grid = _grid(table)
    n_rows, n_cols = len(table.rows), len(table.columns)
    rules = {"merchant_rules": table.merchant_rules, "count_rules": table.count_rules}
    reasons = {
        (i, j): code
        for i, j in product(range(n_rows + 1), range(n_cols + 1))
        if (code := cell_sensitivity_code(cell=grid[i][j], **rules)) is not None
    }
    truth = [[float(cell.value) for cell in row] for row in grid]
    hidden = _suppress(truth, set(reasons), protection)
    row_labels, column_labels = (*table.rows, TOTAL), (*table.columns, TOTAL)
    cells = {}
    for i, j in product(range(n_rows + 1), range(n_cols + 1)):
        key = (row_labels[i], column_labels[j])
        if (i, j) in hidden:
            code = reasons.get((i, j), SECONDARY)
            cells[key] = PublishedCell(None, secrecy_reason(code), code)
        else:
            cells[key] = PublishedCell(grid[i][j].value)
    return PublishedTable(table.rows, table.columns, cells)


def secrecy_intervals(published_table: PublishedTable) -> dict[Key, tuple[float, float]]:
    """What an attacker can deduce of each hidden entry from the published ones: its (lowest, highest) value."""
    row_labels = (*published_table.rows, TOTAL)
    column_labels = (*published_table.columns, TOTAL)
    values = [
        [None if (v := published_table.cells[(r, c)].value) is None else float(v) for c in column_labels]
        for r in row_labels
    ]
    targets = [(i, j) for i, row in enumerate(values) for j, value in enumerate(row) if value is None]
    found = _intervals(values, targets) if targets else {}
    return {(row_labels[i], column_labels[j]): interval for (i, j), interval in found.items()}
