"""Reads for the merchant space: a merchant's own figures, from the facts of their own parts of orders only."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Sum

from observatory.models import Fact
from observatory.periods import Period


@dataclass(frozen=True)
class OwnFigures:
    sales: Decimal  # VAT included, refunds taken off, as the observatory's sales table counts them
    orders: int


def merchant_own_figures(*, territory, merchant_id: int, period: Period) -> OwnFigures:
    """The merchant's sales kept and orders in the period (their own figures: no secrecy between them and
    themselves)."""
    totals = Fact.objects.filter(
        territory=territory,
        merchant_id=merchant_id,
        day__gte=period.start,
        day__lt=period.end,
        revenue__gt=0,
    ).aggregate(sales=Sum("revenue"), orders=Count("order_id", distinct=True))
    return OwnFigures(totals["sales"] or Decimal("0.00"), totals["orders"] or 0)
