"""Reads about the territory: the one running the shop, its market terms, an order's frozen terms, its postcodes."""

import logging
from dataclasses import dataclass
from datetime import time
from decimal import Decimal

from django.core.cache import cache

from territory.models import CommunePostcode, OrderTerms, Territory, times_of_day_parse

logger = logging.getLogger(__name__)

TERRITORY_CACHE_KEY = "territory:current:v2"
TERRITORY_CACHE_SECONDS = 300


def territory_current() -> Territory | None:
    """The territory running this shop, cached; services that change it clear the cache."""
    territory = cache.get(TERRITORY_CACHE_KEY)
    if territory is None:
        territory = Territory.objects.order_by("pk").first()
        if territory is not None:
            cache.set(TERRITORY_CACHE_KEY, territory, TERRITORY_CACHE_SECONDS)
    return territory


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
