"""The resident's e-mails about their parcel, each sent once: its code when it is ready, a reminder before its
retention ends; and the sweeps that send what a lost task did not."""

import logging
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from pickup.models import Parcel
from pickup.services.codes import parcel_pending_code
from pickup.services.points import retention_by_category

logger = logging.getLogger(__name__)

Status = Parcel.Status


# A parcel marked ready whose notification task never ran (a lost message) is picked up by the sweep after this.
NOTIFY_GRACE = timedelta(minutes=10)


def parcel_notify_ready(*, parcel_id: int) -> bool:
    """E-mails the resident their code once; returns False when done already or when there is nobody to tell."""
    from pickup import notifications

    with transaction.atomic():
        parcel = (
            Parcel.objects.select_for_update(of=("self",))
            .select_related("order__user", "order__shipping_address", "contact_point")
            .filter(pk=parcel_id, status=Status.READY, ready_notified_at__isnull=True)
            .first()
        )
        if parcel is None:
            return False
        if not parcel.order.email:
            logger.warning(
                "Parcel %s is ready but order %s has no e-mail address", parcel.pk, parcel.order.number
            )
            return False
        code = parcel_pending_code(parcel)
        if code is None:
            logger.error(
                "Parcel %s has no recoverable pending code; its ready notice cannot be sent", parcel.pk
            )
            return False
        notifications.send_parcel_ready(parcel=parcel, code=code)
        parcel.ready_notified_at = timezone.now()
        parcel.pending_code = ""
        parcel.save(update_fields=["ready_notified_at", "pending_code", "updated_at"])
    return True


def parcels_notify_ready_pending() -> int:
    """Sends the ready notices whose task was lost (marked ready a while ago, still not notified)."""
    ids = Parcel.objects.filter(
        status=Status.READY,
        ready_notified_at__isnull=True,
        ready_at__lte=timezone.now() - NOTIFY_GRACE,
    ).values_list("pk", flat=True)
    return sum(parcel_notify_ready(parcel_id=pk) for pk in list(ids))


def parcel_send_reminder(*, parcel_id: int) -> bool:
    """E-mails the resident that the parcel's retention ends soon, once."""
    from pickup import notifications

    with transaction.atomic():
        parcel = (
            Parcel.objects.select_for_update(of=("self",))
            .select_related("order__user", "order__shipping_address", "contact_point")
            .filter(pk=parcel_id, status=Status.READY, reminder_sent_at__isnull=True)
            .first()
        )
        if parcel is None or not parcel.order.email:
            return False
        notifications.send_parcel_reminder(parcel=parcel)
        parcel.reminder_sent_at = timezone.now()
        parcel.save(update_fields=["reminder_sent_at", "updated_at"])
    return True


def parcels_send_reminders() -> int:
    """Reminds the residents whose parcel's retention ends within its category's reminder delay."""
    now = timezone.now()
    due = Q(pk__in=[])
    for category, retention in retention_by_category().items():
        if retention.reminder_days_before:
            due |= Q(
                contact_point__category=category,
                expires_at__lte=now + timedelta(days=retention.reminder_days_before),
            )
    ids = Parcel.objects.filter(
        due,
        status=Status.READY,
        reminder_sent_at__isnull=True,
        ready_notified_at__isnull=False,
        expires_at__gt=now,
    ).values_list("pk", flat=True)
    return sum(parcel_send_reminder(parcel_id=pk) for pk in list(ids))
