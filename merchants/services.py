"""Writes about merchants' fulfilments: splitting an order into them, their preparation steps, and how the
merchant hears of them (an e-mail per order, the daily digest). Applications: merchants.applications."""

import logging
from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone

from core.outbox import outbox_enqueue
from merchants import selectors
from merchants.calculations import collection_time
from territory.selectors import market_terms

from .models import Fulfilment, Merchant

logger = logging.getLogger(__name__)


@transaction.atomic
def fulfilments_create_for_order(*, order, collection_day: date | None = None) -> list[Fulfilment]:
    """Splits a placed order into one Fulfilment per merchant, each collected at the round's first pass after
    its preparation, or at the first pass of ``collection_day`` (a booked delivery slot's day) when the shop is
    open then; running it again changes nothing."""
    from . import tasks

    lines_by_partner: dict[int, list] = {}
    for line in order.lines.select_related("partner"):
        if line.partner_id is not None:
            lines_by_partner.setdefault(line.partner_id, []).append(line)
    merchants = (
        Merchant.objects.filter(partner_id__in=lines_by_partner)
        .prefetch_related("opening_hours")
        .in_bulk(field_name="partner_id")
    )
    terms = market_terms()
    fulfilments = []
    for partner_id, lines in lines_by_partner.items():
        merchant = merchants.get(partner_id)
        if merchant is None:
            continue
        when = {
            "shipping_code": order.shipping_code,
            "placed_at": order.date_placed or timezone.now(),
            "opening_hours": [
                (hours.weekday, hours.opens_at, hours.closes_at) for hours in merchant.opening_hours.all()
            ],
            "passes": terms.collection_times,
            "preparation_minutes": terms.preparation_minutes,
        }
        collection_at = collection_time(**when)
        if collection_day is not None:
            midnight = timezone.make_aware(datetime.combine(collection_day, time(0)))
            on_day = collection_time(**when, not_before=midnight)
            if on_day is not None and timezone.localtime(on_day).date() == collection_day:
                collection_at = on_day
        fulfilment, created = Fulfilment.objects.get_or_create(
            order=order, merchant=merchant, defaults={"collection_at": collection_at}
        )
        if created:
            fulfilment.lines.set(lines)
            outbox_enqueue(task=tasks.fulfilment_notify_merchant, fulfilment_id=fulfilment.pk)
        fulfilments.append(fulfilment)
    return fulfilments


def fulfilment_notify_merchant(*, fulfilment_id: int) -> bool:
    """E-mails the merchant about a new order once; returns False when it was already done."""
    from core.mail import email_send

    with transaction.atomic():
        fulfilment = (
            Fulfilment.objects.select_for_update()
            .select_related("order", "merchant__partner")
            .filter(pk=fulfilment_id, merchant_notified_at__isnull=True)
            .first()
        )
        if fulfilment is None:
            return False
        recipients = selectors.merchant_notification_recipients(merchant=fulfilment.merchant)
        context = {"fulfilment": fulfilment, "lines": fulfilment.lines.all()}
        # A merchant who chose the digest only still has the order recorded as handled here.
        if recipients and fulfilment.merchant.notify_each_order:
            email_send(template_prefix="merchants/emails/new_fulfilment", context=context, to=recipients)
        fulfilment.merchant_notified_at = timezone.now()
        fulfilment.save(update_fields=["merchant_notified_at", "updated_at"])
    return True


