"""The demo history's orders as the checkout places them and the merchants prepare them: a resident's basket from
one to three shops open for it, the delivery choice and its fee under the territory's terms, each shop's part
collected at the round's pass (or by the resident at the shop), a line now and then unavailable and refunded, an
order now and then cancelled before preparation. Plain values: history_settle writes them once they have
travelled."""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone
from oscar.core.loading import get_model

from core import vat
from merchants.calculations import collection_time
from merchants.models import Fulfilment
from merchants.refunds import _idempotency_key
from payments.models import Refund
from shop.demo.bulk import RowSink
from shop.demo.history_calendar import placed_minute, sector_weight
from shop.demo.history_residents import MODES_INSIDE, Resident
from shop.demo.history_world import Item, Point, Shop, World

Order = get_model("order", "Order")
Line = get_model("order", "Line")

MODE_CODES = {"home": "home-delivery", "point": "contact-point", "shop": "click-and-collect"}
MERCHANTS_PER_BASKET = ((1, 0.72), (2, 0.21), (3, 0.07))
LINES_PER_MERCHANT = ((1, 0.42), (2, 0.32), (3, 0.17), (4, 0.09))
QUANTITIES = ((1, 0.8), (2, 0.15), (3, 0.05))
MAX_LINES = 6
HABIT = 0.75  # how often a resident receives the way they usually do
EVENING = 17 * 60  # ordered after this, a basket is for shops open the next day
CANCELLED_SHARE = 0.01
UNAVAILABLE_SHARE = 0.02
ZERO = Decimal("0.00")


def _pick(choices, rng: random.Random):
    draw, total = rng.random(), 0.0
    for value, share in choices:
        total += share
        if draw < total:
            return value
    return choices[-1][0]


@dataclass
class LineDraft:
    id: int
    item: Item
    quantity: int
    incl: Decimal
    excl: Decimal
    refunded_at: datetime | None = None


@dataclass
class PartDraft:
    id: int  # the fulfilment's
    shop: Shop
    lines: list[LineDraft]
    collection_at: datetime
    accepted_at: datetime
    ready_at: datetime
    cancelled_at: datetime | None = None
    handed_at: datetime | None = None
    delivered_at: datetime | None = None
    dropped_at: datetime | None = None  # left at the contact point by the round
    failed: bool = False  # its home delivery failed: it went to a contact point
    stops: list[dict] = field(default_factory=list)

    @property
    def chilled(self) -> bool:
        return self.shop.chilled or any(line.item.chilled for line in self.lines)

    def active_at(self, moment: datetime) -> bool:
        return self.cancelled_at is None or self.cancelled_at > moment


@dataclass
class RefundDraft:
    at: datetime
    reason: str
    lines: list[LineDraft]
    amount: Decimal
    key: str


@dataclass
class OrderDraft:
    id: int
    number: str
    resident: Resident
    placed_at: datetime
    mode: str
    point: Point | None
    shipping_incl: Decimal
    shipping_excl: Decimal
    fee_basis: str
    surcharge: Decimal
    parts: list[PartDraft]
    seed: str
    refunds: list[RefundDraft] = field(default_factory=list)
    cancelled_at: datetime | None = None
    emptied_at: datetime | None = None  # every line refunded before anything travelled
    redirect_point: Point | None = None  # where a failed home delivery went
    failed_at: datetime | None = None
    waiting: int = 0  # parts still to travel with a round

    @property
    def lines(self) -> list[LineDraft]:
        return [line for part in self.parts for line in part.lines]

    @property
    def total_incl(self) -> Decimal:
        return sum((line.incl for line in self.lines), ZERO) + self.shipping_incl

    @property
    def total_excl(self) -> Decimal:
        return sum((line.excl for line in self.lines), ZERO) + self.shipping_excl

    @property
    def refunded(self) -> Decimal:
        return sum((refund.amount for refund in self.refunds), ZERO)

    def refund(
        self, *, at: datetime, reason: str, lines: list[LineDraft], amount: Decimal, suffix: str
    ) -> None:
        """Records a refund as merchants.refunds does: never more than what is left of the order's total."""
        amount = min(amount, self.total_incl - self.refunded)
        if amount <= ZERO:
            return
        for line in lines:
            line.refunded_at = at
        key = _idempotency_key(order_number=self.number, reason=reason, suffix=suffix)
        self.refunds.append(RefundDraft(at=at, reason=reason, lines=lines, amount=amount, key=key))


def number_prefix(*, territory_id: int, day: date) -> str:
    """The history's order numbers of a day in a territory: their own prefix, never a checkout's or the demo day's."""
    return f"H{territory_id}-{day:%Y%m%d}-"


