"""Refunds a resident is owed: a line the merchant cannot supply, a cancellation before preparation, a parcel
returned uncollected.

Each one is recorded in the transaction of the change that causes it, as a ``payments.models.Refund`` (sent through
Stripe by ``payments.tasks.refund_send`` after commit) and as an Oscar payment event "Remboursement" naming the lines
it covers, which the resident sees on their order page and staff in the dashboard. The lines already covered by
a refund event are never refunded again, and every refund has an idempotency key derived from its cause, so a
retried action refunds nothing twice."""

import hashlib
import logging
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Sum
from django.db.models.functions import Coalesce, Least
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from core.outbox import outbox_enqueue
from core.vat import euros_fr
from payments.models import PaymentAttempt, Refund
from pickup.services import parcel_cancel_for_order
from territory.selectors import order_terms

from .models import Fulfilment

logger = logging.getLogger(__name__)

Order = get_model("order", "Order")
OrderLine = get_model("order", "Line")
OrderNote = get_model("order", "OrderNote")
PaymentEvent = get_model("order", "PaymentEvent")
PaymentEventQuantity = get_model("order", "PaymentEventQuantity")
PaymentEventType = get_model("order", "PaymentEventType")
StockRecord = get_model("partner", "StockRecord")

REFUND_EVENT_TYPE = "Remboursement"
NOTE_TYPE = "Remboursement"
NOTICE_SENT_PREFIX = "Courriel de remboursement envoyé : "
ZERO = Decimal("0.00")


def fulfilment_lines_mark_unavailable(
    *, fulfilment: Fulfilment, lines: list, by: AbstractBaseUser | None
) -> Refund | None:
    """The merchant cannot supply ``lines``: they are refunded (price incl. VAT, and the delivery fee too when
    nothing of the order is left to deliver), their stock allocation is released and the stock record lowered
    so nobody else buys the missing units; the resident is told by e-mail. When nothing of the order is left
    to deliver, its contact-point parcel is cancelled. Declaring the same lines again refunds nothing."""
    with transaction.atomic():
        order = _lock_order(fulfilment.order_id)
        fulfilment = Fulfilment.objects.select_for_update().get(pk=fulfilment.pk)
        own = {line.pk: line for line in fulfilment.lines.select_related("stockrecord")}
        wanted = {getattr(line, "pk", line) for line in lines}
        if not wanted:
            raise ValidationError(_("Choisissez au moins un article indisponible."), code="no_line")
        if not wanted <= own.keys():
            raise ValidationError(
                _("Cet article ne fait pas partie de votre préparation."), code="foreign_line"
            )
        refunded = refunded_line_ids(order=order)
        fresh = [own[pk] for pk in sorted(wanted - refunded)]
        if not fresh:
            return None  # declared already: nothing more to refund
        if not fulfilment.is_preparing:
            raise ValidationError(
                _(
                    "Cette préparation est « %(status)s » : ses articles ne peuvent plus être déclarés indisponibles."
                )
                % {"status": fulfilment.get_status_display()},
                code="not_preparing",
            )
        for line in fresh:
            _stock_release_missing(line)
        if set(own) <= refunded | {line.pk for line in fresh}:
            _fulfilment_cancel(fulfilment)
        amount = sum((line.line_price_incl_tax for line in fresh), ZERO)
        if not order.lines.exclude(pk__in=refunded | {line.pk for line in fresh}).exists():
            amount += order.shipping_incl_tax or ZERO  # nothing left to deliver: the fee goes back too
            _parcel_cancel(order, by)
        _note(
            order,
            by,
            _("Articles indisponibles chez %(merchant)s : %(titles)s")
            % {"merchant": fulfilment.merchant, "titles": ", ".join(line.title for line in fresh)},
        )
        ids = "-".join(str(line.pk) for line in fresh)
        return _refund_record(
            order=order, reason=Refund.Reason.LINE_UNAVAILABLE, lines=fresh, amount=amount, suffix=ids
        )


