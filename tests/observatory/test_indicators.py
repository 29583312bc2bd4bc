"""Every indicator against the figures computed by hand for the world of tests/observatory/world.py."""

from datetime import timedelta
from decimal import Decimal

import pytest

from merchants.models import Payout
from observatory.models import Fact, Rollup
from observatory.periods import DAY, WEEK, YEAR, Period
from observatory.report import observatory_read
from observatory.secrecy import TOTAL
from observatory.services import rollups_for
from observatory.tables import OUTSIDE
from tests.observatory.world import D, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def cube_cells(rollup: Rollup) -> dict:
    return {
        (row, column): (Decimal(value), residents, orders)
        for row, column, value, _c, residents, orders in rollup.cube["cells"]
    }


def margins(rollup: Rollup) -> dict:
    return {(row, column): (residents, orders) for row, column, residents, orders in rollup.cube["margins"]}


def day_rollups(world, day=D):
    return rollups_for(territory=world.territory, period=Period(DAY, day))


def test_sales_by_sector_and_delivery_mode(world):
    cells = cube_cells(day_rollups(world)["sales"])
    assert cells == {
        ("boulangerie", "home"): (Decimal("64.30"), 11, 11),
        ("boulangerie", "point"): (Decimal("63.00"), 10, 10),
        ("boulangerie", "shop"): (Decimal("6.60"), 2, 2),
        ("boucherie", "home"): (Decimal("10.00"), 1, 1),
    }
    assert margins(day_rollups(world)["sales"])[(None, None)] == (23, 23)
    assert margins(day_rollups(world)["sales"])[("boulangerie", None)] == (23, 23)
    shares = {(r, c): s for r, c, _v, s, *_ in day_rollups(world)["sales"].cube["cells"]}
    a, b, c = (str(world.merchants[key].pk) for key in "ABC")
    assert shares[("boulangerie", "home")] == {a: "36.30", b: "8.00", c: "20.00"}


def test_sales_orders_and_residents_by_commune(world):
    rollups = day_rollups(world)
    marmande, tonneins = world.communes["Marmande"].pk, world.communes["Tonneins"].pk
    assert cube_cells(rollups["communes"]) == {
        (marmande, "home"): (Decimal("56.10"), 7, 7),
        (tonneins, "home"): (Decimal("14.90"), 3, 3),
        (OUTSIDE, "home"): (Decimal("3.30"), 1, 1),
        (marmande, "point"): (Decimal("51.40"), 8, 8),
        (tonneins, "point"): (Decimal("11.60"), 2, 2),
        (marmande, "shop"): (Decimal("3.30"), 1, 1),
        (tonneins, "shop"): (Decimal("3.30"), 1, 1),
    }
    orders = {key: value for key, (value, *_rest) in cube_cells(rollups["orders"]).items()}
    assert orders == {
        (marmande, "home"): 7,
        (tonneins, "home"): 3,
        (OUTSIDE, "home"): 1,
        (marmande, "point"): 8,
        (tonneins, "point"): 2,
        (marmande, "shop"): 1,
        (tonneins, "shop"): 1,
    }
    residents = {key: value for key, (value, *_rest) in cube_cells(rollups["residents"]).items()}
    assert residents == {(marmande, "new"): 16, (tonneins, "new"): 6, (OUTSIDE, "new"): 1}
    next_day = {
        k: v for k, (v, *_r) in cube_cells(day_rollups(world, D + timedelta(days=1))["residents"]).items()
    }
    assert next_day == {(marmande, "returning"): 1}
    week = margins(rollups_for(territory=world.territory, period=Period(WEEK, D))["residents"])
    assert week[(None, None)] == (23, 23)  # resident 0 ordered twice: one resident (counted with one order)


def test_hours_points_delivery_fleet_and_active_merchants(world):
    rollups = day_rollups(world)
    hours = {key: value for key, (value, *_rest) in cube_cells(rollups["hours"]).items()}
    assert hours == {(1, "10-12"): 11, (1, "18-20"): 12}
    points = {key: value for key, (value, *_rest) in cube_cells(rollups["points"]).items()}
    assert points == {(world.point.pk, "parcels"): 10}
    delivery = {key: value for key, (value, *_rest) in cube_cells(rollups["delivery"]).items()}
    assert delivery == {("home", "on_time"): 17, ("home", "late"): 1, ("home", "failed"): 2}
    fleet = {key: value for key, (value, *_rest) in cube_cells(rollups["fleet"]).items()}
    assert fleet == {
        ("cargo_bike", "km"): Decimal("12.50"),
        ("cargo_bike", "parcels"): 18,
        ("cargo_bike", "co2"): Decimal("0.14"),  # 12.5 km × 0.0109 kg/km (ADEME)
    }
    assert rollups["active"].cube["cells"][0][2] == "4"


def test_payouts_and_commission_are_what_was_paid(world):
    cells = cube_cells(day_rollups(world)["payouts"])
    sent = Payout.objects.filter(status=Payout.Status.SENT)
    paid = sum((p.amount for p in sent if p.merchant.sector == "boulangerie"), Decimal("0"))
    commission = sum((p.commission for p in sent if p.merchant.sector == "boulangerie"), Decimal("0"))
    assert paid > 0 and commission > 0
    assert cells[("boulangerie", "paid")][0] == paid
    assert cells[("boulangerie", "commission")][0] == commission
    assert cells[("boucherie", "paid")][0] == sum(
        (p.amount for p in sent if p.merchant.sector == "boucherie"), Decimal("0")
    )


def test_headlines_and_the_year_before(world):
    view = observatory_read(territory=world.territory, period=Period(DAY, D))
    figures = {headline.code: headline for headline in view.headlines}
    assert figures["revenue"].current.value == Decimal("143.90")
    assert figures["revenue"].previous.hidden  # one order of one shop a year before: secret
    assert figures["revenue"].change is None
    # Shop A takes part in every one of the 23 orders: their count would be A's, so it is secret, and so is the
    # average basket that would give it away (143.90 / 23).
    assert figures["orders"].current.code == "dominant"
    assert figures["basket"].current.code == "dominant"
    assert figures["merchants"].current.value == 4
    assert figures["residents"].current.code == figures["new_residents"].current.code == "dominant"  # A's too
    assert figures["failed"].current.hidden  # 2 parts: too few
    # On-time parts among all delivered or failed: here their total counts too few residents, and so does the rate.
    on_time_total = view.tables["delivery"].cell(TOTAL, "on_time")
    assert figures["on_time"].current.code == on_time_total.code == "few_people"
    assert figures["km_per_parcel"].current.value == Decimal("0.69")  # 12.5 / 18
    assert figures["co2"].current.value == Decimal("0.14")
    year = observatory_read(territory=world.territory, period=Period(YEAR, D))
    assert {h.code: h for h in year.headlines}["revenue"].current.value == Decimal(
        "147.20"
    )  # and 3.30 on D + 1


def test_a_cell_of_one_merchant_is_hidden_with_its_reason(world):
    view = observatory_read(territory=world.territory, period=Period(DAY, D))
    sales = view.tables["sales"]
    butcher = sales.cell("boucherie", "home")
    assert butcher.hidden and butcher.code == "few_merchants" and "commerçants" in butcher.reason
    assert sales.cell("boulangerie", "point").hidden  # 10 residents
    assert sales.cell(TOTAL, TOTAL).value == Decimal("143.90")


def test_facts_carry_no_personal_data(world):
    names = {r.first_name for r in world.residents} | {r.email for r in world.residents}
    for fact in Fact.objects.all():
        assert fact.resident not in names and len(fact.resident) == 32
