"""Writes about merchants and their fulfilments."""

from django.db import transaction
from django.utils import timezone

from .models import Fulfilment, Merchant


@transaction.atomic
def fulfilments_create_for_order(*, order) -> list[Fulfilment]:
    """Splits a placed order into one Fulfilment per merchant; running it again changes nothing."""
    from . import tasks

    lines_by_partner: dict[int, list] = {}
    for line in order.lines.select_related("partner"):
        if line.partner_id is not None:
            lines_by_partner.setdefault(line.partner_id, []).append(line)
    merchants = Merchant.objects.filter(partner_id__in=lines_by_partner).in_bulk(field_name="partner_id")
    fulfilments = []
    for partner_id, lines in lines_by_partner.items():
        merchant = merchants.get(partner_id)
        if merchant is None:
            continue
        fulfilment, created = Fulfilment.objects.get_or_create(order=order, merchant=merchant)
        if created:
            fulfilment.lines.set(lines)
            tasks.fulfilment_notify_merchant.delay_on_commit(fulfilment.pk)
        fulfilments.append(fulfilment)
    return fulfilments


def fulfilment_notify_merchant(*, fulfilment_id: int) -> bool:
    """E-mails the merchant about a new order once; returns False when it was already done."""
    from django.conf import settings
    from django.core.mail import send_mail
    from django.template.loader import render_to_string

    with transaction.atomic():
        fulfilment = (
            Fulfilment.objects.select_for_update()
            .select_related("order", "merchant__partner")
            .filter(pk=fulfilment_id, merchant_notified_at__isnull=True)
            .first()
        )
        if fulfilment is None:
            return False
        recipients = [user.email for user in fulfilment.merchant.partner.users.all() if user.email]
        if fulfilment.merchant.email:
            recipients.append(fulfilment.merchant.email)
        context = {"fulfilment": fulfilment, "lines": fulfilment.lines.all()}
        if recipients:
            send_mail(
                subject=render_to_string("merchants/emails/new_fulfilment_subject.txt", context).strip(),
                message=render_to_string("merchants/emails/new_fulfilment_body.txt", context),
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=sorted(set(recipients)),
            )
        fulfilment.merchant_notified_at = timezone.now()
        fulfilment.save(update_fields=["merchant_notified_at", "updated_at"])
    return True


def fulfilment_mark_delivered(*, fulfilment: Fulfilment, by) -> Fulfilment:
    """The merchant's lines reached the resident: the fulfilment is delivered and, in the same transaction,
    the merchant's payout recorded (sent by a task after commit). Delivering it again changes nothing."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _
    from oscar.core.loading import get_model

    from .payouts import payout_record

    with transaction.atomic():
        fulfilment = Fulfilment.objects.select_for_update().select_related("order").get(pk=fulfilment.pk)
        if fulfilment.status == Fulfilment.Status.CANCELLED:
            raise ValidationError(
                _("Cette préparation est annulée : elle ne peut pas être livrée."), code="cancelled"
            )
        if fulfilment.status != Fulfilment.Status.DELIVERED:
            fulfilment.status = Fulfilment.Status.DELIVERED
            fulfilment.save(update_fields=["status", "updated_at"])
            get_model("order", "OrderNote").objects.create(
                order=fulfilment.order,
                user=by if getattr(by, "is_authenticated", False) else None,
                note_type="Livraison",
                message=_("Articles de %(merchant)s livrés.") % {"merchant": fulfilment.merchant},
            )
        payout_record(fulfilment=fulfilment)
    return fulfilment
