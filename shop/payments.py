"""Card payments: a checkout becomes a PaymentAttempt holding its stock and one PaymentIntent; the order is
placed from the attempt once the payment succeeds, exactly once, by whichever of the browser's return and the
webhook comes first. A payment that arrives when the stock is gone is refunded, never lost."""

import logging
import re
from dataclasses import dataclass
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

from core import links
from core.outbox import outbox_enqueue
from payments import stripe_gateway
from payments.models import PaymentAttempt, Refund, StockHold

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


class PaymentNotFound(ValidationError):
    """No such payment for this resident (another resident's, or a card saved for another checkout)."""

    def __init__(self):
        super().__init__(_("Ce paiement est introuvable : rechargez la page."), code="not_found")


@dataclass(frozen=True)
class PaymentOutcome:
    """Where a payment step leaves the resident: paid (the order is placed, or is placed on return), a 3-D
    Secure step for the browser, or refused with the reason in their language."""

    attempt_id: int
    paid: bool = False
    order: object = None
    client_secret: str = ""
    error: str = ""


def decline_reason(*, code: str) -> str:
    """Why Stripe refused a card, as the resident is told it; lost, stolen or suspected cards read as a plain
    refusal, as banks want."""
    reasons = {
        "insufficient_funds": _("provision insuffisante"),
        "expired_card": _("carte expirée"),
        "incorrect_cvc": _("cryptogramme incorrect"),
        "invalid_cvc": _("cryptogramme incorrect"),
        "incorrect_number": _("numéro de carte incorrect"),
        "invalid_number": _("numéro de carte incorrect"),
        "invalid_expiry_month": _("date d'expiration incorrecte"),
        "invalid_expiry_year": _("date d'expiration incorrecte"),
        "card_velocity_exceeded": _("plafond de la carte atteint"),
        "withdrawal_count_limit_exceeded": _("plafond de la carte atteint"),
        "processing_error": _("erreur de traitement chez la banque"),
        "payment_intent_authentication_failure": _("authentification 3-D Secure non aboutie"),
        "setup_intent_authentication_failure": _("authentification 3-D Secure non aboutie"),
        "authentication_required": _("authentification 3-D Secure non aboutie"),
        "canceled": _("paiement annulé"),
        "card_not_saved": _("carte non enregistrée, vérifiez sa saisie"),
    }
    return reasons.get(code) or _("carte refusée par la banque")


def _failure_message(*, code: str) -> str:
    return (
        _(
            "Votre paiement n'a pas abouti (%(reason)s). Votre panier est conservé : vous pouvez réessayer, "
            "avec une autre carte si besoin."
        )
        % {"reason": decline_reason(code=code)}
    )[:255]


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


def _attempt_expire(
    *, attempt: PaymentAttempt, status: str = PaymentAttempt.Status.EXPIRED, give_basket_back: bool = True
) -> None:
    """Gives up a pending attempt (its row locked): holds released, basket back to the resident."""
    _holds_release(attempt=attempt)
    attempt.status = status
    attempt.save(update_fields=["status", "failure_message", "updated_at"])
    if give_basket_back:
        _basket_reopen(basket_id=attempt.basket_id)


def _attempt_fail(*, attempt: PaymentAttempt, code: str) -> PaymentOutcome:
    """The card was refused (when saved or when charged): the attempt fails and the basket is given back."""
    attempt.failure_message = _failure_message(code=code)
    _attempt_expire(attempt=attempt, status=PaymentAttempt.Status.FAILED)
    return PaymentOutcome(attempt_id=attempt.pk, error=attempt.failure_message)


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
                # Superseded by this checkout of the same basket, which stays (or is now) frozen.
                _attempt_expire(attempt=pending, give_basket_back=False)
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
            _attempt_expire(attempt=attempt, status=PaymentAttempt.Status.FAILED)
            failure = error
        else:
            attempt.payment_intent_id = intent.id
            attempt.client_secret = intent.client_secret
            attempt.save(update_fields=["payment_intent_id", "client_secret", "updated_at"])
            return attempt
    raise PaymentUnavailable() from failure


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
        return _attempt_align(attempt=attempt, intent=intent)


def _attempt_align(*, attempt: PaymentAttempt, intent: stripe_gateway.Intent):
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
    if attempt.status == PaymentAttempt.Status.PENDING and _has_failed(intent):
        _attempt_fail(
            attempt=attempt, code="canceled" if intent.status == "canceled" else intent.failure_code
        )
    return None


def _has_failed(intent: stripe_gateway.Intent) -> bool:
    return intent.status == "canceled" or (
        intent.status == "requires_payment_method" and bool(intent.failure_message or intent.failure_code)
    )


# The browser's payment steps -----------------------------------------------------------------------------


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
                _attempt_expire(attempt=locked, status=PaymentAttempt.Status.FAILED)
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
                    attempt_id=attempt.pk, error=attempt.failure_message or _failure_message(code="")
                )
            intent = stripe_gateway.payment_intent_retrieve(intent_id=attempt.payment_intent_id)
            if intent.status in ("requires_payment_method", "requires_confirmation") and not _has_failed(
                intent
            ):
                setup = _setup_of(attempt=attempt, setup_intent_id=setup_intent_id)
                if setup.payment_method is None:
                    # Refused when saved: Stripe's decline test cards are, and localstripe refuses
                    # 4000 0000 0000 0002 there (its SetupIntent ends up canceled, with no error on it).
                    code = setup.failure_code or (
                        "card_declined" if setup.status == "canceled" else "card_not_saved"
                    )
                    return _attempt_fail(attempt=attempt, code=code)
                intent = stripe_gateway.payment_intent_pay(
                    intent_id=attempt.payment_intent_id, payment_method_id=setup.payment_method
                )
            if intent.status == "requires_action":
                return PaymentOutcome(attempt_id=attempt.pk, client_secret=intent.client_secret)
            if intent.status in ("succeeded", "processing"):
                # The return URL places the order (or the webhook, if the browser never gets there).
                return PaymentOutcome(attempt_id=attempt.pk, paid=True)
            code = "canceled" if intent.status == "canceled" else intent.failure_code or "card_declined"
            return _attempt_fail(attempt=attempt, code=code)
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
            if _attempt_align(attempt=attempt, intent=intent) is not None:
                return attempt
            if attempt.status != PaymentAttempt.Status.PENDING or intent.status == "processing":
                # Failed (basket given back), or money on its way: the webhook decides.
                return None
        _attempt_expire(attempt=attempt)
        return None


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
    _notify_resident(attempt_id=attempt.pk)
    return order


def _attempt_refund(*, attempt: PaymentAttempt, reason: str, message: str) -> None:
    """Records the full refund of a payment that bought nothing; the task sends it after commit."""
    from shop import tasks

    refund, _created = Refund.objects.get_or_create(
        # Per attempt: a basket's attempts share its order number.
        idempotency_key=f"refund-{attempt.order_number}-attempt-{attempt.pk}-{reason}",
        defaults={"attempt": attempt, "amount": attempt.amount, "reason": reason},
    )
    attempt.failure_message = message[:255]
    _attempt_expire(attempt=attempt, status=PaymentAttempt.Status.REFUNDED)
    outbox_enqueue(task=tasks.refund_send, refund_id=refund.pk)
    _notify_resident(attempt_id=attempt.pk)
    return None


def _notify_resident(*, attempt_id: int) -> None:
    from shop import tasks

    outbox_enqueue(task=tasks.payment_attempt_notify_resident, attempt_id=attempt_id)


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