def order_cancel(*, order, by: AbstractBaseUser | None) -> Refund | None:
    """Cancels an order nobody has started preparing: every fulfilment cancelled, its contact-point parcel
    too, the stock allocations released (the units are still on the shelf) and everything not yet refunded,
    items and delivery fee, refunded. Cancelling again refunds nothing."""
    with transaction.atomic():
        order = _lock_order(order.pk)
        fulfilments = list(Fulfilment.objects.select_for_update().filter(order=order))
        active = [f for f in fulfilments if f.status != Fulfilment.Status.CANCELLED]
        if any(f.status != Fulfilment.Status.NEW for f in active):
            raise ValidationError(
                _("La préparation de cette commande a commencé : elle ne peut plus être annulée."),
                code="preparation_started",
            )
        for fulfilment in active:
            _fulfilment_cancel(fulfilment)
        _parcel_cancel(order, by)
        refunded = refunded_line_ids(order=order)
        lines = list(order.lines.exclude(pk__in=refunded).select_related("stockrecord").order_by("pk"))
        for line in lines:
            _allocation_cancel(line)
        if active:
            _note(order, by, _("Commande annulée avant préparation."))
        amount = (order.total_incl_tax or ZERO) - refunded_amount(order=order)
        return _refund_record(
            order=order, reason=Refund.Reason.CANCELLED, lines=lines, amount=amount, suffix=""
        )


def order_refund_returned_parcel(*, order, by: AbstractBaseUser | None) -> Refund | None:
    """A parcel left uncollected went back to its merchant: refunds what the order's terms say, as the
    municipality had set them when it was placed ("goods_only" keeps the delivery fee, "full" refunds it
    too; see territory.selectors.order_terms)."""
    with transaction.atomic():
        order = _lock_order(order.pk)
        refunded = refunded_line_ids(order=order)
        lines = list(order.lines.exclude(pk__in=refunded).order_by("pk"))
        amount = sum((line.line_price_incl_tax for line in lines), ZERO)
        if order_terms(order=order).returned_parcel_refund == "full":
            amount += order.shipping_incl_tax or ZERO
        _note(order, by, _("Colis non retiré, retourné au commerçant."))
        return _refund_record(
            order=order, reason=Refund.Reason.PARCEL_RETURNED, lines=lines, amount=amount, suffix=""
        )


def refunded_line_ids(*, order) -> set[int]:
    """The order's lines already covered by a refund event."""
    return set(
        PaymentEventQuantity.objects.filter(
            event__order=order, event__event_type__name=REFUND_EVENT_TYPE
        ).values_list("line_id", flat=True)
    )


def refunded_amount(*, order) -> Decimal:
    """What the order's refund events add up to."""
    total = PaymentEvent.objects.filter(order=order, event_type__name=REFUND_EVENT_TYPE).aggregate(
        total=Sum("amount")
    )["total"]
    return total or ZERO


def refund_notify_resident(*, refund_id: int) -> bool:
    """E-mails the resident about a refund once; the order note it leaves is the proof it went."""
    from core.mail import email_send

    with transaction.atomic():
        refund = Refund.objects.select_for_update().filter(pk=refund_id).first()
        if refund is None or refund.order_id is None:
            return False
        order = Order.objects.select_related("user").get(pk=refund.order_id)
        marker = f"{NOTICE_SENT_PREFIX}{refund.idempotency_key}"
        if OrderNote.objects.filter(order=order, note_type=NOTE_TYPE, message=marker).exists():
            return False
        if not order.email:
            logger.warning(
                "Refund %s of order %s: nobody to tell (no e-mail address)", refund.pk, order.number
            )
            return False
        titles = [
            f"{quantity.quantity} × {quantity.line.title}"
            for quantity in PaymentEventQuantity.objects.filter(
                event__order=order, event__reference=refund.idempotency_key
            ).select_related("line")
        ]
        email_send(
            template_prefix="merchants/emails/refund",
            context={
                "order": order,
                "amount": euros_fr(refund.amount),
                "refund": refund,
                "titles": titles,
            },
            to=[order.email],
        )
        OrderNote.objects.create(order=order, note_type=NOTE_TYPE, message=marker)
    return True


