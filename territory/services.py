"""Writes about the territory: its brand, its catchment area, and the terms frozen onto each order."""

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.postcodes import entries_by_insee
from territory.models import Commune, CommunePostcode, OrderTerms, Territory
from territory.selectors import TERRITORY_CACHE_KEY, market_terms


def _forget_cached_territory() -> None:
    transaction.on_commit(lambda: cache.delete(TERRITORY_CACHE_KEY))
    cache.delete(TERRITORY_CACHE_KEY)


@transaction.atomic
def territory_update(*, territory: Territory, **fields) -> Territory:
    """Changes the brand or contact details; every page shows the change at once."""
    for name, value in fields.items():
        territory._meta.get_field(name).save_form_data(territory, value)
    territory.full_clean()
    territory.save()
    _forget_cached_territory()
    return territory


@transaction.atomic
def territory_commune_add(*, territory: Territory, insee_code: str) -> Commune:
    """Adds a commune to the catchment area with its postcodes, from La Poste's postcode base."""
    insee_code = insee_code.strip().upper()
    entries = entries_by_insee().get(insee_code)
    if not entries:
        raise ValidationError(
            _("Aucune commune ne porte le code INSEE %(code)s dans la base des codes postaux.")
            % {"code": insee_code}
        )
    located = next((entry for entry in entries if entry.latitude is not None), entries[0])
    commune, _created = Commune.objects.update_or_create(
        territory=territory,
        insee_code=insee_code,
        defaults={
            "name": located.commune.title(),
            "latitude": located.latitude,
            "longitude": located.longitude,
        },
    )
    for postcode in sorted({entry.postcode for entry in entries}):
        CommunePostcode.objects.get_or_create(commune=commune, postcode=postcode)
    _forget_cached_territory()
    return commune


@transaction.atomic
def territory_commune_remove(*, territory: Territory, commune_id: int) -> None:
    """Takes a commune out of the catchment area."""
    Commune.objects.filter(territory=territory, pk=commune_id).delete()
    _forget_cached_territory()


@transaction.atomic
def order_terms_freeze(*, order) -> OrderTerms:
    """Copies the municipality's terms in force onto a placed order; call it in the placement's transaction.
    Running it again changes nothing: an order keeps the terms it was first given."""
    terms = market_terms()
    frozen, _created = OrderTerms.objects.get_or_create(
        order=order,
        defaults={
            "commission_rate": terms.commission_rate,
            "delivery_fee_kept_by": terms.delivery_fee_kept_by,
            "returned_parcel_refund": terms.returned_parcel_refund,
        },
    )
    return frozen
