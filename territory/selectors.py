"""Reads about the territory: the one running the shop, its market terms, an order's frozen terms, its postcodes."""

import logging
from dataclasses import dataclass
from datetime import time
from decimal import Decimal

from django.core.cache import cache

from core.links import absolute_url
from core.mail import EmailBrand
from territory.models import CommunePostcode, OrderTerms, Territory, times_of_day_parse

logger = logging.getLogger(__name__)

TERRITORY_CACHE_KEY = "global:territory:default:v3"
TERRITORY_CACHE_SECONDS = 300


def territory_host_cache_key(host: str) -> str:
    return f"global:territory:host:{host}"


def territory_slug_cache_key(slug: str) -> str:
    return f"global:territory:slug:{slug}"


def territory_default() -> Territory | None:
    """The territory served where no host or path names one: ``TERRITORY_DEFAULT`` (a slug), else the oldest.
    Cached; services that change a territory clear the cache."""
    return _cached_many({TERRITORY_CACHE_KEY: _find_default})[TERRITORY_CACHE_KEY] or None


def _find_default():
    from django.conf import settings

    slug = getattr(settings, "TERRITORY_DEFAULT", "")
    found = slug and Territory.objects.filter(slug=slug).first()
    return found or Territory.objects.order_by("pk").first() or ""


def _cached_many(finders: dict) -> dict:
    """Each key's value through the cache, in one round trip, ``finders[key]()`` for a miss; a cache that fails
    (Redis down, whatever its backend) only costs queries. An empty string stands for "none", so that a miss is
    cached too."""
    try:
        found = cache.get_many(list(finders))
    except Exception:  # noqa: BLE001 - the territory must be found with or without a cache
        logger.warning("Cache unavailable: territory looked up in the database", exc_info=True)
        return {key: find() for key, find in finders.items()}
    missing = {key: find() for key, find in finders.items() if key not in found}
    if missing:
        try:
            cache.set_many(missing, TERRITORY_CACHE_SECONDS)
        except Exception:  # noqa: BLE001
            logger.warning("Cache unavailable: territory not cached", exc_info=True)
    return found | missing


def territory_current() -> Territory | None:
    """The territory this work runs for: the request's or the task's (territory.tenancy), else the default one
    (a shell, a command run for one territory)."""
    from territory.tenancy import territory_active

    return territory_active() or territory_default()


def _host_key(host: str) -> str:
    return (host or "").split(":", 1)[0].strip().lower().rstrip(".")


def territory_for_host(*, host: str) -> Territory | None:
    """The territory whose domain is ``host`` (without its port), cached like the default."""
    host = _host_key(host)
    if not host:
        return None
    key = territory_host_cache_key(host)
    return _cached_many({key: lambda: Territory.objects.filter(domain=host).first() or ""})[key] or None


def territory_for_host_or_default(*, host: str) -> tuple[Territory | None, Territory | None]:
    """The territory whose domain is ``host``, and the default one, in one cache round trip (a request's)."""
    host = _host_key(host)
    finders = {TERRITORY_CACHE_KEY: _find_default}
    if host:
        finders[territory_host_cache_key(host)] = lambda: Territory.objects.filter(domain=host).first() or ""
    found = _cached_many(finders)
    by_host = found[territory_host_cache_key(host)] if host else None
    return by_host or None, found[TERRITORY_CACHE_KEY] or None


def territory_for_slug(*, slug: str) -> Territory | None:
    key = territory_slug_cache_key(slug)
    return _cached_many({key: lambda: Territory.objects.filter(slug=slug).first() or ""})[key] or None


@dataclass(frozen=True)
class MarketTerms:
    """The municipality's commercial terms, as the code uses them."""

    commission_rate: Decimal  # a fraction: 0.05 for 5 %
    delivery_fee_kept_by: str  # "municipality" or "merchants"
    returned_parcel_refund: str  # "goods_only" or "full"
    home_delivery_fee: Decimal
    pickup_fee: Decimal
    collection_times: tuple[time, ...]  # the delivery round's passes at the shops
    preparation_minutes: int


