"""Reads about payments."""

from django.db.models import Sum
from django.utils import timezone

from payments.models import StockHold


def units_held(*, stockrecord_ids, exclude_attempt_id: int | None = None, exclude_user_id: int | None = None):
    """Units that unexpired, unreleased holds set aside, by stock record (one query)."""
    holds = StockHold.objects.filter(released_at__isnull=True, attempt__stock_held_until__gt=timezone.now())
    if stockrecord_ids is not None:
        holds = holds.filter(stockrecord_id__in=stockrecord_ids)
    if exclude_attempt_id is not None:
        holds = holds.exclude(attempt_id=exclude_attempt_id)
    if exclude_user_id is not None:
        holds = holds.exclude(attempt__user_id=exclude_user_id)
    return dict(
        holds.order_by()
        .values("stockrecord_id")
        .annotate(units=Sum("quantity"))
        .values_list("stockrecord_id", "units")
    )
