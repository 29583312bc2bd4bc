"""A demo history order written once its parts have travelled, as the shop's own steps leave it at ``as_of``: the
Oscar order, its address, lines and frozen terms, its delivery fee or contact point, each shop's fulfilment in its
status, the stops that carried it, the contact point's parcel through its life (ready when the last part is
dropped, then collected, or expired and returned and refunded), the refund events naming their lines, and each
delivered part's payout, computed by merchants.calculations.share_of as payout_share does. What happens after
``as_of`` (a parcel not collected yet, a payout not sent yet) has not happened."""

import random
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from oscar.core.loading import get_model

from delivery.models import OrderDeliveryFee, Stop
from merchants.calculations import share_of
from merchants.models import Fulfilment, Payout
from payments.models import Refund
from pickup.models import OrderPickup, Parcel, ParcelEvent
from pickup.services.codes import code_keyed_hash, code_new
from shop.demo.bulk import RowSink
from shop.demo.history_orders import MODE_CODES, OrderDraft, PartDraft
from shop.demo.history_world import World, km_between
from territory.models import OrderTerms

Order = get_model("order", "Order")
Line = get_model("order", "Line")
ShippingAddress = get_model("order", "ShippingAddress")
PaymentEvent = get_model("order", "PaymentEvent")
PaymentEventQuantity = get_model("order", "PaymentEventQuantity")
FulfilmentLine = Fulfilment.lines.through

# Written parents first (territory.rls: a row reached through its parent needs the parent there).
MODELS = [
    ShippingAddress,
    Order,
    OrderTerms,
    OrderDeliveryFee,
    OrderPickup,
    Line,
    Fulfilment,
    FulfilmentLine,
    Stop,
    Parcel,
    ParcelEvent,
    PaymentEvent,
    PaymentEventQuantity,
    Payout,
]
UNCOLLECTED_SHARE = 0.04
COLLECTED_AFTER_DAYS = ((0, 0.35), (1, 0.3), (2, 0.15), (3, 0.08), (4, 0.05), (5, 0.04), (6, 0.03))
Status = Fulfilment.Status
ZERO = Decimal("0.00")
OPENS, CLOSES = time(9), time(18, 30)


def order_settle(*, draft: OrderDraft, world: World, sink: RowSink, as_of: datetime) -> None:
    """Writes the order and everything its life left, up to ``as_of``."""
    rng = random.Random(f"{draft.seed}-settle")
    timeline = _parcel_life(draft, world, rng)
    refunds = [refund for refund in draft.refunds if refund.at <= as_of]
    _order_rows(draft, world, sink)
    released = {
        line.id
        for refund in refunds
        if refund.reason != Refund.Reason.PARCEL_RETURNED
        for line in refund.lines
    }
    for part in draft.parts:
        for line in part.lines:
            _line_row(draft, part, line, sink, released=line.id in released)
    states = {part.id: _state(part, draft, as_of) for part in draft.parts}
    for part in draft.parts:
        status, updated_at = states[part.id]
        notified = draft.placed_at + timedelta(minutes=1)
        sink.add(
            Fulfilment,
            id=part.id,
            order_id=draft.id,
            merchant_id=part.shop.id,
            collection_at=part.collection_at,
            status=status,
            merchant_notified_at=notified if notified <= as_of else None,
            created_at=draft.placed_at,
            updated_at=updated_at,
        )
        for line in part.lines:
            sink.add(FulfilmentLine, id=sink.id(FulfilmentLine), fulfilment_id=part.id, line_id=line.id)
        for stop in part.stops:
            sink.add(Stop, id=sink.id(Stop), **stop)
    if timeline is not None:
        _parcel_rows(draft, timeline, sink, as_of)
    for refund in refunds:
        event_id = sink.id(PaymentEvent)
        sink.add(
            PaymentEvent,
            id=event_id,
            order_id=draft.id,
            amount=refund.amount,
            reference=refund.key,
            event_type_id=world.refund_type_id,
            date_created=refund.at,
        )
        for line in refund.lines:
            sink.add(
                PaymentEventQuantity,
                id=sink.id(PaymentEventQuantity),
                event_id=event_id,
                line_id=line.id,
                quantity=line.quantity,
            )
    _payouts(draft, world, sink, states, as_of, rng)


