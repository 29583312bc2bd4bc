"""The observatory's feed (OBSERVATORY_FEED) and labels (OBSERVATORY_LABELS): the shop reads the orders, their
shops' parts, refunds, payouts, parcels and rounds, and hands the observatory one fact per part and one per round
done. Nothing personal goes: a resident is a keyed hash of their account (or e-mail), their address only the
commune it lies in."""

import hashlib
import hmac
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from decimal import Decimal
from functools import lru_cache

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from oscar.core.loading import get_model

from delivery.eligibility import home_delivery_eligibility
from delivery.models import Round, SlotBooking, Stop, VehicleKind
from merchants.models import Fulfilment, Merchant, Payout, Sector
from merchants.refunds import REFUND_EVENT_TYPE
from observatory.facts import FactRow, FeedBatch, RoundRow
from observatory.models import Mode, Outcome
from pickup.models import ContactPoint, OrderPickup

Order = get_model("order", "Order")
Line = get_model("order", "Line")
PaymentEvent = get_model("order", "PaymentEvent")
PaymentEventQuantity = get_model("order", "PaymentEventQuantity")

BATCH = 2000
ZERO = Decimal("0")
# A delivery without a booked slot is on time within this of the planned arrival.
ON_TIME_MARGIN = timedelta(minutes=30)
MODES = {"home-delivery": Mode.HOME, "contact-point": Mode.POINT, "click-and-collect": Mode.SHOP}


def resident_key(*, user_id: int | None, email: str) -> str:
    """A resident as the observatory counts them: a keyed hash, the same on every order, meaningless without
    the deployment's secret."""
    subject = f"user:{user_id}" if user_id else f"email:{(email or '').strip().casefold()}"
    key = hashlib.sha256(f"observatory-resident:{settings.SECRET_KEY}".encode()).digest()
    return hmac.new(key, subject.encode(), hashlib.sha256).hexdigest()[:32]


def observatory_feed(*, since: datetime | None, until: datetime) -> Iterator[FeedBatch]:
    """The active territory's orders and rounds that changed in (since, until], in batches (all when since is
    None)."""
    order_ids = sorted(_orders_changed(since=since, until=until))
    commune_of = _commune_resolver()
    for start in range(0, len(order_ids), BATCH):
        chunk = order_ids[start : start + BATCH]
        yield FeedBatch(order_ids=chunk, facts=_facts(order_ids=chunk, commune_of=commune_of))
    round_ids = sorted(_rounds_changed(since=since, until=until))
    for start in range(0, len(round_ids), BATCH):
        chunk = round_ids[start : start + BATCH]
        yield FeedBatch(round_ids=chunk, rounds=_rounds(round_ids=chunk))


def _orders_changed(*, since: datetime | None, until: datetime) -> set[int]:
    if since is None:
        return set(Order.objects.filter(date_placed__lte=until).values_list("pk", flat=True))
    window = {"gt": since, "lte": until}

    def between(field: str) -> Q:
        return Q(**{f"{field}__{op}": value for op, value in window.items()})

    changed = set(Order.objects.filter(between("date_placed")).values_list("pk", flat=True))
    changed |= set(PaymentEvent.objects.filter(between("date_created")).values_list("order_id", flat=True))
    changed |= set(Fulfilment.objects.filter(between("updated_at")).values_list("order_id", flat=True))
    changed |= set(
        Payout.objects.filter(between("created_at") | between("sent_at")).values_list("order_id", flat=True)
    )
    changed |= set(
        Stop.objects.filter(between("done_at"), fulfilment__isnull=False).values_list(
            "fulfilment__order_id", flat=True
        )
    )
    return changed


def _rounds_changed(*, since: datetime | None, until: datetime) -> set[int]:
    if since is None:
        return set(Round.objects.values_list("pk", flat=True))
    recent = Round.objects.filter(day__gte=timezone.localtime(since).date() - timedelta(days=1))
    changed = set(recent.values_list("pk", flat=True))
    changed |= set(
        Stop.objects.filter(done_at__gt=since, done_at__lte=until).values_list("round_id", flat=True)
    )
    return changed


def _commune_resolver():
    @lru_cache(maxsize=4096)
    def commune_of(postcode: str, town: str) -> int | None:
        commune = home_delivery_eligibility(postcode=postcode or "", town=town or "").commune
        return commune.pk if commune is not None else None

    return commune_of


