"""The demo's order history (issue 12, items 4 and 6): past orders written in bulk as the checkout and the later
steps leave them, with a town's seasons, weeks and hours, the same for a seed, written once, inside their
territory only."""

from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone
from oscar.core.loading import get_model

from delivery.models import FailReason, Round, Stop
from merchants.models import Fulfilment, Merchant, Payout
from merchants.payouts import payout_share
from merchants.refunds import REFUND_EVENT_TYPE, refunded_line_ids
from pickup.models import ContactPoint, Parcel
from shop.demo.history import history_generate
from shop.demo.history_calendar import day_weight
from shop.demo.seed import seed_demo
from territory.models import CommunePostcode, Membership, Territory

pytestmark = pytest.mark.django_db

Order = get_model("order", "Order")
PaymentEvent = get_model("order", "PaymentEvent")

YEAR = timezone.localdate().year - 1


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


NOVEMBER_WEEK = monday(date(YEAR, 11, 17))
CHRISTMAS_WEEK = monday(date(YEAR, 12, 20))
AUGUST = monday(date(YEAR, 8, 6))


@pytest.fixture
def territories():
    seed_demo(merchants=8, products_per_merchant=6, territories=2, history_days=0)
    return Territory.objects.get(slug="val-de-garonne"), Territory.objects.get(slug="villeneuve-sur-lot")


def history(territory):
    return Order.objects.filter(territory=territory, number__startswith=f"H{territory.pk}-")


def generate(territory, start, end, **options):
    return history_generate(
        territory=territory,
        start=start,
        end=end,
        orders_per_day=options.pop("orders_per_day", 8),
        residents=options.pop("residents", 120),
        seed=options.pop("seed", "test"),
        **options,
    )


def outside_state(territory):
    return (
        Order.objects.filter(territory=territory).count(),
        Fulfilment.objects.filter(merchant__territory=territory).count(),
        Payout.objects.filter(merchant__territory=territory).count(),
        Round.objects.filter(territory=territory).count(),
        Membership.objects.filter(territory=territory).count(),
    )


def digest(territory):
    orders = []
    for order in (
        history(territory)
        .select_related("user", "shipping_address")
        .prefetch_related("lines", "fulfilments__merchant", "payouts", "payment_events")
        .order_by("number")
    ):
        orders.append(
            (
                order.number,
                order.user.username,
                order.date_placed,
                order.total_incl_tax,
                order.shipping_code,
                order.shipping_address.line1,
                sorted((line.title, line.quantity, line.line_price_incl_tax) for line in order.lines.all()),
                sorted(
                    (part.merchant.slug, part.status, part.collection_at) for part in order.fulfilments.all()
                ),
                sorted((payout.merchant_id, payout.amount, payout.status) for payout in order.payouts.all()),
                sorted((event.amount, event.date_created) for event in order.payment_events.all()),
            )
        )
    stops = sorted(
        Stop.objects.filter(round__territory=territory).values_list(
            "round__day",
            "round__courier_id",
            "sequence",
            "kind",
            "status",
            "done_at",
            "fulfilment__order__number",
        ),
        key=str,
    )
    return orders, stops


def test_the_history_is_the_same_for_a_seed_written_once_and_inside_its_territory(territories):
    garonne, villeneuve = territories
    start, end = NOVEMBER_WEEK, NOVEMBER_WEEK + timedelta(days=9)
    before = outside_state(villeneuve)
    with transaction.atomic():
        first = generate(garonne, start, end)
        assert first.orders > 50 and first.lines > first.orders
        once = digest(garonne)
        transaction.set_rollback(True)
    assert not history(garonne).exists()

    again = generate(garonne, start, end)
    assert (again.orders, again.lines) == (first.orders, first.lines)
    assert digest(garonne) == once
    counts = (history(garonne).count(), Stop.objects.count(), Round.objects.count(), Payout.objects.count())
    third = generate(garonne, start, end)
    assert third.orders == 0 and third.residents_created == 0 and third.rounds == 0
    assert (
        history(garonne).count(),
        Stop.objects.count(),
        Round.objects.count(),
        Payout.objects.count(),
    ) == counts

    # Only the territory's own rows: its orders, its merchants' parts and payouts, its couriers' rounds.
    assert outside_state(villeneuve) == before
    assert (
        not Fulfilment.objects.filter(order__in=history(garonne))
        .exclude(merchant__territory=garonne)
        .exists()
    )
    assert (
        not Round.objects.filter(stops__fulfilment__order__in=history(garonne))
        .exclude(territory=garonne)
        .exists()
    )
    members = Membership.objects.filter(user__orders__in=history(garonne)).values_list(
        "territory_id", flat=True
    )
    assert set(members) == {garonne.pk}


