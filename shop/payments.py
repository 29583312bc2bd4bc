"""Card payments: a checkout becomes a PaymentAttempt holding its stock and one PaymentIntent; the order is
placed from the attempt once the payment succeeds, exactly once, by whichever of the browser's return and the
webhook comes first. A payment that arrives when the stock is gone is refunded, never lost."""

import logging
from datetime import timedelta
from decimal import Decimal
from types import SimpleNamespace

import stripe
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Sum
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_class, get_model
from oscar.core.prices import Price

from shop import links, stripe_gateway
from shop.models import PaymentAttempt, Refund, StockHold

logger = logging.getLogger(__name__)

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")
ShippingAddress = get_model("order", "ShippingAddress")
StockRecord = get_model("partner", "StockRecord")
Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")
OrderNumberGenerator = get_class("order.utils", "OrderNumberGenerator")
OrderDispatcher = get_class("order.utils", "OrderDispatcher")
OrderPlacementMixin = get_class("checkout.mixins", "OrderPlacementMixin")
Repository = get_class("shipping.repository", "Repository")
Selector = get_class("partner.strategy", "Selector")
Applicator = get_class("offer.applicator", "Applicator")

SOURCE_TYPE = "Stripe"
PAYMENT_EVENT = "Paiement"
ADDRESS_FIELDS = (
    "title",
    "first_name",
    "last_name",
    "line1",
    "line2",
    "line3",
    "line4",
    "state",
    "postcode",
    "phone_number",
    "notes",
)


class OutOfStock(ValidationError):
    """Not enough units left for some lines of the basket: the resident is told before paying."""

    def __init__(self, *, titles: list[str]):
        self.titles = titles
        super().__init__(
            _(
                "Il ne reste plus assez de stock pour : %(products)s. Retirez-les de votre panier ou réduisez la quantité."
            )
            % {"products": ", ".join(titles)},
            code="out_of_stock",
        )


class PaymentUnavailable(ValidationError):
    """Stripe could not be reached; nothing was charged."""

    def __init__(self):
        super().__init__(
            _("Le paiement est momentanément indisponible. Réessayez dans quelques instants."),
            code="unavailable",
        )


# Freezing the checkout ------------------------------------------------------------------------------------


def _price_data(price) -> dict:
    return {
        "currency": price.currency,
        "excl_tax": str(price.excl_tax),
        "incl_tax": str(price.incl_tax),
        "tax_code": getattr(price, "tax_code", None),
    }


def _price(data: dict) -> Price:
    return Price(
        currency=data["currency"],
        excl_tax=Decimal(data["excl_tax"]),
        incl_tax=Decimal(data["incl_tax"]),
        tax_code=data.get("tax_code"),
    )


def _address_data(address) -> dict | None:
    if address is None:
        return None
    data = {field: str(getattr(address, field, "") or "") for field in ADDRESS_FIELDS}
    data["country"] = address.country_id
    return data


def _lines_data(basket) -> list[dict]:
    return [
        {
            "line_id": line.pk,
            "stockrecord_id": line.stockrecord_id,
            "product_id": line.product_id,
            "quantity": line.quantity,
            "title": line.product.get_title() if line.product_id else "",
        }
        for line in basket.all_lines()
    ]


def _checkout_data(*, basket, submission: dict) -> dict:
    order_kwargs = submission.get("order_kwargs") or {}
    point = order_kwargs.get("pickup_point")
    surcharges = submission.get("surcharges") or []
    return {
        "shipping_address": _address_data(submission.get("shipping_address")),
        "shipping_method": {
            "code": submission["shipping_method"].code,
            "name": str(submission["shipping_method"].name),
        },
        "shipping_charge": _price_data(submission["shipping_charge"]),
        "total": _price_data(submission["order_total"]),
        "surcharges": [
            {"name": str(charge.surcharge.name), "code": charge.surcharge.code, **_price_data(charge.price)}
            for charge in surcharges
        ],
        "pickup": (
            {"point_id": point.pk, "distance_m": order_kwargs.get("pickup_distance_m")}
            if point is not None
            else None
        ),
        "guest_email": order_kwargs.get("guest_email") or "",
        "lines": _lines_data(basket),
    }


def _units_by_stockrecord(lines: list[dict]) -> dict[int, int]:
    units: dict[int, int] = {}
    for line in lines:
        if line["stockrecord_id"] is not None:
            units[line["stockrecord_id"]] = units.get(line["stockrecord_id"], 0) + line["quantity"]
    return units


# Stock holds ----------------------------------------------------------------------------------------------


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


def _stock_short(*, units: dict[int, int], titles: dict[int, str], attempt_id: int | None) -> list[str]:
    """Locks the stock records in a stable order and names the lines they cannot supply, counting the units
    sold and those other checkouts hold."""
    records = list(
        StockRecord.objects.select_for_update(of=("self",))
        .filter(pk__in=list(units))
        .select_related("product__product_class", "product__parent__product_class")
        .order_by("pk")
    )
    held = units_held(stockrecord_ids=list(units), exclude_attempt_id=attempt_id)
    short = []
    for record in records:
        if not record.product.get_product_class().track_stock:
            continue
        if record.net_stock_level - held.get(record.pk, 0) < units[record.pk]:
            short.append(titles.get(record.pk) or record.product.get_title())
    missing = set(units) - {record.pk for record in records}
    short += [titles.get(pk, "?") for pk in sorted(missing)]
    return short


