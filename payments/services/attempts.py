"""A payment attempt's life: started (checkout frozen, stock held, one PaymentIntent), then brought in line with
Stripe: the order placed once when it succeeded, or refunded when it bought nothing, failed when the card was
declined, expired when abandoned.

The order itself is placed by the callable ``settings.PAYMENTS_ORDER_PLACER`` names (the shop's), called as
``placer(attempt=attempt, basket=basket) -> Order`` inside the attempt's transaction: payments imports nothing
above it. Likewise what a checkout holds besides stock (a delivery slot's place): ``PAYMENTS_CHECKOUT_HOLD``
names ``hold(attempt=attempt)``, called in the transaction that creates the attempt (it may refuse by raising a
ValidationError: nothing is written), and ``PAYMENTS_CHECKOUT_RELEASE`` names ``release(attempt=attempt)``, called
wherever the attempt's stock is given back unsold."""

import logging
from datetime import timedelta

import stripe
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_class, get_model

from core.outbox import outbox_enqueue
from core.wiring import wired
from payments import stripe_gateway
from payments.models import PaymentAttempt, Refund, StockHold
from payments.services.checkout import checkout_freeze, holds_release, stock_short, units_by_stockrecord
from payments.services.outcomes import OutOfStock, PaymentOutcome, PaymentUnavailable, failure_message

logger = logging.getLogger(__name__)

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")
OrderNumberGenerator = get_class("order.utils", "OrderNumberGenerator")


def _order_number(*, basket) -> str:
    """The basket's plain number (Oscar's), also on a retry: the basket's earlier attempts placed no order
    with it (else it would be submitted). A suffix only if another basket or an order took it."""
    base = str(OrderNumberGenerator().order_number(basket))
    number, suffix = base, 1
    while (
        PaymentAttempt.objects.filter(order_number=number).exclude(basket_id=basket.pk).exists()
        or Order.objects.filter(number=number).exists()
    ):
        suffix += 1
        number = f"{base}-{suffix}"
    return number


def _basket_reopen(*, basket_id: int) -> None:
    """Gives a frozen basket back to its owner as their one open basket. While it was frozen, Oscar's basket
    middleware (which loads only open baskets) gave the owner a new one on their next page: its lines, if
    any, are merged into this one (never added twice), so the resident finds every line in one basket."""
    basket = Basket.objects.select_for_update().filter(pk=basket_id, status=Basket.FROZEN).first()
    if basket is None or PaymentAttempt.objects.filter(basket_id=basket_id, status="pending").exists():
        # Not frozen, or frozen by a newer checkout that is still being paid.
        return
    basket.status = Basket.OPEN
    basket.save(update_fields=["status"])
    if basket.owner_id is None:
        return
    for other in Basket.open.select_for_update().filter(owner_id=basket.owner_id).exclude(pk=basket.pk):
        basket.merge(other, add_quantities=False)


def attempt_expire(
    *, attempt: PaymentAttempt, status: str = PaymentAttempt.Status.EXPIRED, give_basket_back: bool = True
) -> None:
    """Gives up a pending attempt (its row locked): holds released, basket back to the resident."""
    holds_release(attempt=attempt)
    wired(setting="PAYMENTS_CHECKOUT_RELEASE")(attempt=attempt)
    attempt.status = status
    attempt.save(update_fields=["status", "failure_message", "updated_at"])
    if give_basket_back:
        _basket_reopen(basket_id=attempt.basket_id)


def attempt_fail(*, attempt: PaymentAttempt, code: str) -> PaymentOutcome:
    """The card was refused (when saved or when charged): the attempt fails and the basket is given back."""
    attempt.failure_message = failure_message(code=code)
    attempt_expire(attempt=attempt, status=PaymentAttempt.Status.FAILED)
    return PaymentOutcome(attempt_id=attempt.pk, error=attempt.failure_message)