def fulfilment_mark_delivered(*, fulfilment: Fulfilment, by) -> Fulfilment:
    """The merchant's lines reached the resident (handed_over → delivered): the fulfilment is delivered and, in
    the same transaction, the merchant's payout recorded (sent by a task after commit). Only a part that left
    the shop can be delivered; delivering it again changes nothing."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _
    from oscar.core.loading import get_model

    from .payouts import payout_record

    with transaction.atomic():
        fulfilment = (
            Fulfilment.objects.select_for_update(of=("self", "order"))
            .select_related("order", "merchant")
            .get(pk=fulfilment.pk)
        )
        if fulfilment.can("mark_delivered"):
            fulfilment.status = Fulfilment.TRANSITIONS["mark_delivered"][1]
            fulfilment.save(update_fields=["status", "updated_at"])
            get_model("order", "OrderNote").objects.create(
                order=fulfilment.order,
                user=by if getattr(by, "is_authenticated", False) else None,
                note_type="Livraison",
                message=_("Articles de %(merchant)s livrés.") % {"merchant": fulfilment.merchant},
            )
        elif fulfilment.status == Fulfilment.Status.CANCELLED:
            raise ValidationError(
                _("Cette préparation est annulée : elle ne peut pas être livrée."), code="cancelled"
            )
        elif fulfilment.status != Fulfilment.Status.DELIVERED:
            raise ValidationError(
                _(
                    "La part de %(merchant)s est « %(status)s » : seul un colis remis à la tournée peut être livré."
                )
                % {"merchant": fulfilment.merchant, "status": fulfilment.get_status_display()},
                code="not_handed_over",
            )
        payout_record(fulfilment=fulfilment)
    return fulfilment


PREPARATION_NOTE_TYPE = "Préparation"


def _fulfilment_step(*, fulfilment: Fulfilment, by, action: str, refusal: str, note: str) -> Fulfilment:
    """Runs the preparation ``action`` of Fulfilment.TRANSITIONS if the current status allows it, and leaves an
    order note naming who did it (Oscar stores the note's date)."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _
    from oscar.core.loading import get_model

    with transaction.atomic():
        fulfilment = (
            Fulfilment.objects.select_for_update().select_related("order", "merchant").get(pk=fulfilment.pk)
        )
        if not fulfilment.can(action):
            raise ValidationError(
                refusal % {"status": fulfilment.get_status_display()}, code="illegal_transition"
            )
        previous = fulfilment.get_status_display()
        fulfilment.status = Fulfilment.TRANSITIONS[action][1]
        fulfilment.save(update_fields=["status", "updated_at"])
        user = by if getattr(by, "is_authenticated", False) else None
        get_model("order", "OrderNote").objects.create(
            order=fulfilment.order,
            user=user,
            note_type=PREPARATION_NOTE_TYPE,
            message=_("%(merchant)s : %(note)s (%(previous)s → %(current)s), par %(user)s.")
            % {
                "merchant": fulfilment.merchant,
                "note": note,
                "previous": previous,
                "current": fulfilment.get_status_display(),
                "user": user.get_username() if user else _("le système"),
            },
        )
    return fulfilment


def fulfilment_accept(*, fulfilment: Fulfilment, by) -> Fulfilment:
    """The merchant takes the order on (new → accepted); recorded as an order note with who and when."""
    from django.utils.translation import gettext as _

    return _fulfilment_step(
        fulfilment=fulfilment,
        by=by,
        action="accept",
        refusal=_("Cette préparation est « %(status)s » : seule une commande nouvelle peut être acceptée."),
        note=_("commande acceptée"),
    )


def fulfilment_mark_ready(*, fulfilment: Fulfilment, by) -> Fulfilment:
    """The parcel is packed (accepted → ready); recorded as an order note with who and when."""
    from django.utils.translation import gettext as _

    return _fulfilment_step(
        fulfilment=fulfilment,
        by=by,
        action="mark_ready",
        refusal=_("Cette préparation est « %(status)s » : seule une commande acceptée peut être prête."),
        note=_("colis prêt"),
    )


def fulfilment_hand_over(*, fulfilment: Fulfilment, by) -> Fulfilment:
    """The parcel left the shop with the courier or the resident (ready → handed_over); recorded as an order
    note with who and when. Collected at the shop, it reached the resident: delivered, and the merchant's payout
    recorded, in the same transaction."""
    from django.utils.translation import gettext as _

    with transaction.atomic():
        fulfilment = _fulfilment_step(
            fulfilment=fulfilment,
            by=by,
            action="hand_over",
            refusal=_("Cette préparation est « %(status)s » : seul un colis prêt peut être remis."),
            note=_("colis remis"),
        )
        if fulfilment.collected_by_resident:
            fulfilment = fulfilment_mark_delivered(fulfilment=fulfilment, by=by)
    return fulfilment


DIGEST_MAX_DAYS = 7


def merchants_send_daily_digest(*, now=None) -> int:
    """E-mails each approved merchant who chose the daily digest a summary of the orders received since their
    last digest; at most one digest per merchant and day, so the job can run again safely. Returns how many
    e-mails went."""
    now = now or timezone.now()
    subscribers = Merchant.objects.filter(status=Merchant.Status.APPROVED, daily_digest=True)
    sent, failed = 0, []
    for merchant_id in subscribers.order_by("pk").values_list("pk", flat=True):
        # One merchant's refused e-mail must not keep the others from theirs.
        try:
            sent += merchant_send_digest(merchant_id=merchant_id, now=now)
        except Exception:
            logger.exception("Daily digest of merchant %s not sent", merchant_id)
            failed.append(merchant_id)
    if failed:
        raise DigestIncomplete(sent=sent, failed=failed)
    return sent


class DigestIncomplete(Exception):
    """Some digests could not be sent; the others went. Running the job again sends only the missing ones."""

    def __init__(self, *, sent: int, failed: list[int]):
        super().__init__(f"{sent} digest(s) sent, {len(failed)} failed (merchants {failed})")
        self.sent = sent
        self.failed = failed


def merchant_send_digest(*, merchant_id: int, now) -> bool:
    """One merchant's digest: the fulfilments created since the last digest (the last 24 hours the first time,
    a week at most), none on a day that already had one; returns whether an e-mail went."""
    from datetime import timedelta

    from core.mail import email_send

    with transaction.atomic():
        merchant = (
            Merchant.objects.select_for_update()
            .filter(pk=merchant_id, status=Merchant.Status.APPROVED, daily_digest=True)
            .first()
        )
        if merchant is None:
            return False
        last = merchant.digest_sent_until
        if last is not None and timezone.localdate(last) == timezone.localdate(now):
            return False
        since = max(last or now - timedelta(hours=24), now - timedelta(days=DIGEST_MAX_DAYS))
        received = list(
            merchant.fulfilments.filter(created_at__gt=since, created_at__lte=now)
            .select_related("order")
            .prefetch_related("lines")
            .order_by("created_at")
        )
        merchant.digest_sent_until = now
        merchant.save(update_fields=["digest_sent_until", "updated_at"])
        recipients = selectors.merchant_notification_recipients(merchant=merchant)
        if not received or not recipients:
            return False
        context = {"merchant": merchant, "fulfilments": received, "since": since}
        # Sent inside the transaction: if the mail server refuses, the day is not marked and the next run retries.
        email_send(template_prefix="merchants/emails/digest", context=context, to=recipients)
    return True


def merchant_set_notifications(
    *, merchant: Merchant, notify_each_order: bool, daily_digest: bool
) -> Merchant:
    """Sets how the merchant hears of new orders: an e-mail for each, a morning digest, or both; never neither,
    since an order left unseen waits for nothing."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    if not notify_each_order and not daily_digest:
        raise ValidationError(
            _("Gardez au moins un moyen d'être prévenu des nouvelles commandes : un client attend chacune.")
        )
    merchant.notify_each_order = notify_each_order
    merchant.daily_digest = daily_digest
    merchant.save(update_fields=["notify_each_order", "daily_digest", "updated_at"])
    return merchant