def _holds_release(*, attempt: PaymentAttempt) -> int:
    return attempt.stock_holds.filter(released_at__isnull=True).update(released_at=timezone.now())


# Starting a payment ---------------------------------------------------------------------------------------


def _order_number(*, basket) -> str:
    base = str(OrderNumberGenerator().order_number(basket))
    number, suffix = base, 1
    while (
        PaymentAttempt.objects.filter(order_number=number).exists()
        or Order.objects.filter(number=number).exists()
    ):
        suffix += 1
        number = f"{base}-{suffix}"
    return number


def _attempt_expire(*, attempt: PaymentAttempt, status: str = PaymentAttempt.Status.EXPIRED) -> None:
    """Gives up a pending attempt (its row locked): holds released, basket back to the resident."""
    _holds_release(attempt=attempt)
    attempt.status = status
    attempt.save(update_fields=["status", "failure_message", "updated_at"])
    Basket.objects.filter(pk=attempt.basket_id, status=Basket.FROZEN).update(status=Basket.OPEN)


def payment_attempt_start(*, basket, user, submission: dict) -> PaymentAttempt:
    """Freezes the checkout and the basket, holds its stock and opens one PaymentIntent for its total.
    Raises OutOfStock (nothing written) when a line cannot be supplied; called again for the same checkout
    while it is pending, returns the same attempt and PaymentIntent."""
    checkout = _checkout_data(basket=basket, submission=submission)
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
                _attempt_expire(attempt=pending)
        if attempt is None:
            units = _units_by_stockrecord(checkout["lines"])
            titles = {line["stockrecord_id"]: line["title"] for line in checkout["lines"]}
            short = _stock_short(units=units, titles=titles, attempt_id=None)
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
            basket.freeze()
    return _attempt_ensure_intent(attempt_id=attempt.pk)


def _attempt_ensure_intent(*, attempt_id: int) -> PaymentAttempt:
    """One PaymentIntent per attempt, whatever the retries: created under the attempt's row lock."""
    with transaction.atomic():
        attempt = PaymentAttempt.objects.select_for_update().get(pk=attempt_id)
        if attempt.payment_intent_id:
            return attempt
        try:
            intent = stripe_gateway.payment_intent_create(
                amount=attempt.amount,
                currency=attempt.currency,
                order_number=attempt.order_number,
                idempotency_key=f"payment-intent-{attempt.order_number}",
            )
        except stripe.StripeError as error:
            logger.warning("PaymentIntent for %s not created: %s", attempt.order_number, error)
            raise PaymentUnavailable() from error
        attempt.payment_intent_id = intent.id
        attempt.client_secret = intent.client_secret
        attempt.save(update_fields=["payment_intent_id", "client_secret", "updated_at"])
    return attempt


# Completing a payment -------------------------------------------------------------------------------------


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
        if attempt.status == PaymentAttempt.Status.PENDING and _has_failed(intent):
            attempt.failure_message = _(
                "Votre paiement n'a pas abouti (%(reason)s). Votre panier est conservé : vous pouvez réessayer, "
                "avec une autre carte si besoin."
            ) % {"reason": intent.failure_message or _("paiement annulé")}
            attempt.failure_message = attempt.failure_message[:255]
            _attempt_expire(attempt=attempt, status=PaymentAttempt.Status.FAILED)
        return None