def test_the_history_has_the_seasons_the_weeks_and_the_hours_of_a_towns_trade(territories):
    garonne, _villeneuve = territories
    generate(garonne, AUGUST, AUGUST + timedelta(days=20))
    generate(garonne, NOVEMBER_WEEK - timedelta(days=7), CHRISTMAS_WEEK + timedelta(days=6))
    days = Counter(
        timezone.localtime(at).date() for at in history(garonne).values_list("date_placed", flat=True)
    )

    def mean(first: date, last: date) -> float:
        span = [first + timedelta(days=offset) for offset in range((last - first).days + 1)]
        return sum(days[day] for day in span) / len(span)

    december = mean(date(YEAR, 12, 1), CHRISTMAS_WEEK + timedelta(days=6))
    assert december > 1.8 * mean(AUGUST, AUGUST + timedelta(days=20))
    assert sum(days[CHRISTMAS_WEEK + timedelta(days=n)] for n in range(7)) > 1.5 * sum(
        days[NOVEMBER_WEEK + timedelta(days=n)] for n in range(7)
    )
    weekdays = Counter()
    for day, count in days.items():
        weekdays[day.weekday()] += count
    assert weekdays[5] > 1.4 * weekdays[1] and weekdays[6] == min(weekdays.values())  # Saturday, Sunday
    assert day_weight(date(YEAR, 12, 25)) < day_weight(date(YEAR, 12, 23)) / 3  # Christmas Day, shops closed

    hours = Counter(
        timezone.localtime(at).hour for at in history(garonne).values_list("date_placed", flat=True)
    )
    assert hours[11] > 2 * hours[15] and hours[18] > 2 * hours[15] and hours[11] > 2 * hours[8]

    # Each shop is ordered from for a day it opens: the day itself, or the next one for an evening's order.
    open_days = {
        merchant.pk: {hours.weekday for hours in merchant.opening_hours.all()}
        for merchant in Merchant.objects.prefetch_related("opening_hours")
    }
    for placed, merchant_id in Fulfilment.objects.filter(order__in=history(garonne)).values_list(
        "order__date_placed", "merchant_id"
    ):
        placed = timezone.localtime(placed)
        for_day = placed.date() + timedelta(days=1 if placed.hour >= 17 else 0)
        assert for_day.weekday() in open_days[merchant_id] or not open_days[merchant_id]


