"""A year (or two) of plausible past orders for a territory, written as the checkout and the later steps leave
them, in bulk: what the municipality's observatory reads in the demo and in its benchmark.

Day by day, residents (history_residents: fictional, some loyal, many occasional, joining over time) order at
the hours and on the days a town's trade has (history_calendar: December high, Christmas weeks highest, August
low, Saturdays highest, Sundays lowest, shops' own opening days) from one to three shops (history_orders); each
day's parts travel with that day's rounds (history_rounds); once travelled, an order is written whole
(history_settle): the Oscar order with its address, lines, frozen terms (territory.OrderTerms), delivery fee or
contact point (pickup.OrderPickup), one merchants.Fulfilment per shop with its lines, the delivery.Round and Stop
rows that carried it, its pickup.Parcel and ParcelEvents, its refunds as Oscar payment events of the refund
type with a quantity per refunded line (what merchants.refunds.refunded_line_ids reads), and each delivered
part's merchants.Payout as payout_share computes it.

Left out, on purpose: the payment (no payments.PaymentAttempt, Stripe source or « Paiement » event, as for the
demo's day in shop.demo.day: a PaymentAttempt needs a basket and a PaymentIntent that never existed, so no
payments.Refund rows either, and payouts carry no Stripe transfer id); the stock (past sales leave today's
catalogue as it is); and what only sends messages or records gestures (order notes, e-mails and outbox rows,
courier actions, delivery codes and notices, delivery slots and their bookings, plan runs, Oscar's line prices).

Deterministic for a seed; idempotent: a day whose numbers (history_orders.number_prefix) are there already is
not generated again, and rounds an earlier run left on a day are continued, not duplicated. Memory stays
bounded: rows are written month by month (COPY on PostgreSQL), in one transaction."""

import math
import random
import time as clock
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import connection, transaction
from django.db.models.functions import Substr
from django.utils import timezone
from oscar.core.loading import get_model

from delivery.models import Round, Stop
from shop.demo.bulk import RowSink
from shop.demo.history_calendar import orders_count, orders_expected
from shop.demo.history_orders import number_prefix, order_draft, transport_plan
from shop.demo.history_residents import ResidentPool, residents_ensure
from shop.demo.history_rounds import rounds_run
from shop.demo.history_settle import MODELS, order_settle
from shop.demo.history_world import fleet_ensure, seats_load, world_load
from territory.models import Territory
from territory.tenancy import territory_activate

Order = get_model("order", "Order")

# The demo's year (seed_demo): about 15 orders a day by 400 residents, ending yesterday.
DEMO_ORDERS_PER_DAY, DEMO_RESIDENTS = 15, 400
TRAVELLING_PARTS_PER_ORDER = 1.1  # parts delivered by a round, per order (home and contact point)
BUSIEST_PASS = 0.7  # the share of a day's parts that the busier of the round's passes carries


@dataclass
class HistoryReport:
    territory: str
    start: date
    end: date
    days: int = 0
    days_skipped: int = 0
    orders: int = 0
    lines: int = 0
    residents_created: int = 0
    couriers_added: int = 0
    rounds: int = 0
    seconds: float = 0.0
    rows: dict[str, int] = field(default_factory=dict)


def history_generate(
    *,
    territory: Territory,
    start: date,
    end: date,
    orders_per_day: float,
    residents: int,
    seed: int | str = 0,
    as_of: datetime | None = None,
    progress=None,
) -> HistoryReport:
    """Writes ``territory``'s orders placed from ``start`` to ``end`` (``orders_per_day`` on a year's average,
    by ``residents`` residents, created when missing), as they stand at ``as_of`` (default: now), which must be
    after ``end``. Running it again over the same days adds nothing."""
    as_of = as_of or timezone.now()
    if end < start or end >= timezone.localtime(as_of).date():
        raise ValueError("The history runs from start to end, both in the past (before as_of).")
    started = clock.perf_counter()
    say = progress or (lambda message: None)
    report = HistoryReport(territory=territory.slug, start=start, end=end)
    with territory_activate(territory):
        world = world_load(territory=territory)
        if not world.shops or territory.latitude is None:
            raise ValueError(
                f"{territory.name}: no approved shop with a catalogue, or no centre: no history."
            )
        report.couriers_added = fleet_ensure(
            territory=territory, couriers=_couriers_needed(world, start, end, orders_per_day)
        )
        if report.couriers_added:
            world.seats = seats_load(territory=territory)
        people, report.residents_created = residents_ensure(
            world=world, count=residents, seed=seed, start=start, end=end
        )
        pool = ResidentPool(people)
        with transaction.atomic():
            _write(
                world,
                pool,
                report,
                start=start,
                end=end,
                orders_per_day=orders_per_day,
                seed=seed,
                as_of=as_of,
                say=say,
            )
    _analyze()
    report.seconds = round(clock.perf_counter() - started, 1)
    return report