def _has_failed(intent) -> bool:
    return intent.status == "canceled" or (
        intent.status == "requires_payment_method" and bool(intent.failure_message)
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
    units = _units_by_stockrecord(lines)
    titles = {line["stockrecord_id"]: line["title"] for line in lines}
    short = _stock_short(units=units, titles=titles, attempt_id=attempt.pk)
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
    order = order_place_from_attempt(attempt=attempt, basket=basket)
    _holds_release(attempt=attempt)
    attempt.order = order
    attempt.status = PaymentAttempt.Status.SUCCEEDED
    attempt.failure_message = ""
    attempt.save(update_fields=["order", "status", "failure_message", "updated_at"])
    _notify_resident_on_commit(attempt_id=attempt.pk)
    return order


def _attempt_refund(*, attempt: PaymentAttempt, reason: str, message: str) -> None:
    """Records the full refund of a payment that bought nothing; the task sends it after commit."""
    from shop import tasks

    refund, _created = Refund.objects.get_or_create(
        idempotency_key=f"refund-{attempt.order_number}-{reason}",
        defaults={"attempt": attempt, "amount": attempt.amount, "reason": reason},
    )
    attempt.failure_message = message[:255]
    _attempt_expire(attempt=attempt, status=PaymentAttempt.Status.REFUNDED)
    transaction.on_commit(lambda: tasks.refund_send.delay(refund.pk))
    _notify_resident_on_commit(attempt_id=attempt.pk)
    return None


def _notify_resident_on_commit(*, attempt_id: int) -> None:
    from shop import tasks

    transaction.on_commit(lambda: tasks.payment_attempt_notify_resident.delay(attempt_id))


class _Placement(OrderPlacementMixin):
    """Our checkout's order placement (fulfilments, pickup record), used without a view or a session."""

    request = None


def order_place_from_attempt(*, attempt: PaymentAttempt, basket):
    """Places the Oscar order the attempt paid for, from its frozen checkout, with its Stripe payment source
    and payment event; the basket is marked submitted."""
    from pickup.models import ContactPoint

    checkout = attempt.checkout
    user = attempt.user or AnonymousUser()
    basket.strategy = Selector().strategy(user=attempt.user)
    Applicator().apply(basket, attempt.user)

    address = None
    if checkout.get("shipping_address"):
        data = dict(checkout["shipping_address"])
        address = ShippingAddress(country_id=data.pop("country"), **data)
    method_data = checkout["shipping_method"]
    methods = {
        method.code: method for method in Repository().get_shipping_methods(basket, shipping_addr=None)
    }
    method = methods.get(method_data["code"]) or SimpleNamespace(
        code=method_data["code"], name=method_data["name"], discount=lambda basket: Decimal("0.00")
    )
    surcharges = [
        SimpleNamespace(surcharge=SimpleNamespace(name=item["name"], code=item["code"]), price=_price(item))
        for item in checkout.get("surcharges") or []
    ]
    extra = {}
    pickup = checkout.get("pickup")
    if pickup:
        extra["pickup_point"] = ContactPoint.objects.get(pk=pickup["point_id"])
        extra["pickup_distance_m"] = pickup.get("distance_m")
    if checkout.get("guest_email") and not user.is_authenticated:
        extra["guest_email"] = checkout["guest_email"]

    placement = _Placement()
    source_type, _created = SourceType.objects.get_or_create(name=SOURCE_TYPE)
    placement.add_payment_source(
        Source(
            source_type=source_type,
            currency=attempt.currency,
            amount_allocated=attempt.amount,
            amount_debited=attempt.amount,
            reference=attempt.payment_intent_id,
        )
    )
    placement.add_payment_event(PAYMENT_EVENT, attempt.amount, reference=attempt.payment_intent_id)
    with transaction.atomic():
        order = placement.place_order(
            order_number=attempt.order_number,
            user=user,
            basket=basket,
            shipping_address=address,
            shipping_method=method,
            shipping_charge=_price(checkout["shipping_charge"]),
            order_total=_price(checkout["total"]),
            surcharges=surcharges or None,
            **extra,
        )
        basket.submit()
    return order


# Telling the resident ------------------------------------------------------------------------------------


def payment_attempt_notify_resident(*, attempt_id: int) -> bool:
    """E-mails the resident the outcome of a paid attempt once: Oscar's order confirmation, or the refund
    notice when the stock was gone. Returns False when there was nothing (more) to send."""
    with transaction.atomic():
        attempt = (
            PaymentAttempt.objects.select_for_update(of=("self",))
            .select_related("user", "order")
            .filter(pk=attempt_id, resident_notified_at__isnull=True)
            .first()
        )
        if attempt is None:
            return False
        if attempt.status == PaymentAttempt.Status.SUCCEEDED and attempt.order is not None:
            _send_order_confirmation(order=attempt.order)
        elif attempt.status == PaymentAttempt.Status.REFUNDED:
            _send_refund_notice(attempt=attempt)
        else:
            return False
        attempt.resident_notified_at = timezone.now()
        attempt.save(update_fields=["resident_notified_at", "updated_at"])
    return True


def _send_order_confirmation(*, order) -> None:
    context = {"user": order.user, "order": order, "lines": order.lines.all()}
    try:
        if order.user_id:
            path = reverse("customer:order", kwargs={"order_number": order.number})
        else:
            path = reverse(
                "customer:anon-order",
                kwargs={"order_number": order.number, "hash": order.verification_hash()},
            )
    except NoReverseMatch:
        path = None
    if path:
        context["status_path"] = path
        context["status_url"] = links.absolute_url(path=path)
    OrderDispatcher(logger=logger).send_order_placed_email_for_user(order, context)


def _send_refund_notice(*, attempt: PaymentAttempt) -> None:
    email = (attempt.user.email if attempt.user else "") or attempt.checkout.get("guest_email", "")
    if not email:
        return
    send_mail(
        subject=_("Votre paiement est remboursé : commande %(number)s non passée")
        % {"number": attempt.order_number},
        message="\n\n".join(
            [
                _("Bonjour,"),
                attempt.failure_message,
                _("Le remboursement apparaîtra sur votre compte bancaire sous quelques jours."),
            ]
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[email],
    )


# Refunds --------------------------------------------------------------------------------------------------


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


# Abandoned checkouts --------------------------------------------------------------------------------------


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
        _attempt_expire(attempt=attempt)
        return 1
