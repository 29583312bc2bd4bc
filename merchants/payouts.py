"""Paying merchants through Stripe Connect, and the ledger they read.

A Payout is written in the transaction that marks a merchant's lines delivered; ``payout_send`` then makes one
Transfer with the payout's idempotency key, so a retry after a crash (ours or the network's) gets Stripe's first
answer back instead of paying twice, and the beat task re-sends every payout left pending or failed.

Amounts, per (order, merchant):
    gross       the merchant's lines of the order, incl. VAT, as sold
    refunded    those of them refunded to the resident (unavailable lines)
    commission  the commission rate × (gross − refunded), to the cent, half up
    amount      gross − refunded − commission, plus the merchant's share of the delivery fee when
                the municipality lets merchants keep the delivery fee (split by delivered value; the last merchant by id takes
                the rounding remainder)

The rate and who keeps the fee are the order's terms (territory.models.OrderTerms), copied onto it when it was placed:
what the municipality changes later applies to later orders only."""

import csv
import io
import logging
from datetime import date, datetime, timedelta
from decimal import Decimal

import stripe
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import DecimalField, ExpressionWrapper, F, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from core.outbox import outbox_enqueue
from core.vat import euros_fr
from payments import stripe_gateway
from payments.models import PaymentAttempt
from territory.selectors import order_terms

from .calculations import Share, commission_for, share_of  # noqa: F401 - commission_for: the tests' and the ledger's
from .models import Fulfilment, Merchant, Payout, PayoutAccount
from .refunds import _lock_order, refunded_line_ids

logger = logging.getLogger(__name__)

ZERO = Decimal("0.00")
RETRY_AFTER = timedelta(minutes=1)
ERROR_ACCOUNT_NOT_READY = "compte de versement non activé"
ERROR_NO_PAYMENT = (
    "commande sans paiement Stripe (passée avant le paiement en ligne) : aucun virement possible"
)


def payout_share(*, fulfilment: Fulfilment) -> Share:
    """What the fulfilment's merchant earns on this order, under the order's terms (see the module's docstring)."""
    order = fulfilment.order
    terms = order_terms(order=order)
    lines = {
        other.merchant_id: [(line.pk, line.line_price_incl_tax) for line in other.lines.all()]
        for other in order.fulfilments.exclude(status=Fulfilment.Status.CANCELLED).prefetch_related("lines")
    }
    return share_of(
        merchant_id=fulfilment.merchant_id,
        lines_by_merchant=lines,
        refunded_ids=refunded_line_ids(order=order),
        commission_rate=terms.commission_rate,
        delivery_fee_kept_by=terms.delivery_fee_kept_by,
        shipping=order.shipping_incl_tax or ZERO,
    )


def payout_record(*, fulfilment: Fulfilment) -> Payout | None:
    """Records the merchant's payout for a delivered fulfilment, once, and sends it after commit. Call it in
    the transaction that marks the fulfilment delivered."""
    from . import tasks

    existing = Payout.objects.filter(order_id=fulfilment.order_id, merchant_id=fulfilment.merchant_id).first()
    if existing is not None:
        return existing
    share = payout_share(fulfilment=fulfilment)
    if share.amount <= ZERO:
        return None
    payout, created = Payout.objects.get_or_create(
        order_id=fulfilment.order_id,
        merchant_id=fulfilment.merchant_id,
        defaults={
            "gross": share.gross,
            "refunded": share.refunded,
            "commission": share.commission,
            "amount": share.amount,
            "idempotency_key": f"payout-{fulfilment.order.number}-{fulfilment.merchant_id}",
        },
    )
    if created:
        outbox_enqueue(task=tasks.payout_send, payout_id=payout.pk)
    return payout


def fulfilments_mark_delivered_for_order(*, order, by) -> list[Payout]:
    """The resident has the whole order (a parcel collected at the point): every part not cancelled is
    delivered and its merchant's payout recorded. A part that never left its shop is refused
    (ValidationError) and nothing is delivered, so no merchant is paid for what the resident did not get."""
    from .services import fulfilment_mark_delivered

    with transaction.atomic():
        _lock_order(order.pk)
        payouts = []
        for fulfilment in Fulfilment.objects.filter(order=order).exclude(status=Fulfilment.Status.CANCELLED):
            fulfilment_mark_delivered(fulfilment=fulfilment, by=by)
            payout = Payout.objects.filter(order=order, merchant_id=fulfilment.merchant_id).first()
            if payout is not None:
                payouts.append(payout)
    return payouts


class PayoutNotSent(Exception):
    """Stripe refused or could not be reached; the payout is marked failed and will be sent again."""