def refund_notices_send_pending() -> int:
    """Sends the refund e-mails whose task was lost (recorded a while ago, no note that they went)."""
    now = timezone.now()
    candidates = Refund.objects.filter(
        order__isnull=False,
        created_at__lte=now - timedelta(minutes=10),
        created_at__gte=now - timedelta(days=30),
    ).values_list("pk", flat=True)
    return sum(refund_notify_resident(refund_id=pk) for pk in list(candidates))


def _fulfilment_cancel(fulfilment: Fulfilment) -> None:
    if not fulfilment.can("cancel"):
        raise ValidationError(
            _("Cette préparation est « %(status)s » : elle ne peut plus être annulée.")
            % {"status": fulfilment.get_status_display()},
            code="illegal_transition",
        )
    fulfilment.status = Fulfilment.TRANSITIONS["cancel"][1]
    fulfilment.save(update_fields=["status", "updated_at"])


def _parcel_cancel(order, by) -> None:
    parcel_cancel_for_order(order=order, by=by if getattr(by, "is_authenticated", False) else None)


def _lock_order(order_id: int):
    """Serialises every refund and payout decision about one order."""
    return Order.objects.select_for_update().get(pk=order_id)


def _refund_record(*, order, reason: str, lines: list, amount: Decimal, suffix: str) -> Refund | None:
    """The Refund, its payment event and, after commit, the Stripe refund and the resident's e-mail."""
    key = _idempotency_key(order_number=order.number, reason=reason, suffix=suffix)
    amount = min(amount, (order.total_incl_tax or ZERO) - refunded_amount(order=order))
    if amount <= ZERO:
        return Refund.objects.filter(idempotency_key=key).first()  # already done: the first one
    attempt = PaymentAttempt.objects.filter(order=order).first()
    if attempt is None:
        # Orders placed before online payment existed were never charged: there is nothing to give back.
        logger.warning(
            "Order %s has no payment attempt: %s refund of %s € not recorded", order.number, reason, amount
        )
        return None
    refund, created = Refund.objects.get_or_create(
        idempotency_key=key, defaults={"order": order, "attempt": attempt, "amount": amount, "reason": reason}
    )
    if not created:
        return refund
    from payments import tasks as payment_tasks

    from . import tasks

    event_type, _created = PaymentEventType.objects.get_or_create(name=REFUND_EVENT_TYPE)
    event = PaymentEvent.objects.create(order=order, event_type=event_type, amount=amount, reference=key)
    PaymentEventQuantity.objects.bulk_create(
        [PaymentEventQuantity(event=event, line=line, quantity=line.quantity) for line in lines]
    )
    outbox_enqueue(task=payment_tasks.refund_send, refund_id=refund.pk)
    outbox_enqueue(task=tasks.refund_notify_resident, refund_id=refund.pk)
    return refund


def _idempotency_key(*, order_number: str, reason: str, suffix: str) -> str:
    key = f"refund-{order_number}-{reason}" + (f"-{suffix}" if suffix else "")
    if len(key) > 120:  # the payment event's reference holds 128 characters
        key = f"refund-{order_number}-{reason}-{hashlib.sha256(suffix.encode()).hexdigest()[:24]}"
    return key


def _stock_release_missing(line) -> None:
    """The units are not on the shelf: release the line's allocation, then lower the stock record to what is
    still promised to other orders, so the shop stops selling units it does not have until the merchant
    counts its stock again."""
    _allocation_cancel(line)
    if line.stockrecord_id is not None:
        StockRecord.objects.filter(pk=line.stockrecord_id).update(
            num_in_stock=Least(Coalesce(F("num_in_stock"), 0), Coalesce(F("num_allocated"), 0))
        )


def _allocation_cancel(line) -> None:
    if line.stockrecord_id is None or line.allocation_cancelled or not line.num_allocated:
        return
    line.cancel_allocation(line.num_allocated)


def _note(order, by, message: str) -> None:
    user = by if getattr(by, "is_authenticated", False) else None
    OrderNote.objects.create(order=order, user=user, note_type=NOTE_TYPE, message=message)
