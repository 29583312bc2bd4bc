"""Writes about merchants and their fulfilments."""

import logging

from django.db import transaction
from django.utils import timezone

from core.outbox import outbox_enqueue
from merchants import selectors
from merchants.calculations import collection_time
from territory.selectors import market_terms

from .models import Fulfilment, Merchant

logger = logging.getLogger(__name__)


@transaction.atomic
def fulfilments_create_for_order(*, order) -> list[Fulfilment]:
    """Splits a placed order into one Fulfilment per merchant; running it again changes nothing."""
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
        collection_at = collection_time(
            shipping_code=order.shipping_code,
            placed_at=order.date_placed or timezone.now(),
            opening_hours=[
                (hours.weekday, hours.opens_at, hours.closes_at) for hours in merchant.opening_hours.all()
            ],
            passes=terms.collection_times,
            preparation_minutes=terms.preparation_minutes,
        )
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
        recipients = selectors.merchant_notification_recipients(merchant=fulfilment.merchant)
        context = {"fulfilment": fulfilment, "lines": fulfilment.lines.all()}
        # A merchant who chose the digest only still has the order recorded as handled here.
        if recipients and fulfilment.merchant.notify_each_order:
            send_mail(
                subject=render_to_string("merchants/emails/new_fulfilment_subject.txt", context).strip(),
                message=render_to_string("merchants/emails/new_fulfilment_body.txt", context),
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=recipients,
            )
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

    from django.conf import settings
    from django.core.mail import send_mail
    from django.template.loader import render_to_string

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
        send_mail(
            subject=render_to_string("merchants/emails/digest_subject.txt", context).strip(),
            message=render_to_string("merchants/emails/digest_body.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=recipients,
        )
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


def merchant_apply(
    *,
    user,
    trade_name: str,
    legal_name: str,
    siret: str,
    sector: str,
    address_line1: str,
    address_line2: str = "",
    postcode: str,
    city: str,
    phone: str = "",
    email: str = "",
    description: str = "",
    opening_hours: list[tuple],
) -> Merchant:
    """A shop applies: its Partner, Merchant (applied) and opening hours are written together, the user is
    linked to the Partner without dashboard access, and the municipality is told after commit."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _
    from oscar.core.loading import get_model

    from core.geocoding import geocode
    from territory.selectors import territory_serves_postcode

    from . import tasks
    from .models import OpeningHours, Sector
    from .validators import validate_siret

    errors: dict[str, list[str]] = {}
    siret = (siret or "").replace(" ", "")
    postcode = (postcode or "").strip()
    if user.is_staff:
        errors.setdefault("__all__", []).append(
            _("Un compte du personnel ne peut pas déposer de candidature : utilisez un compte personnel.")
        )
    if selectors.merchant_application_for_user(user=user) is not None:
        errors.setdefault("__all__", []).append(_("Vous avez déjà déposé une candidature."))
    try:
        validate_siret(siret)
    except ValidationError as error:
        errors["siret"] = error.messages
    else:
        if Merchant.objects.filter(siret=siret).exists():
            errors["siret"] = [_("Un commerce est déjà inscrit avec ce SIRET.")]
    if sector not in Sector.values:
        errors["sector"] = [_("Choisissez un secteur de la liste.")]
    position = None
    if not territory_serves_postcode(postcode=postcode):
        errors["postcode"] = [
            _(
                "Cette adresse est hors du territoire : seuls les commerces de ses communes peuvent s'inscrire."
            )
        ]
    else:
        position = geocode(address=address_line1, postcode=postcode, city=city)
        if position is None:
            errors["address_line1"] = [_("Nous ne trouvons pas cette adresse : vérifiez-la.")]
    for weekday, opens_at, closes_at in opening_hours:
        if weekday not in OpeningHours.Weekday.values or closes_at <= opens_at:
            errors.setdefault("__all__", []).append(_("Les horaires d'ouverture ne sont pas valides."))
            break
    if errors:
        raise ValidationError(errors)

    Partner = get_model("partner", "Partner")
    with transaction.atomic():
        partner = Partner.objects.create(name=trade_name)
        merchant = Merchant.objects.create(
            partner=partner,
            slug=_merchant_unique_slug(name=trade_name),
            trade_name=trade_name,
            legal_name=legal_name,
            siret=siret,
            sector=sector,
            address_line1=address_line1,
            address_line2=address_line2,
            postcode=postcode,
            city=city,
            insee_code=_territory_insee_code(postcode=postcode, city=city),
            latitude=position.latitude,
            longitude=position.longitude,
            phone=phone,
            email=email,
            description=description,
            status=Merchant.Status.APPLIED,
            applicant=user,
        )
        OpeningHours.objects.bulk_create(
            OpeningHours(merchant=merchant, weekday=weekday, opens_at=opens_at, closes_at=closes_at)
            for weekday, opens_at, closes_at in opening_hours
        )
        partner.users.add(user)
        outbox_enqueue(task=tasks.merchant_notify_municipality, merchant_id=merchant.pk)
    return merchant


def _merchant_unique_slug(*, name: str) -> str:
    from django.utils.text import slugify

    base = (slugify(name) or "commerce")[:100]
    slug, suffix = base, 2
    while Merchant.objects.filter(slug=slug).exists():
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return slug


def _territory_insee_code(*, postcode: str, city: str) -> str:
    from core.geocoding import name_key
    from territory.models import Commune

    communes = list(Commune.objects.filter(postcodes__postcode=postcode).distinct())
    for commune in communes:
        if name_key(commune.name) == name_key(city):
            return commune.insee_code
    return communes[0].insee_code if len(communes) == 1 else ""


def merchant_approve(*, merchant: Merchant, by) -> Merchant:
    """The municipality approves an application: the shop goes online and its users get the merchant
    space (Oscar's ``partner.dashboard_access``, never staff); the applicant is told after commit."""
    from django.contrib.auth.models import Permission
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    from . import tasks

    with transaction.atomic():
        merchant = Merchant.objects.select_for_update().get(pk=merchant.pk)
        if merchant.status != Merchant.Status.APPLIED:
            raise ValidationError(_("Cette candidature a déjà été examinée."), code="already_reviewed")
        merchant.status = Merchant.Status.APPROVED
        merchant.rejection_reason = ""
        merchant.reviewed_at = timezone.now()
        merchant.reviewed_by = by
        merchant.save(
            update_fields=["status", "rejection_reason", "reviewed_at", "reviewed_by", "updated_at"]
        )
        permission = Permission.objects.get(content_type__app_label="partner", codename="dashboard_access")
        for user in merchant.partner.users.all():
            user.user_permissions.add(permission)
        outbox_enqueue(task=tasks.merchant_notify_decision, merchant_id=merchant.pk)
    return merchant


def merchant_reject(*, merchant: Merchant, by, reason: str) -> Merchant:
    """The municipality rejects an application with a reason, which the applicant receives after commit."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    from . import tasks

    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Indiquez le motif du refus : il est transmis au commerçant.")})
    with transaction.atomic():
        merchant = Merchant.objects.select_for_update().get(pk=merchant.pk)
        if merchant.status != Merchant.Status.APPLIED:
            raise ValidationError(_("Cette candidature a déjà été examinée."), code="already_reviewed")
        merchant.status = Merchant.Status.REJECTED
        merchant.rejection_reason = reason
        merchant.reviewed_at = timezone.now()
        merchant.reviewed_by = by
        merchant.save(
            update_fields=["status", "rejection_reason", "reviewed_at", "reviewed_by", "updated_at"]
        )
        outbox_enqueue(task=tasks.merchant_notify_decision, merchant_id=merchant.pk)
    return merchant


def merchant_notify_municipality(*, merchant_id: int) -> bool:
    """E-mails the municipality about a new application once; returns False when it was already done."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.mail import send_mail
    from django.template.loader import render_to_string

    from core import roles
    from territory.selectors import territory_current

    with transaction.atomic():
        merchant = (
            Merchant.objects.select_for_update()
            .filter(pk=merchant_id, municipality_notified_at__isnull=True)
            .first()
        )
        if merchant is None:
            return False
        territory = territory_current()
        recipients = {territory.contact_email} if territory is not None and territory.contact_email else set()
        if not recipients:
            recipients = set(
                get_user_model()
                .objects.filter(is_active=True, groups__name=roles.GROUP_NAMES[roles.MUNICIPALITY])
                .exclude(email="")
                .values_list("email", flat=True)
            )
        if recipients:
            context = {"merchant": merchant}
            send_mail(
                subject=render_to_string(
                    "merchants/emails/application_received_subject.txt", context
                ).strip(),
                message=render_to_string("merchants/emails/application_received_body.txt", context),
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=sorted(recipients),
            )
        merchant.municipality_notified_at = timezone.now()
        merchant.save(update_fields=["municipality_notified_at", "updated_at"])
    return True


def merchant_notify_decision(*, merchant_id: int) -> bool:
    """E-mails the applicant the municipality's decision (approval, or rejection with its reason) once;
    returns False when it was already done or no decision was taken."""
    from django.conf import settings
    from django.core.mail import send_mail
    from django.template.loader import render_to_string

    decided = [Merchant.Status.APPROVED, Merchant.Status.REJECTED]
    with transaction.atomic():
        merchant = (
            Merchant.objects.select_for_update(of=("self",))
            .select_related("applicant")
            .filter(pk=merchant_id, decision_notified_at__isnull=True, status__in=decided)
            .first()
        )
        if merchant is None:
            return False
        recipients = {merchant.email} if merchant.email else set()
        if merchant.applicant is not None and merchant.applicant.email:
            recipients.add(merchant.applicant.email)
        kind = "approved" if merchant.status == Merchant.Status.APPROVED else "rejected"
        if recipients:
            context = {"merchant": merchant}
            send_mail(
                subject=render_to_string(f"merchants/emails/application_{kind}_subject.txt", context).strip(),
                message=render_to_string(f"merchants/emails/application_{kind}_body.txt", context),
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=sorted(recipients),
            )
        merchant.decision_notified_at = timezone.now()
        merchant.save(update_fields=["decision_notified_at", "updated_at"])
    return True
