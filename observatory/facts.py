"""What the shop hands the observatory (through OBSERVATORY_FEED): each shop's part of an order, each round done.

The feed is ``callable(*, since, until) -> Iterable[FeedBatch]`` in the active territory: every order (and round)
that changed between ``since`` and ``until`` (all of them when ``since`` is None), in batches; the observatory
replaces the facts of the batch's orders and rounds with the ones given."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class FactRow:
    order_id: int
    merchant_id: int
    sector: str
    day: date
    hour: int
    weekday: int
    commune_id: int | None
    mode: str
    contact_point_id: int | None
    resident: str
    revenue: Decimal
    refunded: Decimal = Decimal("0")
    paid: Decimal = Decimal("0")
    commission: Decimal = Decimal("0")
    outcome: str = ""


@dataclass(frozen=True)
class RoundRow:
    round_id: int
    day: date
    vehicle_kind: str
    km: Decimal
    parcels: int


@dataclass
class FeedBatch:
    order_ids: list[int] = field(default_factory=list)
    facts: list[FactRow] = field(default_factory=list)
    round_ids: list[int] = field(default_factory=list)
    rounds: list[RoundRow] = field(default_factory=list)