def payment_attempt_start(*, basket, user, submission: dict) -> PaymentAttempt:
    """Freezes the checkout and the basket, holds its stock and opens one PaymentIntent for its total.
    Raises OutOfStock (nothing written) when a line cannot be supplied; called again for the same checkout
    while it is pending, returns the same attempt and PaymentIntent."""
    checkout = checkout_freeze(basket=basket, submission=submission)
    total = submission["order_total"]
    with transaction.atomic():
        Basket.objects.select_for_update().filter(pk=basket.pk).first()
        attempt = None
        for pending in PaymentAttempt.objects.select_for_update().filter(
            basket_id=basket.pk, status="pending"
        ):
            if attempt is None and pending.checkout == checkout and pending.amount == total.incl_tax:
                attempt = pending
            else:
                # Superseded by this checkout of the same basket, which stays (or is now) frozen.
                attempt_expire(attempt=pending, give_basket_back=False)
        if attempt is None:
            units = units_by_stockrecord(checkout["lines"])
            titles = {line["stockrecord_id"]: line["title"] for line in checkout["lines"]}
            short = stock_short(units=units, titles=titles, attempt_id=None)
            if short:
                raise OutOfStock(titles=short)
            attempt = PaymentAttempt.objects.create(
                basket_id=basket.pk,
                user=user if getattr(user, "is_authenticated", False) else None,
                order_number=_order_number(basket=basket),
                amount=total.incl_tax,
                currency=total.currency,
                checkout=checkout,
                stock_held_until=timezone.now() + timedelta(minutes=settings.STOCK_HOLD_MINUTES),
            )
            StockHold.objects.bulk_create(
                StockHold(attempt=attempt, stockrecord_id=pk, quantity=quantity)
                for pk, quantity in units.items()
            )
            wired(setting="PAYMENTS_CHECKOUT_HOLD")(attempt=attempt)
            basket.freeze()
    return _attempt_ensure_intent(attempt_id=attempt.pk)


def _attempt_ensure_intent(*, attempt_id: int) -> PaymentAttempt:
    """One PaymentIntent per attempt, whatever the retries: created under the attempt's row lock. When Stripe
    cannot be reached the attempt is given up, its basket back to the resident, and PaymentUnavailable raised."""
    with transaction.atomic():
        attempt = PaymentAttempt.objects.select_for_update().get(pk=attempt_id)
        if attempt.payment_intent_id:
            return attempt
        try:
            # One key per attempt, since a retry of the same basket keeps its order number: Stripe answers a
            # key reused with another amount with an error, and with the same amount with the old intent.
            intent = stripe_gateway.payment_intent_create(
                amount=attempt.amount,
                currency=attempt.currency,
                order_number=attempt.order_number,
                idempotency_key=f"payment-intent-{attempt.order_number}-{attempt.pk}",
            )
        except stripe.StripeError as error:
            logger.warning("PaymentIntent for %s not created: %s", attempt.order_number, error)
            attempt.failure_message = str(PaymentUnavailable().messages[0])[:255]
            attempt_expire(attempt=attempt, status=PaymentAttempt.Status.FAILED)
            failure = error
        else:
            attempt.payment_intent_id = intent.id
            attempt.client_secret = intent.client_secret
            attempt.save(update_fields=["payment_intent_id", "client_secret", "updated_at"])
            return attempt
    raise PaymentUnavailable() from failure


def payment_attempt_complete(*, attempt_id: int | None = None, payment_intent_id: str | None = None):
    """Brings the attempt in line with its PaymentIntent: places the order once when it succeeded (or refunds
    it when the stock is gone), marks it failed when the card was declined. Returns the order or None."""
    if (attempt_id is None) == (payment_intent_id is None):
        raise TypeError("Give exactly one of attempt_id and payment_intent_id.")
    lookup = {"pk": attempt_id} if attempt_id is not None else {"payment_intent_id": payment_intent_id}
    with transaction.atomic():
        attempt = PaymentAttempt.objects.select_for_update().filter(**lookup).first()
        if attempt is None:
            logger.info("No payment attempt for %s", lookup)
            return None
        if attempt.order_id is not None:
            return attempt.order
        if attempt.status == PaymentAttempt.Status.REFUNDED or not attempt.payment_intent_id:
            return None
        intent = stripe_gateway.payment_intent_retrieve(intent_id=attempt.payment_intent_id)
        return attempt_align(attempt=attempt, intent=intent)


def attempt_align(*, attempt: PaymentAttempt, intent: stripe_gateway.Intent):
    """The attempt (its row locked) brought in line with its PaymentIntent as just read from Stripe."""
    if intent.status == "succeeded":
        if intent.amount != attempt.amount or intent.currency != attempt.currency.upper():
            logger.error(
                "PaymentIntent %s paid %s %s, attempt %s expects %s %s: order not placed",
                intent.id,
                intent.amount,
                intent.currency,
                attempt.pk,
                attempt.amount,
                attempt.currency,
            )
            return None
        return _attempt_succeeded(attempt=attempt, intent=intent)
    if attempt.status == PaymentAttempt.Status.PENDING and intent_has_failed(intent):
        attempt_fail(attempt=attempt, code="canceled" if intent.status == "canceled" else intent.failure_code)
    return None


def intent_has_failed(intent: stripe_gateway.Intent) -> bool:
    """Whether Stripe gave the PaymentIntent up (cancelled) or its last charge was refused."""
    return intent.status == "canceled" or (
        intent.status == "requires_payment_method" and bool(intent.failure_message or intent.failure_code)
    )