def _facts(*, order_ids: list[int], commune_of) -> list[FactRow]:
    orders = {
        row["pk"]: row
        for row in Order.objects.filter(pk__in=order_ids).values(
            "pk",
            "date_placed",
            "user_id",
            "guest_email",
            "shipping_code",
            "shipping_address__postcode",
            "shipping_address__line4",
        )
    }
    parts = list(
        Fulfilment.objects.filter(order_id__in=order_ids).values(
            "pk", "order_id", "merchant_id", "merchant__sector"
        )
    )
    prices = dict(Line.objects.filter(order_id__in=order_ids).values_list("pk", "line_price_incl_tax"))
    lines_of = defaultdict(list)
    for part_id, line_id in Fulfilment.lines.through.objects.filter(
        fulfilment__order_id__in=order_ids
    ).values_list("fulfilment_id", "line_id"):
        lines_of[part_id].append(line_id)
    refunded = set(
        PaymentEventQuantity.objects.filter(
            event__order_id__in=order_ids, event__event_type__name=REFUND_EVENT_TYPE
        ).values_list("line_id", flat=True)
    )
    payouts = defaultdict(lambda: [ZERO, ZERO])
    for order_id, merchant_id, amount, commission in Payout.objects.filter(
        order_id__in=order_ids, status=Payout.Status.SENT
    ).values_list("order_id", "merchant_id", "amount", "commission"):
        payouts[(order_id, merchant_id)][0] += amount
        payouts[(order_id, merchant_id)][1] += commission
    points = dict(
        OrderPickup.objects.filter(order_id__in=order_ids).values_list("order_id", "contact_point_id")
    )
    outcomes = _outcomes(order_ids=order_ids)
    facts = []
    for part in parts:
        order = orders.get(part["order_id"])
        if order is None:
            continue
        placed = timezone.localtime(order["date_placed"])
        line_ids = lines_of[part["pk"]]
        gross = sum((prices.get(line, ZERO) for line in line_ids), ZERO)
        back = sum((prices.get(line, ZERO) for line in line_ids if line in refunded), ZERO)
        paid, commission = payouts[(order["pk"], part["merchant_id"])]
        mode = MODES.get(order["shipping_code"], Mode.HOME)
        facts.append(
            FactRow(
                order_id=order["pk"],
                merchant_id=part["merchant_id"],
                sector=part["merchant__sector"],
                day=placed.date(),
                hour=placed.hour,
                weekday=placed.weekday(),
                commune_id=commune_of(order["shipping_address__postcode"], order["shipping_address__line4"]),
                mode=mode.value,
                contact_point_id=points.get(order["pk"]) if mode == Mode.POINT else None,
                resident=resident_key(user_id=order["user_id"], email=order["guest_email"]),
                revenue=gross - back,
                refunded=back,
                paid=paid,
                commission=commission,
                outcome=outcomes.get(part["pk"], ""),
            )
        )
    return facts


def _outcomes(*, order_ids: list[int]) -> dict[int, str]:
    """Each part's delivery: failed when a home delivery of it failed, else on time or late by its last drop or
    delivery (the booked slot's end, or the planned arrival and a margin); nothing while it is on its way."""
    deadlines = {
        order_id: timezone.make_aware(datetime.combine(day, ends_at))
        for order_id, day, ends_at in SlotBooking.objects.filter(
            order_id__in=order_ids, released_at__isnull=True
        ).values_list("order_id", "slot__day", "slot__ends_at")
    }
    stops = Stop.objects.filter(
        fulfilment__order_id__in=order_ids, kind__in=(Stop.Kind.HOME, Stop.Kind.CONTACT_POINT)
    ).order_by("round__day", "sequence")
    found: dict[int, str] = {}
    for part_id, order_id, kind, status, done_at, planned in stops.values_list(
        "fulfilment_id", "fulfilment__order_id", "kind", "status", "done_at", "planned_arrival"
    ):
        if found.get(part_id) == Outcome.FAILED:
            continue
        if status == Stop.Status.FAILED:
            found[part_id] = Outcome.FAILED.value
        elif status == Stop.Status.DONE and done_at is not None:
            deadline = deadlines.get(order_id) if kind == Stop.Kind.HOME else None
            deadline = deadline or planned + ON_TIME_MARGIN
            found[part_id] = (Outcome.ON_TIME if done_at <= deadline else Outcome.LATE).value
    return found


def _rounds(*, round_ids: list[int]) -> list[RoundRow]:
    delivered = defaultdict(int)
    for round_id in Stop.objects.filter(
        round_id__in=round_ids, kind__in=(Stop.Kind.HOME, Stop.Kind.CONTACT_POINT), status=Stop.Status.DONE
    ).values_list("round_id", flat=True):
        delivered[round_id] += 1
    rows = Round.objects.filter(pk__in=round_ids, status=Round.Status.DONE).values_list(
        "pk", "day", "vehicle__kind", "planned_km"
    )
    return [
        RoundRow(
            round_id=pk, day=day, vehicle_kind=kind, km=Decimal(str(round(km or 0, 2))), parcels=delivered[pk]
        )
        for pk, day, kind, km in rows
    ]


def observatory_labels(*, kind: str, keys: Iterable) -> dict:
    """The names the observatory shows for its keys: sectors, shops (only those that agreed to be named are
    asked for), contact points and vehicle kinds."""
    keys = list(keys)
    if kind == "sector":
        return {key: str(label) for key, label in Sector.choices if key in keys}
    if kind == "merchant":
        return dict(Merchant.objects.filter(pk__in=keys).values_list("pk", "trade_name"))
    if kind == "contact_point":
        return {
            pk: f"{name} ({city})" if city else name
            for pk, name, city in ContactPoint.objects.filter(pk__in=keys).values_list("pk", "name", "city")
        }
    if kind == "vehicle_kind":
        return {key: str(label) for key, label in VehicleKind.choices if key in keys}
    return {}


def observatory_merchant_of(user) -> tuple[int, str] | None:
    """The merchant (id, sector) whose space ``user`` works in, or None."""
    from merchants.payouts import merchant_for_user

    merchant = merchant_for_user(user=user) if user.is_authenticated else None
    return (merchant.pk, merchant.sector) if merchant is not None else None
