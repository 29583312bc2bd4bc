"""Reads about payments."""

from contextlib import contextmanager

from django.db.models import Sum
from django.utils import timezone

from payments.models import PaymentAttempt, StockHold


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


@contextmanager
def territory_activate_for_intent(*, payment_intent_id: str):
    """Runs the block in the territory of the attempt a PaymentIntent pays (found across territories: Stripe's
    webhook has one address for all); across every territory when no attempt has it (nothing will be done)."""
    from territory.tenancy import territory_activate, territory_all

    with territory_all():
        attempt = (
            PaymentAttempt.objects.select_related("territory")
            .filter(payment_intent_id=payment_intent_id)
            .first()
        )
    if attempt is None:
        with territory_all():
            yield
        return
    with territory_activate(attempt.territory):
        yield