def test_every_history_order_is_as_the_checkout_and_the_later_steps_leave_it(territories):
    garonne, _villeneuve = territories
    generate(
        garonne, NOVEMBER_WEEK - timedelta(days=14), CHRISTMAS_WEEK + timedelta(days=6), orders_per_day=10
    )
    postcodes = set(
        CommunePostcode.objects.filter(commune__territory=garonne).values_list("postcode", flat=True)
    )
    points = set(
        ContactPoint.objects.filter(
            insee_code__in=garonne.communes.values_list("insee_code", flat=True)
        ).values_list("pk", flat=True)
    )
    orders = (
        history(garonne)
        .select_related("user__territory_membership", "shipping_address", "terms")
        .prefetch_related(
            "lines", "fulfilments__lines", "fulfilments__merchant", "fulfilments__stops", "payouts"
        )
    )
    seen = Counter()
    for order in orders:
        lines = list(order.lines.all())
        parts = list(order.fulfilments.all())
        refunded = refunded_line_ids(order=order)
        assert order.user.territory_membership.territory_id == garonne.pk
        assert order.terms.commission_rate == Decimal("0.05")
        assert (
            order.total_incl_tax == sum(line.line_price_incl_tax for line in lines) + order.shipping_incl_tax
        )
        assert sorted(line.pk for part in parts for line in part.lines.all()) == sorted(
            line.pk for line in lines
        )
        for part in parts:
            assert {line.partner_id for line in part.lines.all()} == {part.merchant.partner_id}
            if part.status == Fulfilment.Status.CANCELLED:
                assert {line.pk for line in part.lines.all()} <= refunded
        assert {line.pk for line in lines if line.allocation_cancelled} <= refunded
        if all(part.status == Fulfilment.Status.CANCELLED for part in parts):
            seen["cancelled"] += 1
            assert {line.pk for line in lines} == refunded and not order.payouts.exists()
        if refunded:
            seen["refunded"] += 1
        if order.shipping_code == "contact-point":
            seen["point"] += 1
            assert order.pickup.contact_point_id in points and order.parcel.contact_point_id in points
        if order.shipping_code == "home-delivery":
            seen["home"] += 1
            assert order.shipping_address.postcode in postcodes
            for part in parts:
                if part.status != Fulfilment.Status.CANCELLED:
                    assert any(stop.kind == Stop.Kind.HOME for stop in part.stops.all()), order.number
                    assert any(stop.kind == Stop.Kind.PICKUP for stop in part.stops.all()), order.number
        if order.shipping_code == "click-and-collect":
            seen["shop"] += 1
            assert len(parts) == 1 and not any(part.stops.all() for part in parts)
        for part in parts:
            if part.status == Fulfilment.Status.DELIVERED and sum(
                line.line_price_incl_tax for line in part.lines.all()
            ):
                assert any(payout.merchant_id == part.merchant_id for payout in order.payouts.all()), (
                    order.number
                )
    assert (
        seen["home"]
        and seen["point"]
        and seen["shop"]
        and seen["cancelled"]
        and seen["refunded"] > seen["cancelled"]
    )
    assert (
        PaymentEvent.objects.filter(order__in=history(garonne))
        .exclude(event_type__name=REFUND_EVENT_TYPE)
        .count()
        == 0
    )

    # The payouts are the ones payout_share computes, refunds and all.
    payouts = list(
        Payout.objects.filter(order__in=history(garonne)).select_related("order").order_by("refunded", "pk")
    )
    sample = payouts[:20] + [payout for payout in payouts if payout.refunded][:20]
    assert any(payout.refunded for payout in sample)
    for payout in sample:
        share = payout_share(fulfilment=Fulfilment.objects.get(order=payout.order, merchant=payout.merchant))
        assert (payout.gross, payout.refunded, payout.commission, payout.amount) == (
            share.gross,
            share.refunded,
            share.commission,
            share.amount,
        )
    assert {payout.status for payout in payouts} == {Payout.Status.SENT}

    # Rounds done, their deliveries mostly on time, a few late, a few failed and left at a contact point.
    past = Round.objects.filter(territory=garonne, day__lt=timezone.localdate())  # not the demo's day
    deliveries = Stop.objects.filter(round__in=past, kind__in=[Stop.Kind.HOME, Stop.Kind.CONTACT_POINT])
    late = sum(
        1
        for planned, done in deliveries.values_list("planned_arrival", "done_at")
        if done - planned > timedelta(minutes=30)
    )
    assert 0.03 < late / deliveries.count() < 0.15
    assert set(past.values_list("status", flat=True)) == {Round.Status.DONE}
    assert all(km > 0 for km in past.values_list("planned_km", flat=True))
    failed = list(Stop.objects.filter(round__in=past, status=Stop.Status.FAILED))
    assert failed
    for stop in failed:
        assert (
            stop.kind == Stop.Kind.HOME
            and stop.failure_reason in FailReason.values
            and stop.contact_point_id in points
        )
        assert Stop.objects.filter(
            fulfilment=stop.fulfilment, kind=Stop.Kind.CONTACT_POINT, status=Stop.Status.DONE
        ).exists()
        assert Parcel.objects.filter(order=stop.fulfilment.order, contact_point=stop.contact_point).exists()
    statuses = Counter(Parcel.objects.filter(order__in=history(garonne)).values_list("status", flat=True))
    assert statuses[Parcel.Status.COLLECTED] > 10 * (statuses[Parcel.Status.RETURNED] + 1)


def test_the_demo_computes_the_observatory_once_in_full_then_only_what_changed(territories, monkeypatch):
    """`make demo` shows the municipality a filled observatory at first start, and a demo started again does not
    compute it all over again."""
    from observatory.models import Fact, RefreshState, Rollup
    from observatory.periods import MONTH, Period
    from shop.demo import seed as demo_seed
    from territory.tenancy import territory_activate

    valley, _other = territories
    month = Period.containing(MONTH, timezone.localdate())
    with territory_activate(valley):
        assert Fact.objects.filter(territory=valley).exists()  # the demo's planned day, ordered today
        assert Rollup.objects.filter(
            territory=valley, kind="month", start=month.start, table="sales"
        ).exists()
        first = RefreshState.objects.get(territory=valley).watermark
    calls = []
    real = demo_seed.rollups_refresh

    def recorded(**options):
        calls.append(options)
        return real(**options)

    monkeypatch.setattr(demo_seed, "rollups_refresh", recorded)
    seed_demo(merchants=8, products_per_merchant=6, territories=1, history_days=0)
    assert calls == [{"territory_id": valley.pk, "full": False}]
    with territory_activate(valley):
        assert RefreshState.objects.get(territory=valley).watermark > first
