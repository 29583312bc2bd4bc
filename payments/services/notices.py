"""Telling the resident the outcome of a paid attempt, once: the order's confirmation (the shop's, through
``settings.PAYMENTS_ORDER_CONFIRMATION``, called as ``send(order=order)``), or the refund of a payment that
bought nothing."""

from django.db import transaction
from django.utils import timezone

from core.mail import email_send
from core.wiring import wired
from payments.models import PaymentAttempt


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
            wired(setting="PAYMENTS_ORDER_CONFIRMATION")(order=attempt.order)
        elif attempt.status == PaymentAttempt.Status.REFUNDED:
            _send_refund_notice(attempt=attempt)
        else:
            return False
        attempt.resident_notified_at = timezone.now()
        attempt.save(update_fields=["resident_notified_at", "updated_at"])
    return True


def _send_refund_notice(*, attempt: PaymentAttempt) -> None:
    email = (attempt.user.email if attempt.user else "") or attempt.checkout.get("guest_email", "")
    if not email:
        return
    email_send(template_prefix="payments/emails/refund_unplaced", context={"attempt": attempt}, to=[email])
