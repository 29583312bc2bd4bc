"""Refunds through Stripe: each recorded with its cause by whoever decides it, then sent here, once."""

import stripe
from django.db import transaction
from django.utils import timezone

from payments import stripe_gateway
from payments.models import Refund


def refund_send(*, refund_id: int) -> bool:
    """Sends a recorded refund to Stripe with its idempotency key, once; returns False when it was already sent.
    A Stripe error is recorded on the refund and raised, so the task retries."""
    error = None
    with transaction.atomic():
        refund = Refund.objects.select_for_update(of=("self",)).select_related("attempt").get(pk=refund_id)
        if refund.sent_at is not None:
            return False
        try:
            stripe_id = stripe_gateway.refund_create(
                payment_intent_id=refund.attempt.payment_intent_id,
                amount=refund.amount,
                idempotency_key=refund.idempotency_key,
            )
        except stripe.StripeError as exc:
            error = exc
        else:
            refund.stripe_refund_id = stripe_id
            refund.sent_at = timezone.now()
            refund.last_error = ""
            refund.save(update_fields=["stripe_refund_id", "sent_at", "last_error"])
    if error is not None:
        Refund.objects.filter(pk=refund_id).update(last_error=str(error)[:255])
        raise error
    return True
