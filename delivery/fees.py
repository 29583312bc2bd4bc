"""The home-delivery fee of a basket, by the municipality's rules, and the services that edit those rules.

The rules, in order: the social tariff replaces the flat fee for a resident the municipality marked eligible; a
basket whose total incl. tax (before fees) reaches the free-above amount is delivered free, surcharge included (a
town hall that offers delivery offers all of it: the resident reads « livraison offerte », not « 1 € »); otherwise
the commune's surcharge is added to the fee due, flat or social."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from delivery.models import CommuneSurcharge, FeePolicy, OrderDeliveryFee, SocialTariff
from territory.models import Commune, Territory
from territory.selectors import market_terms, territory_current
from territory.services import territory_update

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class FeeRules:
    flat: Decimal
    free_above: Decimal | None
    social: Decimal | None


@dataclass(frozen=True)
class FeeQuote:
    amount: Decimal
    basis: str  # "flat", "social" or "free"
    surcharge: Decimal


def fee_rules() -> FeeRules:
    """The active territory's fee rules (the flat fee falls back on the deployment's default)."""
    policy = FeePolicy.objects.first() if territory_current() is not None else None
    return FeeRules(
        flat=market_terms().home_delivery_fee,
        free_above=policy.free_above if policy else None,
        social=policy.social_fee if policy else None,
    )


def social_tariff_applies(*, user, on: date | None = None) -> bool:
    """Whether the municipality marked this resident eligible for the social tariff, still in force."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    on = on or timezone.localdate()
    return SocialTariff.objects.filter(user=user, revoked_at__isnull=True).exclude(ends_on__lt=on).exists()


def home_delivery_fee_quote(
    *, basket_total_incl_tax: Decimal, commune: Commune | None, user, rules: FeeRules | None = None
) -> FeeQuote:
    """What delivering this basket home costs incl. tax, and on which basis."""
    rules = rules or fee_rules()
    if rules.free_above is not None and basket_total_incl_tax >= rules.free_above:
        return FeeQuote(amount=ZERO, basis="free", surcharge=ZERO)
    social = rules.social is not None and social_tariff_applies(user=user)
    base = rules.social if social else rules.flat
    surcharge = ZERO
    if commune is not None:
        found = CommuneSurcharge.objects.filter(commune=commune).values_list("amount", flat=True).first()
        surcharge = found or ZERO
    return FeeQuote(amount=base + surcharge, basis="social" if social else "flat", surcharge=surcharge)


@transaction.atomic
def fee_policy_update(
    *,
    territory: Territory,
    flat: Decimal | None,
    free_above: Decimal | None,
    social: Decimal | None,
    surcharges: dict[int, Decimal | None],
) -> None:
    """Saves the municipality's fees: the flat fee (empty: the deployment's), free above, the social tariff and
    each commune's surcharge (empty or zero: none)."""
    territory_update(territory=territory, home_delivery_fee=flat)
    FeePolicy.objects.update_or_create(
        territory=territory, defaults={"free_above": free_above, "social_fee": social}
    )
    communes = {commune.pk: commune for commune in Commune.objects.filter(territory=territory)}
    for commune_id, amount in surcharges.items():
        if commune_id not in communes:
            raise ValidationError(_("Cette commune n'est pas dans le territoire."))
        if not amount:
            CommuneSurcharge.objects.filter(commune_id=commune_id).delete()
        else:
            CommuneSurcharge.objects.update_or_create(commune_id=commune_id, defaults={"amount": amount})


def social_tariff_mark(*, user, by, ends_on: date | None = None) -> SocialTariff:
    """Marks a resident eligible for the social tariff (until ``ends_on`` if given); marking again updates the
    end date of the record in force."""
    if ends_on is not None and ends_on < timezone.localdate():
        raise ValidationError(_("La date de fin est déjà passée : choisissez une date à venir."))
    with transaction.atomic():
        live = SocialTariff.objects.select_for_update().filter(user=user, revoked_at__isnull=True).first()
        if live is not None:
            live.ends_on = ends_on
            live.save(update_fields=["ends_on"])
            return live
        return SocialTariff.objects.create(user=user, marked_by=by, ends_on=ends_on)


def social_tariff_unmark(*, tariff: SocialTariff, by) -> SocialTariff:
    """Withdraws the social tariff, keeping who marked and who withdrew it, and when."""
    if tariff.revoked_at is not None:
        raise ValidationError(_("Ce tarif social a déjà été retiré."))
    tariff.revoked_at = timezone.now()
    tariff.revoked_by = by
    tariff.save(update_fields=["revoked_at", "revoked_by"])
    return tariff


def resident_by_email(*, email: str):
    """The account of the active territory with this e-mail address, or None."""
    from django.contrib.auth import get_user_model

    from territory.selectors import account_territory_id

    territory = territory_current()
    for user in get_user_model().objects.filter(email__iexact=(email or "").strip(), is_active=True):
        if territory is not None and account_territory_id(user=user) == territory.pk:
            return user
    return None


def social_tariffs_in_force() -> list[SocialTariff]:
    """The residents eligible today, with who marked them (one query)."""
    today = timezone.localdate()
    return list(
        SocialTariff.objects.filter(revoked_at__isnull=True)
        .exclude(ends_on__lt=today)
        .select_related("user", "marked_by")
        .order_by("user__email")
    )


def order_delivery_fee_record(*, order, basis: str, surcharge: str | Decimal) -> OrderDeliveryFee:
    """Copies onto a placed order how its delivery fee was set (flat, social or free, and the surcharge in it)."""
    fee, _created = OrderDeliveryFee.objects.get_or_create(
        order=order, defaults={"basis": basis, "surcharge": Decimal(str(surcharge))}
    )
    return fee
