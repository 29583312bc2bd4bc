"""A shop's application to sell on the marketplace and the municipality's review of it (writes); the e-mails
that follow each step."""

from django.db import transaction
from django.utils import timezone

from core.outbox import outbox_enqueue
from merchants import selectors

from .models import Merchant


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
    from django.contrib.auth import get_user_model

    from core import roles
    from core.mail import email_send
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
            email_send(
                template_prefix="merchants/emails/application_received",
                context={"merchant": merchant},
                to=sorted(recipients),
            )
        merchant.municipality_notified_at = timezone.now()
        merchant.save(update_fields=["municipality_notified_at", "updated_at"])
    return True


def merchant_notify_decision(*, merchant_id: int) -> bool:
    """E-mails the applicant the municipality's decision (approval, or rejection with its reason) once;
    returns False when it was already done or no decision was taken."""
    from core.mail import email_send

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
            email_send(
                template_prefix=f"merchants/emails/application_{kind}",
                context={"merchant": merchant},
                to=sorted(recipients),
            )
        merchant.decision_notified_at = timezone.now()
        merchant.save(update_fields=["decision_notified_at", "updated_at"])
    return True
