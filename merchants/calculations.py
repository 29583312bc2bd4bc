"""When a merchant's parcel leaves the shop (the delivery round's pass, or the resident coming to collect it), and what
the merchant earns on an order (merchants.payouts explains the amounts)."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from core.hours import (
    ALWAYS_OPEN,
    OpeningCalendar,
    calendar_next_open_time,
    calendar_next_opening,
    week_from_ranges,
)

CLICK_AND_COLLECT = "click-and-collect"
HORIZON_DAYS = 14
VISIT_STEP_MINUTES = 15


def collection_time(
    *,
    shipping_code: str,
    placed_at: datetime,
    opening_hours: Iterable[tuple[int, time, time]],
    passes: tuple[time, ...],
    preparation_minutes: int,
    not_before: datetime | None = None,
) -> datetime | None:
    """The first moment, at least the preparation time after the order, when the shop is open and the parcel can
    leave it: a pass of the delivery round (home delivery, contact point), or, for click-and-collect, the
    resident's earliest visit, on a quarter hour. A shop without known hours counts as always open. None when
    nothing fits in the next two weeks. ``not_before``: no earlier than that (the day of a booked delivery slot)."""
    earliest = timezone.localtime(placed_at) + timedelta(minutes=preparation_minutes)
    if not_before is not None:
        earliest = max(earliest, timezone.localtime(not_before))
    week = week_from_ranges(opening_hours)
    calendar = OpeningCalendar(weekly=week) if week else ALWAYS_OPEN
    if shipping_code == CLICK_AND_COLLECT:
        return calendar_next_opening(
            calendar=calendar, after=earliest, horizon_days=HORIZON_DAYS, step_minutes=VISIT_STEP_MINUTES
        )
    return calendar_next_open_time(calendar=calendar, after=earliest, times=passes, horizon_days=HORIZON_DAYS)


# A merchant's share of an order.

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Share:
    gross: Decimal
    refunded: Decimal
    commission: Decimal
    delivery_fee: Decimal

    @property
    def amount(self) -> Decimal:
        return self.gross - self.refunded - self.commission + self.delivery_fee


def commission_for(*, base: Decimal, rate: Decimal) -> Decimal:
    """The commission at ``rate`` (a fraction) on ``base`` euros, rounded to the cent half up."""
    return (base * rate).quantize(CENT, rounding=ROUND_HALF_UP)


def share_of(
    *,
    merchant_id: int,
    lines_by_merchant: dict[int, list[tuple[int, Decimal]]],
    refunded_ids: set[int],
    commission_rate: Decimal,
    delivery_fee_kept_by: str,
    shipping: Decimal,
) -> Share:
    """The arithmetic of ``payout_share`` on plain values: each merchant's part not cancelled as (line id, price
    incl. VAT) pairs, the lines refunded, the order's terms and delivery fee."""
    values = {
        merchant: sum((price for pk, price in lines if pk not in refunded_ids), ZERO)
        for merchant, lines in lines_by_merchant.items()
    }
    gross = sum((price for _pk, price in lines_by_merchant.get(merchant_id, [])), ZERO)
    refunded = gross - values.get(merchant_id, ZERO)
    fee = ZERO
    if delivery_fee_kept_by == "merchants":
        fee = _fee_split(fee=shipping, values=values).get(merchant_id, ZERO)
    return Share(
        gross=gross,
        refunded=refunded,
        commission=commission_for(base=gross - refunded, rate=commission_rate),
        delivery_fee=fee,
    )


def _fee_split(*, fee: Decimal, values: dict[int, Decimal]) -> dict[int, Decimal]:
    total = sum(values.values(), ZERO)
    if total <= ZERO:
        return {}
    merchants = sorted(values)
    shares = {pk: (fee * values[pk] / total).quantize(CENT, rounding=ROUND_HALF_UP) for pk in merchants[:-1]}
    shares[merchants[-1]] = fee - sum(shares.values(), ZERO)
    return shares