def _order_rows(draft: OrderDraft, world: World, sink: RowSink) -> None:
    resident = draft.resident
    address_id = sink.id(ShippingAddress)
    search = " ".join(
        part
        for part in [
            resident.first_name,
            resident.last_name,
            resident.line1,
            resident.line4,
            resident.postcode,
            "France",
        ]
        if part
    )
    sink.add(
        ShippingAddress,
        id=address_id,
        first_name=resident.first_name,
        last_name=resident.last_name,
        line1=resident.line1,
        line4=resident.line4,
        postcode=resident.postcode,
        country_id="FR",
        search_text=search,
        phone_number="",
    )
    code = MODE_CODES[draft.mode]
    sink.add(
        Order,
        id=draft.id,
        territory_id=world.territory.pk,
        number=draft.number,
        site_id=world.site_id,
        user_id=resident.user_id,
        currency="EUR",
        total_incl_tax=draft.total_incl,
        total_excl_tax=draft.total_excl,
        shipping_incl_tax=draft.shipping_incl,
        shipping_excl_tax=draft.shipping_excl,
        shipping_address_id=address_id,
        shipping_method=world.method_names[code],
        shipping_code=code,
        date_placed=draft.placed_at,
    )
    terms = world.terms
    sink.add(
        OrderTerms,
        id=sink.id(OrderTerms),
        order_id=draft.id,
        commission_rate=terms.commission_rate,
        delivery_fee_kept_by=terms.delivery_fee_kept_by,
        returned_parcel_refund=terms.returned_parcel_refund,
        created_at=draft.placed_at,
    )
    if draft.mode == "home":
        sink.add(
            OrderDeliveryFee,
            id=sink.id(OrderDeliveryFee),
            order_id=draft.id,
            basis=draft.fee_basis,
            surcharge=draft.surcharge,
            created_at=draft.placed_at,
        )
    if draft.point is not None:
        point = draft.point
        sink.add(
            OrderPickup,
            id=sink.id(OrderPickup),
            order_id=draft.id,
            contact_point_id=point.id,
            point_name=point.name,
            point_type=point.type,
            point_address=point.address,
            point_postcode=point.postcode,
            point_city=point.city,
            distance_m=round(km_between(point.place, resident.place) * 1000),
        )


def _line_row(draft: OrderDraft, part: PartDraft, line, sink: RowSink, *, released: bool) -> None:
    item = line.item
    sink.add(
        Line,
        id=line.id,
        order_id=draft.id,
        partner_id=part.shop.partner_id,
        partner_name=part.shop.name,
        partner_sku=item.sku,
        stockrecord_id=item.stockrecord_id,
        product_id=item.product_id,
        title=item.title,
        upc=item.upc,
        quantity=line.quantity,
        line_price_incl_tax=line.incl,
        line_price_excl_tax=line.excl,
        line_price_before_discounts_incl_tax=line.incl,
        line_price_before_discounts_excl_tax=line.excl,
        unit_price_incl_tax=item.price,
        unit_price_excl_tax=item.price_excl,
        num_allocated=0 if released else line.quantity,
        allocation_cancelled=released,
    )


def _state(part: PartDraft, draft: OrderDraft, as_of: datetime) -> tuple[str, datetime]:
    """The part's status at ``as_of`` and when it got there, through Fulfilment.TRANSITIONS' steps."""
    if part.cancelled_at is not None and part.cancelled_at <= as_of:
        return Status.CANCELLED, part.cancelled_at
    steps = [
        (Status.DELIVERED, part.delivered_at),
        (Status.HANDED_OVER, part.handed_at),
        (Status.READY, part.ready_at),
        (Status.ACCEPTED, part.accepted_at),
    ]
    return next(
        ((status, at) for status, at in steps if at is not None and at <= as_of),
        (Status.NEW, draft.placed_at),
    )


def _counter_time(moment: datetime, rng: random.Random) -> datetime:
    """``moment``, or the counter's next opening after it (9:00 to 18:30, not on Sundays)."""
    if moment.time() > CLOSES:
        moment = (moment + timedelta(days=1)).replace(hour=9, minute=0) + timedelta(
            minutes=rng.uniform(0, 180)
        )
    elif moment.time() < OPENS:
        moment = moment.replace(hour=9, minute=0) + timedelta(minutes=rng.uniform(0, 180))
    while moment.weekday() == 6:
        moment += timedelta(days=1)
    return moment


