"""Writes about the territory: its brand, its catchment area, and the terms frozen onto each order."""

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.postcodes import entries_by_insee
from territory.models import Commune, CommunePostcode, Membership, OrderTerms, Territory
from territory.selectors import (
    TERRITORY_CACHE_KEY,
    market_terms,
    territory_host_cache_key,
    territory_slug_cache_key,
)


def _forget_cached_territory(territory: Territory | None = None) -> None:
    keys = [TERRITORY_CACHE_KEY]
    if territory is not None:
        keys.append(territory_slug_cache_key(territory.slug))
        if territory.domain:
            keys.append(territory_host_cache_key(territory.domain))

    def forget():
        try:
            cache.delete_many(keys)
        except Exception:  # noqa: BLE001 - a cache that is down keeps nothing stale beyond its own return
            pass

    transaction.on_commit(forget)
    forget()


@transaction.atomic
def territory_update(*, territory: Territory, **fields) -> Territory:
    """Changes the brand or contact details; every page shows the change at once."""
    for name, value in fields.items():
        territory._meta.get_field(name).save_form_data(territory, value)
    territory.full_clean()
    territory.save()
    _forget_cached_territory(territory)
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
    _forget_cached_territory(territory)
    return commune


@transaction.atomic
def territory_commune_remove(*, territory: Territory, commune_id: int) -> None:
    """Takes a commune out of the catchment area."""
    Commune.objects.filter(territory=territory, pk=commune_id).delete()
    _forget_cached_territory(territory)


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


@transaction.atomic
def territory_create(
    *, name: str, slug: str, domain: str | None = None, insee_codes=(), **fields
) -> Territory:
    """A new territory, online at once on its domain and at /t/<slug>/: no migration, no restart. Its catchment
    area is made of the communes given by INSEE code; its centre is theirs unless given."""
    territory = Territory(name=name, slug=slug, domain=(domain or "").strip().lower() or None, **fields)
    territory.full_clean()
    territory.save()
    communes = [territory_commune_add(territory=territory, insee_code=code) for code in insee_codes]
    located = [commune for commune in communes if commune.latitude is not None]
    if territory.latitude is None and located:
        territory.latitude = sum(commune.latitude for commune in located) / len(located)
        territory.longitude = sum(commune.longitude for commune in located) / len(located)
        territory.save(update_fields=["latitude", "longitude", "updated_at"])
    _forget_cached_territory(territory)
    return territory


def membership_set(*, user, territory: Territory) -> Membership:
    """``user``'s account belongs to ``territory`` from now on."""
    membership, _created = Membership.objects.update_or_create(user=user, defaults={"territory": territory})
    user._territory_id = territory.pk
    return membership
