"""The rollups equal what the raw orders say, computed here straight from the order lines, refund events and
payouts (not through the observatory's feed), before and after refunds, a cancellation and new orders, refreshed
incrementally; and a refresh touches only the periods that changed."""

from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.utils import timezone
from oscar.core.loading import get_model

from merchants.models import Fulfilment, Payout
from merchants.refunds import REFUND_EVENT_TYPE, fulfilment_lines_mark_unavailable, order_cancel
from observatory.models import Rollup
from observatory.periods import DAY, KINDS, MONTH, WEEK, YEAR, Period
from observatory.services import rollups_for, rollups_refresh
from tests.merchants.factories import make_order
from tests.observatory.world import D, at, build_world

pytestmark = pytest.mark.django_db

Line = get_model("order", "Line")
PaymentEventQuantity = get_model("order", "PaymentEventQuantity")
MODES = {"home-delivery": "home", "contact-point": "point", "click-and-collect": "shop"}
COMMUNES = {"47200": "Marmande", "47400": "Tonneins"}


def raw(period: Period, world) -> dict:
    """The period's figures from the raw orders."""
    start = timezone.make_aware(timezone.datetime.combine(period.start, timezone.datetime.min.time()))
    end = timezone.make_aware(timezone.datetime.combine(period.end, timezone.datetime.min.time()))
    lines = Line.objects.filter(order__date_placed__gte=start, order__date_placed__lt=end)
    refunded = set(
        PaymentEventQuantity.objects.filter(event__event_type__name=REFUND_EVENT_TYPE).values_list(
            "line_id", flat=True
        )
    )
    kept = lines.exclude(pk__in=refunded)
    sales = defaultdict(Decimal)
    for row in kept.values("partner__merchant__sector", "order__shipping_code").annotate(
        total=Sum("line_price_incl_tax")
    ):
        sales[(row["partner__merchant__sector"], MODES[row["order__shipping_code"]])] += row["total"]
    orders = defaultdict(set)
    residents = set()
    for order_id, code, postcode, user_id in kept.values_list(
        "order_id", "order__shipping_code", "order__shipping_address__postcode", "order__user_id"
    ):
        commune = world.communes[COMMUNES[postcode]].pk if postcode in COMMUNES else "outside"
        orders[(commune, MODES[code])].add(order_id)
        residents.add(user_id)
    payouts = defaultdict(Decimal)
    for payout in Payout.objects.filter(
        status=Payout.Status.SENT, order__date_placed__gte=start, order__date_placed__lt=end
    ).select_related("merchant"):
        payouts[(payout.merchant.sector, "paid")] += payout.amount
        payouts[(payout.merchant.sector, "commission")] += payout.commission
    return {
        "sales": {key: value for key, value in sales.items() if value},
        "orders": {key: len(value) for key, value in orders.items()},
        "residents": len(residents),
        "payouts": {key: value for key, value in payouts.items() if value},
    }


def rolled(period: Period, world) -> dict:
    rollups = rollups_for(territory=world.territory, period=period)

    def values(code, number):
        return {
            (row, column): number(value)
            for row, column, value, *_rest in rollups[code].cube["cells"]
            if Decimal(value)
        }

    total = [m for m in rollups["residents"].cube["margins"] if m[0] is None and m[1] is None]
    return {
        "sales": values("sales", Decimal),
        "orders": values("orders", int),
        "residents": total[0][2] if total else 0,
        "payouts": values("payouts", Decimal),
    }


def periods_of(day):
    return [Period.containing(kind, day) for kind in KINDS]


def test_rollups_equal_the_raw_orders_after_refunds_cancellations_and_new_orders(settings):
    settings.OBSERVATORY_REFRESH_OVERLAP_SECONDS = 0
    world = build_world()
    for period in periods_of(D) + periods_of(D.replace(year=2025)):
        assert rolled(period, world) == raw(period, world), period
    # After the first refresh: a line refunded, an order cancelled, a new order, then an incremental refresh.
    part = Fulfilment.objects.get(order=world.orders[13], merchant=world.merchants["A"])
    fulfilment_lines_mark_unavailable(fulfilment=part, lines=list(part.lines.all()), by=None)
    order_cancel(order=world.orders[20], by=None)
    product = world.orders[0].lines.get(partner=world.merchants["C"].partner).product
    make_order([(product, 2)], user=world.residents[7], placed=at(D, 16))
    before = {(r.kind, r.start): r.computed_at for r in Rollup.objects.all()}
    report = rollups_refresh(territory_id=world.territory.pk)
    assert report.orders == 3 and not report.skipped  # the two changed and the new one
    for period in periods_of(D):
        assert rolled(period, world) == raw(period, world), period
    after = {(r.kind, r.start): r.computed_at for r in Rollup.objects.all()}
    untouched = (YEAR, D.replace(year=2025, month=1, day=1))
    assert after[untouched] == before[untouched]  # a year nothing changed in is left as it was
    assert after[(MONTH, D.replace(day=1))] > before[(MONTH, D.replace(day=1))]
    assert (DAY, D + timedelta(days=1)) not in after or after[(DAY, D + timedelta(days=1))] == before.get(
        (DAY, D + timedelta(days=1))
    )


def test_a_refresh_again_changes_nothing_and_a_period_is_computed_when_first_read():
    world = build_world()
    first = {(r.kind, r.start, r.table): r.cube for r in Rollup.objects.all()}
    report = rollups_refresh(territory_id=world.territory.pk)  # reads the last minutes again: idempotent
    assert report.orders > 0
    again = {(r.kind, r.start, r.table): r.cube for r in Rollup.objects.all()}
    assert {key: again[key] for key in first} == first
    assert not Rollup.objects.filter(kind=DAY, start=D - timedelta(days=30)).exists()
    empty = rollups_for(territory=world.territory, period=Period(DAY, D - timedelta(days=30)))
    assert (
        empty["sales"].cube["cells"] == []
        and Rollup.objects.filter(kind=DAY, start=D - timedelta(days=30)).exists()
    )
    assert rollups_for(territory=world.territory, period=Period(WEEK, D))["sales"].cube["cells"]
