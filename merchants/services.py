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
