"""What the town hall's dashboard home shows: its own territory's activity, in counts and sums, never a person.

Every query goes through the guarded managers, so it reads the active territory only."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone
from oscar.core.loading import get_model


@dataclass(frozen=True)
class TownHallIndicators:
    merchants_online: int
    applications_waiting: int
    products_on_sale: int
    orders_today: int
    orders_week: int
    sales_week: Decimal
    fulfilments_preparing: int
    rounds_today: int
    parcels_waiting: int


def town_hall_indicators(*, today: date | None = None) -> TownHallIndicators:
    from delivery.models import Round
    from merchants.models import Fulfilment, Merchant
    from pickup.models import Parcel

    Order = get_model("order", "Order")
    Product = get_model("catalogue", "Product")
    today = today or timezone.localdate()
    merchants = Merchant.objects.aggregate(
        online=Count("pk", filter=Q(status=Merchant.Status.APPROVED)),
        waiting=Count("pk", filter=Q(status=Merchant.Status.APPLIED)),
    )
    week_start = timezone.make_aware(datetime.combine(today - timedelta(days=6), time.min))
    day_start = timezone.make_aware(datetime.combine(today, time.min))
    week = Order.objects.filter(date_placed__gte=week_start).aggregate(
        count=Count("pk"),
        total=Sum("total_incl_tax"),
        today=Count("pk", filter=Q(date_placed__gte=day_start)),
    )
    return TownHallIndicators(
        merchants_online=merchants["online"],
        applications_waiting=merchants["waiting"],
        products_on_sale=Product.objects.filter(
            is_public=True, structure__in=["standalone", "parent"]
        ).count(),
        orders_today=week["today"],
        orders_week=week["count"],
        sales_week=week["total"] or Decimal("0.00"),
        fulfilments_preparing=Fulfilment.objects.filter(
            order__in=Order.objects.all(), status__in=Fulfilment.PREPARING
        ).count(),
        rounds_today=Round.objects.filter(day=today).count(),
        parcels_waiting=Parcel.objects.filter(
            order__in=Order.objects.all(), status__in=[Parcel.Status.AWAITING, Parcel.Status.READY]
        ).count(),
    )
