"""The browser's payment steps: the card saved on a SetupIntent, the charge and its 3-D Secure, the return, and
the payments a resident left pending when they come back to the checkout. Each answers only the resident's own
attempt."""

import logging
import re

import stripe
from django.db import transaction
from oscar.core.loading import get_model

from payments import stripe_gateway
from payments.models import PaymentAttempt
from payments.services.attempts import (
    attempt_align,
    attempt_expire,
    attempt_fail,
    intent_has_failed,
    payment_attempt_complete,
)
from payments.services.outcomes import PaymentNotFound, PaymentOutcome, PaymentUnavailable, failure_message

logger = logging.getLogger(__name__)

Basket = get_model("basket", "Basket")


def _attempt_of(*, user, attempt_id: str | int, lock: bool = False) -> PaymentAttempt:
    """The resident's own attempt, or PaymentNotFound (an anonymous caller has none)."""
    attempt_id = str(attempt_id)
    if not getattr(user, "is_authenticated", False) or not re.fullmatch(r"\d{1,18}", attempt_id):
        raise PaymentNotFound()
    attempts = PaymentAttempt.objects.filter(pk=int(attempt_id), user=user)
    attempt = (attempts.select_for_update() if lock else attempts).first()
    if attempt is None:
        raise PaymentNotFound()
    return attempt


def payment_attempt_card_setup(*, attempt: PaymentAttempt) -> tuple[str, str]:
    """A SetupIntent for the card that pays this attempt: (id, client_secret). When Stripe cannot be reached
    the attempt is given up, its basket back to the resident, and PaymentUnavailable raised."""
    try:
        return stripe_gateway.setup_intent_create(attempt_id=attempt.pk, order_number=attempt.order_number)
    except stripe.StripeError as error:
        logger.warning("SetupIntent for %s not created: %s", attempt.order_number, error)
        with transaction.atomic():
            locked = PaymentAttempt.objects.select_for_update().get(pk=attempt.pk)
            if locked.status == PaymentAttempt.Status.PENDING:
                locked.failure_message = str(PaymentUnavailable().messages[0])[:255]
                attempt_expire(attempt=locked, status=PaymentAttempt.Status.FAILED)
        raise PaymentUnavailable() from error


def payment_attempt_pay(*, attempt_id: str | int, user, setup_intent_id: str) -> PaymentOutcome:
    """Charges the attempt's PaymentIntent with the card the browser saved on its SetupIntent, or records why
    not: a card refused when saved or when charged fails the attempt and gives the basket back, so the
    resident can try again at once. Called again (after 3-D Secure), it reports what Stripe decided."""
    try:
        with transaction.atomic():
            attempt = _attempt_of(user=user, attempt_id=attempt_id, lock=True)
            if attempt.order_id is not None:
                return PaymentOutcome(attempt_id=attempt.pk, paid=True, order=attempt.order)
            if attempt.status != PaymentAttempt.Status.PENDING or not attempt.payment_intent_id:
                return PaymentOutcome(
                    attempt_id=attempt.pk, error=attempt.failure_message or failure_message(code="")
                )
            intent = stripe_gateway.payment_intent_retrieve(intent_id=attempt.payment_intent_id)
            if intent.status in (
                "requires_payment_method",
                "requires_confirmation",
            ) and not intent_has_failed(intent):
                setup = _setup_of(attempt=attempt, setup_intent_id=setup_intent_id)
                if setup.payment_method is None:
                    # Refused when saved: Stripe's decline test cards are, and localstripe refuses
                    # 4000 0000 0000 0002 there (its SetupIntent ends up canceled, with no error on it).
                    code = setup.failure_code or (
                        "card_declined" if setup.status == "canceled" else "card_not_saved"
                    )
                    return attempt_fail(attempt=attempt, code=code)
                intent = stripe_gateway.payment_intent_pay(
                    intent_id=attempt.payment_intent_id, payment_method_id=setup.payment_method
                )
            if intent.status == "requires_action":
                return PaymentOutcome(attempt_id=attempt.pk, client_secret=intent.client_secret)
            if intent.status in ("succeeded", "processing"):
                # The return URL places the order (or the webhook, if the browser never gets there).
                return PaymentOutcome(attempt_id=attempt.pk, paid=True)
            code = "canceled" if intent.status == "canceled" else intent.failure_code or "card_declined"
            return attempt_fail(attempt=attempt, code=code)
    except stripe.StripeError as error:
        logger.warning("Payment attempt %s not confirmed with Stripe: %s", attempt_id, error)
        raise PaymentUnavailable() from error


def _setup_of(*, attempt: PaymentAttempt, setup_intent_id: str) -> stripe_gateway.Setup:
    """The SetupIntent made for this attempt, or PaymentNotFound: a card saved for another checkout (another
    resident's) never pays this one."""
    if not re.fullmatch(r"seti_[A-Za-z0-9]{1,200}", setup_intent_id or ""):
        raise PaymentNotFound()
    try:
        setup = stripe_gateway.setup_intent_retrieve(setup_intent_id=setup_intent_id)
    except stripe.InvalidRequestError as error:
        raise PaymentNotFound() from error
    if setup.attempt_id != str(attempt.pk):
        logger.warning("SetupIntent %s is not attempt %s's: refused", setup_intent_id, attempt.pk)
        raise PaymentNotFound()
    return setup


def payment_attempt_return(*, attempt_id: str | int, user) -> PaymentOutcome:
    """Where the browser comes back after paying: the order, placed now unless the webhook already did, or
    why there is none."""
    attempt = _attempt_of(user=user, attempt_id=attempt_id)
    try:
        order = payment_attempt_complete(attempt_id=attempt.pk)
    except stripe.StripeError as error:
        logger.warning("Payment attempt %s not checked with Stripe: %s", attempt.pk, error)
        raise PaymentUnavailable() from error
    if order is not None:
        return PaymentOutcome(attempt_id=attempt.pk, paid=True, order=order)
    attempt.refresh_from_db()
    return PaymentOutcome(attempt_id=attempt.pk, error=attempt.failure_message)


def payment_attempts_settle(*, user) -> PaymentAttempt | None:
    """A resident back at the checkout has left their pending payments behind (a card refused in the browser,
    a page reloaded): each is brought in line with Stripe, the order placed if it was paid, else given up and
    its basket given back. Returns the attempt that became an order, if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    left = PaymentAttempt.objects.filter(
        user=user, status=PaymentAttempt.Status.PENDING, basket__status=Basket.FROZEN
    ).values_list("pk", flat=True)
    placed = None
    for attempt_id in list(left):
        try:
            placed = _attempt_settle(attempt_id=attempt_id) or placed
        except stripe.StripeError as error:
            logger.warning("Payment attempt %s not checked with Stripe: %s", attempt_id, error)
            raise PaymentUnavailable() from error
    return placed


def _attempt_settle(*, attempt_id: int) -> PaymentAttempt | None:
    with transaction.atomic():
        attempt = PaymentAttempt.objects.select_for_update().get(pk=attempt_id)
        if attempt.status != PaymentAttempt.Status.PENDING:
            return attempt if attempt.order_id else None
        if attempt.payment_intent_id:
            intent = stripe_gateway.payment_intent_retrieve(intent_id=attempt.payment_intent_id)
            if attempt_align(attempt=attempt, intent=intent) is not None:
                return attempt
            if attempt.status != PaymentAttempt.Status.PENDING or intent.status == "processing":
                # Failed (basket given back), or money on its way: the webhook decides.
                return None
        attempt_expire(attempt=attempt)
        return None