def payout_send(*, payout_id: int) -> bool:
    """Transfers a recorded payout to the merchant's connected account; True once it is sent (now or before).

    Stays pending while the merchant's account cannot receive payouts; raises PayoutNotSent, after recording
    the error, when Stripe fails, so the task retries. The idempotency key is the payout's, every time."""
    error = None
    with transaction.atomic():
        payout = (
            Payout.objects.select_for_update(of=("self",))
            .select_related("order", "merchant")
            .filter(pk=payout_id)
            .first()
        )
        if payout is None:
            return False
        if payout.status == Payout.Status.SENT:
            return True
        attempt = (
            PaymentAttempt.objects.filter(order_id=payout.order_id).exclude(payment_intent_id=None).first()
        )
        if attempt is None:
            _payout_save(payout, status=Payout.Status.FAILED, last_error=ERROR_NO_PAYMENT)
            return False
        account = PayoutAccount.objects.filter(merchant_id=payout.merchant_id).first()
        if not _account_ready(account):
            _payout_save(payout, status=Payout.Status.PENDING, last_error=ERROR_ACCOUNT_NOT_READY)
            return False
        payout.attempts += 1
        try:
            charge = stripe_gateway.payment_intent_retrieve(intent_id=attempt.payment_intent_id).latest_charge
            if not charge:
                raise PayoutNotSent(f"PaymentIntent {attempt.payment_intent_id} sans paiement encaissé")
            transfer_id = stripe_gateway.transfer_create(
                amount=payout.amount,
                destination=account.stripe_account_id,
                source_transaction=charge,
                transfer_group=payout.order.number,
                idempotency_key=payout.idempotency_key,
            )
        except Exception as exc:  # noqa: BLE001 - whatever broke, the payout is retried with the same key
            error = exc
            logger.warning("Payout %s not sent (attempt %s): %s", payout.pk, payout.attempts, exc)
            _payout_save(payout, status=Payout.Status.FAILED, last_error=f"{type(exc).__name__}: {exc}"[:255])
        else:
            _payout_save(
                payout,
                status=Payout.Status.SENT,
                last_error="",
                stripe_transfer_id=transfer_id,
                sent_at=timezone.now(),
            )
    if error is not None:
        raise PayoutNotSent(str(error)) from error
    return True


def payouts_retry_pending() -> int:
    """Enqueues again every payout left pending or failed for more than a minute; returns how many."""
    from . import tasks

    ids = list(
        Payout.objects.filter(
            status__in=[Payout.Status.PENDING, Payout.Status.FAILED],
            created_at__lte=timezone.now() - RETRY_AFTER,
        )
        .exclude(last_error=ERROR_NO_PAYMENT)
        .values_list("pk", flat=True)
    )
    for pk in ids:
        tasks.payout_send.delay(pk)
    return len(ids)


def _account_ready(account: PayoutAccount | None) -> bool:
    if account is None:
        return False
    if not account.payouts_enabled:
        # The merchant may have finished onboarding without coming back to the page: ask Stripe.
        try:
            enabled = stripe_gateway.connect_account_payouts_enabled(account_id=account.stripe_account_id)
        except Exception as exc:  # noqa: BLE001 - an unreachable Stripe is the next retry's business
            logger.warning("Payout account %s not refreshed: %s", account.stripe_account_id, exc)
            return False
        if enabled:
            PayoutAccount.objects.filter(pk=account.pk).update(
                payouts_enabled=True, updated_at=timezone.now()
            )
        return enabled
    return True


def _payout_save(payout: Payout, **fields) -> None:
    for name, value in fields.items():
        setattr(payout, name, value)
    payout.save(update_fields=[*fields, "attempts"])


# Onboarding: the merchant's Express account.


class StripeUnreachable(ValidationError):
    """Stripe did not answer (or refused) a Connect call: nothing changed here, the merchant may try again."""

    def __init__(self, message: str):
        super().__init__(message, code="stripe_unreachable")


def payout_account_onboarding_link(
    *, merchant: Merchant, email: str, refresh_url: str, return_url: str
) -> str:
    """Creates the merchant's Express account on first use and returns Stripe's onboarding link; raises
    StripeUnreachable when Stripe does not answer."""
    try:
        with transaction.atomic():
            merchant = Merchant.objects.select_for_update().get(pk=merchant.pk)
            account = PayoutAccount.objects.filter(merchant=merchant).first()
            if account is None:
                account_id = stripe_gateway.connect_account_create(
                    email=merchant.email or email, business_name=merchant.trade_name
                )
                account = PayoutAccount.objects.create(merchant=merchant, stripe_account_id=account_id)
        return stripe_gateway.connect_account_link(
            account_id=account.stripe_account_id, refresh_url=refresh_url, return_url=return_url
        )
    except stripe.StripeError as error:
        logger.warning("Stripe Connect onboarding for merchant %s failed: %s", merchant.pk, error)
        raise StripeUnreachable(
            _("Stripe ne répond pas pour le moment : réessayez dans quelques minutes.")
        ) from error