def _parcel_life(draft: OrderDraft, world: World, rng: random.Random) -> list | None:
    """The parcel's transitions as (from, to, when): announced with the order (or on a failed home delivery),
    ready when its last part is dropped, then collected, or expired and returned (and refunded); cancelled when
    the order is cancelled or emptied first. Parts collected with the parcel are delivered."""
    point = draft.point or draft.redirect_point
    if point is None:
        return None
    S = Parcel.Status
    announced = draft.placed_at if draft.point else draft.failed_at
    timeline = [("", S.AWAITING, announced, point)]
    if draft.point is not None and (draft.cancelled_at or draft.emptied_at):
        return timeline + [(S.AWAITING, S.CANCELLED, draft.cancelled_at or draft.emptied_at, point)]
    inside = [
        part for part in draft.parts if part.cancelled_at is None and (draft.point is not None or part.failed)
    ]
    if not inside or any(part.dropped_at is None for part in inside):
        return timeline
    ready = max(part.dropped_at for part in inside)
    timeline.append((S.AWAITING, S.READY, ready, point))
    # A resident who had part of the order at home comes for the rest.
    delivered_home = any(part.delivered_at is not None for part in draft.parts)
    if not delivered_home and rng.random() < UNCOLLECTED_SHARE:
        expired = ready + timedelta(days=point.retention_days, minutes=rng.uniform(5, 60))
        returned = _counter_time(expired + timedelta(days=rng.randint(1, 3)), rng)
        timeline += [(S.READY, S.EXPIRED, expired, point), (S.EXPIRED, S.RETURNED, returned, point)]
        lines = [line for line in draft.lines if line.refunded_at is None]
        amount = sum((line.incl for line in lines), ZERO)
        if world.terms.returned_parcel_refund == "full":
            amount += draft.shipping_incl
        draft.refund(at=returned, reason=Refund.Reason.PARCEL_RETURNED, lines=lines, amount=amount, suffix="")
        return timeline
    draw = rng.random()
    days = next((days for days, share in _cumulative(COLLECTED_AFTER_DAYS) if draw < share), 6)
    collected = ready + timedelta(days=days, minutes=rng.uniform(20, 240))
    collected = _counter_time(collected, rng)
    timeline.append((S.READY, S.COLLECTED, collected, point))
    for part in draft.parts:
        if part.cancelled_at is None and part.delivered_at is None:
            part.delivered_at = collected
    return timeline


def _cumulative(choices):
    total = 0.0
    for value, share in choices:
        total += share
        yield value, total


def _parcel_rows(draft: OrderDraft, timeline: list, sink: RowSink, as_of: datetime) -> None:
    S = Parcel.Status
    done = [step for step in timeline if step[2] <= as_of]
    if not done:
        return
    parcel_id = sink.id(Parcel)
    at = {to: when for _from, to, when, _point in done}
    point = done[0][3]
    ready = at.get(S.READY)
    sink.add(
        Parcel,
        id=parcel_id,
        order_id=draft.id,
        contact_point_id=point.id,
        status=done[-1][1],
        code_hash=code_keyed_hash(parcel_id, code_new(), settings.SECRET_KEY) if ready else "",
        ready_at=ready,
        expires_at=ready + timedelta(days=point.retention_days) if ready else None,
        collected_at=at.get(S.COLLECTED),
        expired_at=at.get(S.EXPIRED),
        returned_at=at.get(S.RETURNED),
        cancelled_at=at.get(S.CANCELLED),
        ready_notified_at=ready + timedelta(minutes=1) if ready else None,
        created_at=done[0][2],
        updated_at=done[-1][2],
    )
    for from_status, to_status, when, _point in done:
        sink.add(
            ParcelEvent,
            id=sink.id(ParcelEvent),
            parcel_id=parcel_id,
            from_status=from_status,
            to_status=to_status,
            at=when,
        )


def _payouts(
    draft: OrderDraft, world: World, sink: RowSink, states: dict, as_of: datetime, rng: random.Random
) -> None:
    """Each delivered part's payout, recorded on delivery with the refunds known then and sent a day or so later."""
    terms = world.terms
    for part in draft.parts:
        status, delivered_at = states[part.id]
        if status != Status.DELIVERED:
            continue
        refunded = {line.id for refund in draft.refunds if refund.at <= delivered_at for line in refund.lines}
        lines = {
            other.shop.id: [(line.id, line.incl) for line in other.lines]
            for other in draft.parts
            if other.cancelled_at is None or other.cancelled_at > delivered_at
        }
        share = share_of(
            merchant_id=part.shop.id,
            lines_by_merchant=lines,
            refunded_ids=refunded,
            commission_rate=terms.commission_rate,
            delivery_fee_kept_by=terms.delivery_fee_kept_by,
            shipping=draft.shipping_incl,
        )
        if share.amount <= ZERO:
            continue
        sent_at = delivered_at + timedelta(hours=rng.uniform(20, 72))
        sent = sent_at <= as_of
        sink.add(
            Payout,
            id=sink.id(Payout),
            order_id=draft.id,
            merchant_id=part.shop.id,
            gross=share.gross,
            refunded=share.refunded,
            commission=share.commission,
            amount=share.amount,
            idempotency_key=f"payout-{draft.number}-{part.shop.id}",
            status=Payout.Status.SENT if sent else Payout.Status.PENDING,
            attempts=1 if sent else 0,
            created_at=delivered_at,
            sent_at=sent_at if sent else None,
        )
