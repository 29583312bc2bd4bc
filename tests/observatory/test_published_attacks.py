"""The observatory's real published tables, attacked: by subtraction along every row and column, and by linear
programming over the published cells and margins; each hidden sensitive cell stays uncertain by more than ± 10 %.
Also the "named" table: a merchant who agreed is shown, and the neighbours cannot be recomputed from it."""

from decimal import Decimal

import pytest

from observatory.periods import DAY, WEEK, YEAR, Period
from observatory.report import observatory_read
from observatory.secrecy import SECONDARY, TOTAL, secrecy_intervals
from observatory.services import named_consent_give, rollups_for
from observatory.tables import OTHERS, named_table
from tests.observatory.world import D, build_world

pytestmark = pytest.mark.django_db


def truth(cube: dict) -> dict:
    values = {}
    for row, column, value, *_rest in cube["cells"]:
        value = Decimal(value)
        for key in ((row, column), (row, TOTAL), (TOTAL, column), (TOTAL, TOTAL)):
            values[key] = values.get(key, Decimal("0")) + value
    return values


def attack(published, true_values) -> None:
    rows, columns = (*published.rows, TOTAL), (*published.columns, TOTAL)
    for line in [[(r, c) for c in columns] for r in rows] + [[(r, c) for r in rows] for c in columns]:
        hidden = [key for key in line if published.cells[key].hidden]
        assert len(hidden) != 1, f"{hidden[0]} is its line's total minus the rest"
    intervals = secrecy_intervals(published)
    for key, cell in published.cells.items():
        if cell.hidden and cell.code != SECONDARY:
            value = float(true_values.get(key, 0))
            low, high = intervals[key]
            assert low <= 0.9 * value + 1e-6 and high >= 1.1 * value - 1e-6, (key, value, low, high)


def test_every_published_table_resists_subtraction_and_linear_programming():
    world = build_world()
    named_consent_give(territory=world.territory, merchant_id=world.merchants["A"].pk, user=None)
    checked = 0
    for period in (Period(DAY, D), Period(WEEK, D), Period(YEAR, D)):
        view = observatory_read(territory=world.territory, period=period)
        rollups = rollups_for(territory=world.territory, period=period)
        for code, table in view.tables.items():
            if code == "named":
                continue
            attack(table.current, truth(rollups[code].cube))
            checked += sum(cell.hidden for cell in table.current.cells.values())
        named = view.tables["named"]
        # A agreed, but only B and C are left in the sector: the sector's total (published in "sales") minus A
        # would give them away, so A's own figure is held back to protect its neighbours.
        assert named.cell("boulangerie", OTHERS).code == "few_merchants"
        assert named.cell("boulangerie", world.merchants["A"].pk).code == SECONDARY
        assert {axis.label for axis in named.columns} >= {"Fournil A"}
    assert checked > 10  # the world does hide cells: the attacks had something to attack


def test_without_consent_no_merchant_is_named():
    world = build_world()
    view = observatory_read(territory=world.territory, period=Period(DAY, D))
    assert [axis.key for axis in view.tables["named"].columns] == [OTHERS]
    body = str(view.tables["named"].columns) + str(view.tables["sales"].rows)
    assert "Fournil" not in body


def test_a_merchant_who_agreed_is_shown_when_enough_neighbours_remain():
    from observatory.secrecy import secrecy_apply

    # Sector "boulangerie": A agreed (40 € from 12 residents), B, C and D did not (20, 25, 30 € from 12 residents
    # each); the sector's total counts 30 residents and orders.
    by_merchant = [["boulangerie", 1, "40.00", 12, 12]] + [
        ["boulangerie", pk, value, 12, 12] for pk, value in ((2, "20.00"), (3, "25.00"), (4, "30.00"))
    ]
    cube = {"by_merchant": by_merchant, "margins": [["boulangerie", None, 30, 30], [None, None, 30, 30]]}
    published = secrecy_apply(table=named_table(cube, {1}))
    assert published[("boulangerie", 1)].value == Decimal("40.00")
    assert published[("boulangerie", OTHERS)].value == Decimal("75.00")
    assert published[("boulangerie", TOTAL)].value == Decimal("115.00")
    dominant = secrecy_apply(
        table=named_table(
            {
                **cube,
                "by_merchant": by_merchant[:1]
                + [
                    ["boulangerie", 2, "95.00", 12, 12],
                    ["boulangerie", 3, "3.00", 12, 12],
                    ["boulangerie", 4, "2.00", 12, 12],
                ],
            },
            {1},
        )
    )
    assert dominant[("boulangerie", OTHERS)].code == "dominant"  # B makes 95 % of the others
    assert dominant[("boulangerie", 1)].hidden  # else the total minus A would give B's figure within 5 %