def history_seed_demo(*, territory: Territory, days: int, progress=None) -> HistoryReport:
    """The demo's past: ``days`` days of orders ending yesterday, the same ones whenever it is seeded that day."""
    yesterday = timezone.localdate() - timedelta(days=1)
    return history_generate(
        territory=territory,
        start=yesterday - timedelta(days=days - 1),
        end=yesterday,
        orders_per_day=DEMO_ORDERS_PER_DAY,
        residents=DEMO_RESIDENTS,
        seed=territory.slug,
        progress=progress,
    )


def _couriers_needed(world, start: date, end: date, orders_per_day: float) -> int:
    busiest = max(
        orders_expected(day=start + timedelta(days=offset), orders_per_day=orders_per_day)
        for offset in range((end - start).days + 1)
    )
    capacity = sum(seat.capacity for seat in world.seats) / len(world.seats) if world.seats else 40
    return math.ceil(busiest * TRAVELLING_PARTS_PER_ORDER * BUSIEST_PASS / capacity)


def _days_done(territory: Territory, start: date, end: date) -> set[date]:
    prefix = f"H{territory.pk}-"
    days = (
        Order.objects.filter(number__startswith=prefix)
        .annotate(day=Substr("number", len(prefix) + 1, 8))
        .filter(day__gte=f"{start:%Y%m%d}", day__lte=f"{end:%Y%m%d}")
        .values_list("day", flat=True)
        .distinct()
    )
    return {datetime.strptime(day, "%Y%m%d").date() for day in days}


def _write(world, pool, report, *, start, end, orders_per_day, seed, as_of, say) -> None:
    sink = RowSink(MODELS[: MODELS.index(Stop)] + [Round] + MODELS[MODELS.index(Stop) :])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Checked row by row as written, parents first, rather than all at the commit (memory).
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    territory = world.territory
    done = _days_done(territory, start, end)
    today = timezone.localtime(as_of).date()
    due = defaultdict(list)
    updates = []

    def settle(draft):
        order_settle(draft=draft, world=world, sink=sink, as_of=as_of)
        report.orders += 1
        report.lines += len(draft.lines)

    day, month_orders = start, 0
    while day <= end or (due and day < today):
        if day <= end and day in done:
            report.days_skipped += 1
        elif day <= end:
            report.days += 1
            rng = random.Random(f"{seed}-{territory.slug}-{day}")
            prefix = number_prefix(territory_id=territory.pk, day=day)
            for index in range(1, orders_count(day=day, orders_per_day=orders_per_day, rng=rng) + 1):
                resident = pool.draw(day=day, rng=rng)
                if resident is None:
                    continue
                number = f"{prefix}{index:04d}"
                draft = order_draft(
                    world=world, sink=sink, resident=resident, day=day, number=number, seed=f"{seed}-{number}"
                )
                if draft is None:
                    continue
                month_orders += 1
                for due_day, part in transport_plan(draft, random.Random(f"{seed}-{number}-travel")):
                    if due_day < today:
                        due[due_day].append((draft, part))
                    else:
                        draft.waiting -= 1  # collected today or later: not yet on a round
                if not draft.waiting:
                    settle(draft)
        legs = due.pop(day, [])
        if legs:
            before = sink.pending(Round)
            updates += rounds_run(
                day=day,
                legs=legs,
                world=world,
                sink=sink,
                rng=random.Random(f"{seed}-{territory.slug}-rounds-{day}"),
            )
            report.rounds += sink.pending(Round) - before
            for draft, _part in legs:
                draft.waiting -= 1
                if not draft.waiting:
                    settle(draft)
        following = day + timedelta(days=1)
        if following.month != day.month or not (following <= end or (due and following < today)):
            sink.flush()
            say(f"historique {territory.name} : {day:%m/%Y}, {month_orders} commandes")
            month_orders = 0
        day = following
    for pk, planned_end, planned_km in updates:
        Round.objects.filter(pk=pk).update(planned_end=planned_end, planned_km=planned_km)
    report.rows = dict(sink.written)


def _analyze() -> None:
    """Fresh planner statistics after a bulk load, as seed_demo does after its own."""
    if connection.vendor != "postgresql":
        return
    tables = [model._meta.db_table for model in MODELS] + [Round._meta.db_table]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f'ANALYZE "{table}"')