def market_terms() -> MarketTerms:
    """What the municipality set in its dashboard, else the deployment's defaults from the settings."""
    from django.conf import settings

    territory = territory_current()

    def chosen(field: str, default):
        value = getattr(territory, field, None) if territory is not None else None
        return default if value in (None, "") else value

    rate = chosen("commission_rate", None)
    return MarketTerms(
        commission_rate=rate / 100 if rate is not None else Decimal(str(settings.COMMISSION_RATE)),
        delivery_fee_kept_by=chosen("delivery_fee_kept_by", settings.DELIVERY_FEE_KEPT_BY),
        returned_parcel_refund=chosen("returned_parcel_refund", settings.RETURNED_PARCEL_REFUND),
        home_delivery_fee=Decimal(str(chosen("home_delivery_fee", settings.DELIVERY_HOME_FEE))),
        pickup_fee=Decimal(str(chosen("pickup_fee", settings.PICKUP_FEE))),
        collection_times=times_of_day_parse(chosen("collection_times", settings.COLLECTION_TIMES)),
        preparation_minutes=chosen("preparation_minutes", settings.PREPARATION_MINUTES),
    )


def order_terms(*, order) -> OrderTerms:
    """The terms ``order`` was sold under, as copied onto it at placement.

    An order without a copy (one placed outside the checkout, in the admin or a shell) gets today's terms
    copied at this first use, as the ``order_terms`` migration did for the orders placed before it, and keeps
    them from then on."""
    from territory.services import order_terms_freeze

    terms = OrderTerms.objects.filter(order_id=order.pk).first()
    if terms is None:
        logger.warning("Order %s has no frozen terms: today's are copied onto it now", order.number)
        terms = order_terms_freeze(order=order)
    return terms


def territory_serves_postcode(*, postcode: str) -> bool:
    """Whether a postcode belongs to a commune of the catchment area."""
    territory = territory_current()
    if territory is None:
        return False
    return CommunePostcode.objects.filter(
        commune__territory=territory, postcode=(postcode or "").strip()
    ).exists()


def account_territory_id(*, user) -> int | None:
    """The territory an account belongs to: its membership's; without one, a superuser's is none (the national
    operator, at home everywhere) and anyone else's is the default territory's (accounts made before tenancy)."""
    from territory.models import Membership

    cached = getattr(user, "_territory_id", False)
    if cached is not False:
        return cached
    try:
        territory_id = user.territory_membership.territory_id  # selected with the user when signed in
    except Membership.DoesNotExist:
        territory_id = None
    if territory_id is None and not user.is_superuser:
        default = territory_default()
        territory_id = default.pk if default is not None else None
    user._territory_id = territory_id
    return territory_id


def account_belongs(*, user, territory) -> bool:
    """Whether ``user`` may act on ``territory``'s pages."""
    if user.is_superuser:
        return True
    return account_territory_id(user=user) == territory.pk


def territories_overview() -> list:
    """Every territory with its counts, for the national operator (a read across territories, on purpose)."""
    from django.db.models import Count

    from territory.tenancy import territory_all

    with territory_all():
        return list(
            Territory.objects.annotate(commune_count=Count("communes", distinct=True))
            .order_by("name")
            .prefetch_related("communes")
        )


def territory_email_brand():
    """The current territory's brand as its e-mails show it (core.mail.EmailBrand); the logo on SITE_URL."""
    from django.conf import settings

    territory = territory_current()
    if territory is None:
        return EmailBrand(name=settings.OSCAR_SHOP_NAME, site_url=settings.SITE_URL)
    return EmailBrand(
        name=territory.name,
        primary_colour=territory.primary_colour,
        logo_url=absolute_url(path=territory.logo.url) if territory.logo else "",
        site_url=settings.SITE_URL,
        contact_email=territory.contact_email,
        contact_phone=territory.contact_phone,
        address=territory.address,
        website=territory.website,
    )