def order_draft(
    *, world: World, sink: RowSink, resident: Resident, day: date, number: str, seed: str
) -> OrderDraft | None:
    """One resident's order of ``day``, placed, split into its shops' parts and prepared; None when no shop
    could take it."""
    rng = random.Random(seed)
    minute = placed_minute(weekday=day.weekday(), rng=rng)
    placed_at = timezone.make_aware(datetime.combine(day, time(minute // 60, minute % 60, rng.randrange(60))))
    mode = resident.mode if rng.random() < HABIT else _pick(MODES_INSIDE, rng)
    if mode == "home" and resident.insee is None:
        mode = "point"  # outside the catchment area: no round goes there
    if mode == "point" and resident.point is None:
        mode = "shop"
    count = 1 if mode == "shop" else _pick(MERCHANTS_PER_BASKET, rng)  # click and collect: one shop
    for_day = day if minute < EVENING else day + timedelta(days=1)
    shops = _shops_choose(world, for_day, count, rng)
    code = MODE_CODES[mode]
    terms = world.terms
    parts, budget = [], MAX_LINES
    for index, shop in enumerate(shops):
        collection_at = collection_time(
            shipping_code=code,
            placed_at=placed_at,
            opening_hours=shop.hours,
            passes=terms.collection_times,
            preparation_minutes=terms.preparation_minutes,
        )
        wanted = min(_pick(LINES_PER_MERCHANT, rng), budget - (len(shops) - index - 1), len(shop.items))
        if collection_at is None or wanted < 1:
            continue
        budget -= wanted
        lines = []
        for item in _items_choose(shop, wanted, rng):
            quantity = _pick(QUANTITIES, rng)
            lines.append(
                LineDraft(sink.id(Line), item, quantity, item.price * quantity, item.price_excl * quantity)
            )
        lead = collection_at - placed_at
        accepted_at = placed_at + min(timedelta(minutes=rng.uniform(3, 45)), lead * 0.4)
        ready_at = max(collection_at - timedelta(minutes=rng.uniform(5, 25)), accepted_at + lead * 0.1)
        parts.append(PartDraft(sink.id(Fulfilment), shop, lines, collection_at, accepted_at, ready_at))
    if not parts:
        return None
    goods = sum((line.incl for part in parts for line in part.lines), ZERO)
    shipping, basis, surcharge = _fee(world, mode, goods, resident)
    draft = OrderDraft(
        id=sink.id(Order),
        number=number,
        resident=resident,
        placed_at=placed_at,
        mode=mode,
        point=resident.point if mode == "point" else None,
        shipping_incl=shipping,
        shipping_excl=vat.split_inclusive_price(shipping, vat.STANDARD)[0],
        fee_basis=basis,
        surcharge=surcharge,
        parts=parts,
        seed=seed,
    )
    _prepare(draft, rng)
    return draft


def _shops_choose(world: World, day: date, count: int, rng: random.Random) -> list[Shop]:
    """``count`` different shops open on ``day`` (any shop when none is), the popular and in-season ones more
    often."""
    candidates = [shop for shop in world.shops if day.weekday() in shop.open_days] or world.shops
    weights = [shop.popularity * sector_weight(sector=shop.sector, day=day) for shop in candidates]
    chosen: list[Shop] = []
    for _attempt in range(count * 4):
        shop = rng.choices(candidates, weights)[0]
        if shop not in chosen:
            chosen.append(shop)
        if len(chosen) == min(count, len(candidates)):
            break
    return chosen


def _items_choose(shop: Shop, count: int, rng: random.Random) -> list[Item]:
    chosen: list[Item] = []
    for _attempt in range(count * 5):
        item = rng.choices(shop.items, shop.item_weights)[0]
        if item not in chosen:
            chosen.append(item)
        if len(chosen) == count:
            break
    return chosen


def _fee(world: World, mode: str, goods: Decimal, resident: Resident) -> tuple[Decimal, str, Decimal]:
    """The delivery fee incl. VAT, and for a home delivery its basis and the commune's surcharge in it, by the
    rules delivery.fees applies (no history resident is on the social tariff)."""
    if mode == "point":
        return world.terms.pickup_fee, "", ZERO
    if mode == "shop":
        return ZERO, "", ZERO
    rules = world.fees
    if rules.free_above is not None and goods >= rules.free_above:
        return ZERO, "free", ZERO
    surcharge = world.surcharges.get(resident.insee, ZERO)
    return rules.flat + surcharge, "flat", surcharge


def _prepare(draft: OrderDraft, rng: random.Random) -> None:
    """What happens before the parts leave their shops: a cancellation before anyone started (all refunded), or
    the merchants accepting and preparing, declaring a missing line now and then (that line refunded; a part
    left empty is cancelled; nothing left of the order, the delivery fee is refunded too)."""
    first_accepted = min(part.accepted_at for part in draft.parts)
    if rng.random() < CANCELLED_SHARE:
        at = draft.placed_at + (first_accepted - draft.placed_at) * rng.uniform(0.2, 0.9)
        draft.cancelled_at = at
        for part in draft.parts:
            part.cancelled_at = at
        draft.refund(
            at=at, reason=Refund.Reason.CANCELLED, lines=draft.lines, amount=draft.total_incl, suffix=""
        )
        return
    declared = []
    for part in draft.parts:
        missing = [line for line in part.lines if rng.random() < UNAVAILABLE_SHARE]
        if missing:
            declared.append(
                (part.accepted_at + (part.ready_at - part.accepted_at) * rng.uniform(0.1, 0.9), part, missing)
            )
    left = {line.id for line in draft.lines}
    for at, part, missing in sorted(declared, key=lambda item: item[0]):
        left -= {line.id for line in missing}
        amount = sum((line.incl for line in missing), ZERO)
        if len(missing) == len(part.lines):
            part.cancelled_at = at
        if not left:
            amount += draft.shipping_incl
            draft.emptied_at = at
        suffix = "-".join(str(line.id) for line in missing)
        draft.refund(
            at=at, reason=Refund.Reason.LINE_UNAVAILABLE, lines=missing, amount=amount, suffix=suffix
        )


def transport_plan(draft: OrderDraft, rng: random.Random) -> list[tuple[date, PartDraft]]:
    """The parts that travel with a round, by the day they are collected; a part collected at the shop is handed
    to the resident on their visit, soon after it is ready."""
    travelling = []
    for part in draft.parts:
        if part.cancelled_at is not None:
            continue
        if draft.mode == "shop":
            part.handed_at = part.delivered_at = part.collection_at + timedelta(minutes=rng.uniform(0, 150))
        else:
            travelling.append((timezone.localtime(part.collection_at).date(), part))
    draft.waiting = len(travelling)
    return travelling