def _attempt_succeeded(*, attempt: PaymentAttempt, intent):
    basket = Basket.objects.select_for_update().get(pk=attempt.basket_id)
    lines = attempt.checkout["lines"]
    unchanged = basket.status in (Basket.OPEN, Basket.FROZEN) and sorted(
        (line.pk, line.stockrecord_id, line.quantity) for line in basket.lines.all()
    ) == sorted((line["line_id"], line["stockrecord_id"], line["quantity"]) for line in lines)
    others_pending = (
        PaymentAttempt.objects.filter(basket=basket, status="pending").exclude(pk=attempt.pk).exists()
    )
    if not unchanged or (attempt.status != PaymentAttempt.Status.PENDING and others_pending):
        # Paid after the checkout was given up and the basket has moved on (or was ordered another way).
        return _attempt_refund(
            attempt=attempt,
            reason=Refund.Reason.PAYMENT_UNUSED,
            message=_(
                "Ce paiement est arrivé alors que votre panier avait changé : aucune commande n'a été passée "
                "pour lui et les %(amount)s € vous sont intégralement remboursés."
            )
            % {"amount": attempt.amount},
        )
    units = units_by_stockrecord(lines)
    titles = {line["stockrecord_id"]: line["title"] for line in lines}
    short = stock_short(units=units, titles=titles, attempt_id=attempt.pk)
    if short:
        return _attempt_refund(
            attempt=attempt,
            reason=Refund.Reason.OUT_OF_STOCK,
            message=_(
                "Pendant votre paiement, le dernier exemplaire de %(products)s a été vendu : aucune commande n'a "
                "été passée et les %(amount)s € vous sont intégralement remboursés."
            )
            % {"products": ", ".join(short), "amount": attempt.amount},
        )
    order = wired(setting="PAYMENTS_ORDER_PLACER")(attempt=attempt, basket=basket)
    holds_release(attempt=attempt)
    attempt.order = order
    attempt.status = PaymentAttempt.Status.SUCCEEDED
    attempt.failure_message = ""
    attempt.save(update_fields=["order", "status", "failure_message", "updated_at"])
    _notify_resident(attempt_id=attempt.pk)
    return order


def _attempt_refund(*, attempt: PaymentAttempt, reason: str, message: str) -> None:
    """Records the full refund of a payment that bought nothing; the task sends it after commit."""
    from payments import tasks

    refund, _created = Refund.objects.get_or_create(
        # Per attempt: a basket's attempts share its order number.
        idempotency_key=f"refund-{attempt.order_number}-attempt-{attempt.pk}-{reason}",
        defaults={"attempt": attempt, "amount": attempt.amount, "reason": reason},
    )
    attempt.failure_message = message[:255]
    attempt_expire(attempt=attempt, status=PaymentAttempt.Status.REFUNDED)
    outbox_enqueue(task=tasks.refund_send, refund_id=refund.pk)
    _notify_resident(attempt_id=attempt.pk)
    return None


def _notify_resident(*, attempt_id: int) -> None:
    from payments import tasks

    outbox_enqueue(task=tasks.payment_attempt_notify_resident, attempt_id=attempt_id)


def stock_holds_release_expired() -> int:
    """Gives the stock of abandoned checkouts back: attempts past their hold are expired and their baskets
    reopened, unless their payment succeeded meanwhile (then the order is placed). Returns how many expired."""
    expired = 0
    overdue = PaymentAttempt.objects.filter(status="pending", stock_held_until__lt=timezone.now())
    for attempt_id in overdue.values_list("pk", flat=True):
        try:
            expired += _attempt_expire_if_abandoned(attempt_id=attempt_id)
        except stripe.StripeError as error:
            logger.warning("Attempt %s not checked with Stripe, kept for the next run: %s", attempt_id, error)
    return expired


def _attempt_expire_if_abandoned(*, attempt_id: int) -> int:
    with transaction.atomic():
        attempt = PaymentAttempt.objects.select_for_update().get(pk=attempt_id)
        if attempt.status != PaymentAttempt.Status.PENDING or attempt.stock_held_until > timezone.now():
            return 0
        if attempt.payment_intent_id:
            intent = stripe_gateway.payment_intent_retrieve(intent_id=attempt.payment_intent_id)
            if intent.status in ("succeeded", "processing"):
                # Paid (or being paid) while the resident was away: never expire it.
                if intent.status == "succeeded":
                    payment_attempt_complete(attempt_id=attempt.pk)
                return 0
        attempt_expire(attempt=attempt)
        return 1
