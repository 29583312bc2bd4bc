"""Stripe's signed webhook: each event once, by id; a payment's events bring its attempt in line with Stripe."""

import logging

import stripe
from django.db import DatabaseError, IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from payments import stripe_gateway
from payments.models import StripeEvent
from payments.selectors import territory_activate_for_intent
from payments.services import payment_attempt_complete

logger = logging.getLogger(__name__)

# Both only ask payment_attempt_complete to read the PaymentIntent's current state, so an event that arrives
# late or out of order (failed after succeeded) never undoes what a later state decided.
PAYMENT_INTENT_EVENTS = {"payment_intent.succeeded", "payment_intent.payment_failed"}


@csrf_exempt
@require_POST
@transaction.non_atomic_requests
def stripe_webhook(request: HttpRequest) -> HttpResponse:
    try:
        event = stripe_gateway.webhook_event(
            payload=request.body, signature=request.headers.get("Stripe-Signature", "")
        )
        if event.type in PAYMENT_INTENT_EVENTS and not event.object_id.startswith("pi_"):
            raise stripe_gateway.WebhookRefused(f"{event.type} without a PaymentIntent id")
    except stripe_gateway.WebhookRefused as error:
        logger.warning("Stripe webhook refused from %s: %s", request.META.get("REMOTE_ADDR"), error)
        return HttpResponse(
            "Événement refusé : signature, date ou forme invalide.",
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    try:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    record = StripeEvent.objects.create(
                        event_id=event.id, type=event.type, payload=event.payload
                    )
            except IntegrityError:
                if not StripeEvent.objects.filter(event_id=event.id).exists():
                    raise  # not a replay: a row the database refused, to be retried (503 below)
                logger.info("Stripe event %s already received", event.id)
                return HttpResponse(status=200)
            if event.type in PAYMENT_INTENT_EVENTS:
                # One endpoint for every territory: the payment runs in its attempt's.
                with territory_activate_for_intent(payment_intent_id=event.object_id):
                    payment_attempt_complete(payment_intent_id=event.object_id)
            else:
                logger.info("Stripe event %s of type %s ignored", event.id, event.type)
            record.processed_at = timezone.now()
            record.save(update_fields=["processed_at"])
    except (stripe.StripeError, DatabaseError) as error:
        # Nothing was recorded: Stripe delivers the event again later.
        logger.warning("Stripe event %s not processed, will be retried: %s", event.id, error)
        return HttpResponse(status=503)
    return HttpResponse(status=200)