def payout_account_refresh(*, merchant: Merchant) -> PayoutAccount | None:
    """Asks Stripe whether the merchant's account can now receive payouts, and keeps the answer."""
    account = PayoutAccount.objects.filter(merchant=merchant).first()
    if account is None:
        return None
    try:
        enabled = stripe_gateway.connect_account_payouts_enabled(account_id=account.stripe_account_id)
    except stripe.StripeError as error:
        logger.warning("Stripe Connect account %s not read: %s", account.stripe_account_id, error)
        raise StripeUnreachable(
            _("Stripe ne répond pas : l'état de votre compte sera mis à jour plus tard.")
        ) from error
    if enabled != account.payouts_enabled:
        account.payouts_enabled = enabled
        account.save(update_fields=["payouts_enabled", "updated_at"])
    return account


# The ledger (reads).


def merchant_for_user(*, user) -> Merchant | None:
    """The approved merchant this user works for (the first one if several), with its payout account; an
    application, a refused or a suspended shop of the same user is never it."""
    return (
        Merchant.objects.filter(partner__users=user, status=Merchant.Status.APPROVED)
        .select_related("payout_account")
        .order_by("pk")
        .first()
    )


def month_bounds(*, month: date) -> tuple[datetime, datetime]:
    """The month's first instant and the next month's, in the shop's time zone."""
    start = timezone.make_aware(datetime(month.year, month.month, 1))
    following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return start, timezone.make_aware(datetime(following.year, following.month, 1))


def payouts_for_merchant(*, merchant: Merchant, month: date) -> QuerySet:
    """The merchant's payouts recorded in ``month``, newest first, never another merchant's."""
    start, end = month_bounds(month=month)
    money = DecimalField(max_digits=12, decimal_places=2)
    return (
        Payout.objects.filter(merchant=merchant, created_at__gte=start, created_at__lt=end)
        .select_related("order")
        .annotate(
            delivery_fee=ExpressionWrapper(
                F("amount") - F("gross") + F("refunded") + F("commission"), output_field=money
            )
        )
        .order_by("-created_at", "-pk")
    )


def payout_statement(*, payouts: QuerySet) -> dict[str, Decimal]:
    """The period's totals: gross, refunded, commission, delivery fee share, net, and net already sent."""
    totals = payouts.aggregate(
        gross=Sum("gross"), refunded=Sum("refunded"), commission=Sum("commission"), amount=Sum("amount")
    )
    totals = {name: value or ZERO for name, value in totals.items()}
    totals["delivery_fee"] = totals["amount"] - totals["gross"] + totals["refunded"] + totals["commission"]
    sent = payouts.filter(status=Payout.Status.SENT).aggregate(total=Sum("amount"))["total"]
    totals["sent"] = sent or ZERO
    totals["count"] = payouts.count()
    return totals


CSV_COLUMNS = [
    "Commande",
    "Date",
    "Ventes TTC",
    "Remboursements",
    "Commission",
    "Part des frais de livraison",
    "Net",
    "Statut",
    "Virement Stripe",
    "Versé le",
]


def payouts_csv(*, payouts: QuerySet) -> str:
    """The period's payouts for a spreadsheet: ``;``-separated, decimal comma, dates dd/mm/yyyy (Paris), with a
    byte-order mark so Excel reads UTF-8. Columns: CSV_COLUMNS."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for payout in payouts:
        writer.writerow(
            [
                payout.order.number,
                timezone.localtime(payout.created_at).strftime("%d/%m/%Y"),
                euros_fr(payout.gross),
                euros_fr(payout.refunded),
                euros_fr(payout.commission),
                euros_fr(payout.delivery_fee),
                euros_fr(payout.amount),
                str(payout.get_status_display()),
                payout.stripe_transfer_id,
                timezone.localtime(payout.sent_at).strftime("%d/%m/%Y %H:%M") if payout.sent_at else "",
            ]
        )
    return buffer.getvalue()


def month_parse(*, value: str) -> date:
    """``AAAA-MM`` as the month's first day; raises ValueError with a message for the user."""
    try:
        parsed = datetime.strptime(value, "%Y-%m")
    except ValueError:
        raise ValueError(_("Mois invalide : indiquez-le au format AAAA-MM, par exemple 2026-03.")) from None
    if not 2000 <= parsed.year <= 2100:
        raise ValueError(_("Mois invalide : indiquez-le au format AAAA-MM, par exemple 2026-03."))
    return parsed.date()
