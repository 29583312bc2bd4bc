"""Reads for the shop's public pages: the territory, and the catalogue across merchants."""

import hashlib
import logging
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Substr
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from merchants.selectors import merchants_for_filter
from shop import search

Product = get_model("catalogue", "Product")
ProductImage = get_model("catalogue", "ProductImage")
ProductCategory = get_model("catalogue", "ProductCategory")
Category = get_model("catalogue", "Category")
StockRecord = get_model("partner", "StockRecord")

logger = logging.getLogger(__name__)

SORTS = {
    "relevance": search.RELEVANCE_ORDER,
    "title": ("title_sort", "pk"),
    "price_asc": ("sort_price", "title_sort"),
    "price_desc": ("-sort_price", "title_sort"),
    "newest": ("-date_created", "-pk"),
}

# Price bands of the catalogue's facets (euros, VAT included): GET value -> [low, high).
PRICE_BANDS = {
    "0-5": (None, Decimal(5)),
    "5-10": (Decimal(5), Decimal(10)),
    "10-20": (Decimal(10), Decimal(20)),
    "20-50": (Decimal(20), Decimal(50)),
    "50-": (Decimal(50), None),
}
FACETS_SECONDS = 60


@dataclass(frozen=True)
class BrowseFilters:
    """What a catalogue page is narrowed to: the query's terms, a shop, a category, a price band, in stock."""

    terms: tuple = ()
    merchant_slug: str | None = None
    category: "Category | None" = None
    price_band: str | None = None
    available: bool = False


def _offers(merchant_slug: str | None) -> QuerySet:
    offers = StockRecord.objects.filter(product=OuterRef("pk"), partner__merchant__status="approved")
    return offers.filter(partner__merchant__slug=merchant_slug) if merchant_slug else offers


def _price_band_q(band: str) -> Q:
    low, high = PRICE_BANDS[band]
    condition = Q()
    if low is not None:
        condition &= Q(price__gte=low)
    if high is not None:
        condition &= Q(price__lt=high)
    return condition


def _in_stock_q() -> Q:
    return Q(num_in_stock__gt=Coalesce(F("num_allocated"), 0))


def _offered(merchant_slug: str | None) -> QuerySet:
    """Ids of the products approved merchants (or the one merchant) offer: ``pk__in`` of these is planned well by
    SQLite too, where a correlated EXISTS through partner and merchant scans (seconds on 10,000 products)."""
    offers = StockRecord.objects.filter(partner__merchant__status="approved")
    if merchant_slug:
        offers = offers.filter(partner__merchant__slug=merchant_slug)
    return offers


def _products_filtered(filters: BrowseFilters, *, skip: str = "") -> QuerySet:
    offered = _offered(None if skip == "merchant" else filters.merchant_slug)
    products = Product.objects.filter(
        is_public=True,
        structure__in=["standalone", "parent"],
        pk__in=offered.values("product_id"),
    )
    products = search.products_matching(products, list(filters.terms))
    if filters.category is not None and skip != "category":
        category = filters.category
        products = products.filter(
            Exists(
                Category.objects.filter(
                    product=OuterRef("pk"), path__startswith=category.path, depth__gte=category.depth
                )
            )
        )
    if filters.price_band in PRICE_BANDS and skip != "price":
        products = products.filter(
            pk__in=offered.filter(_price_band_q(filters.price_band)).values("product_id")
        )
    if filters.available and skip != "available":
        products = products.filter(_available_q(offered))
    return products


def _available_q(offered: QuerySet) -> Q:
    return Q(product_class__track_stock=False) | Q(pk__in=offered.filter(_in_stock_q()).values("product_id"))


def products_browse(
    *,
    query: str = "",
    terms: list | None = None,
    merchant_slug: str | None = None,
    category: "Category | None" = None,
    price_band: str | None = None,
    available: bool = False,
    sort: str = "title",
) -> QuerySet:
    """Public products of approved merchants, filtered by words (accents, case and word forms ignored, one typo
    forgiven in a word of five letters or more), merchant, category (with its sub-categories), price band and
    stock; ``relevance`` sorts by how well they match the words (see ``shop.search``)."""
    terms = search.query_terms(query) if terms is None else terms
    filters = BrowseFilters(
        terms=tuple(terms),
        merchant_slug=merchant_slug,
        category=category,
        price_band=price_band,
        available=available,
    )
    products = _products_filtered(filters)
    offers = _offers(merchant_slug)
    if sort == "relevance" and terms:
        products = search.products_rank(products, terms=terms, offers=offers)
    elif sort == "relevance":
        sort = "title"
    if sort.startswith("price"):
        products = products.annotate(sort_price=Subquery(offers.values("price")[:1]))
    return products.order_by(*SORTS.get(sort, SORTS["title"]))


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool
    depth: int = 1


@dataclass(frozen=True)
class Facets:
    """Counts of the products a filter would show, each counted with the other filters applied."""

    merchants: list[FacetValue]
    categories: list[FacetValue]
    prices: list[FacetValue]
    available_count: int
    available_selected: bool
    price_selected: str | None


def _facet_counts(filters: BrowseFilters, *, with_merchants: bool = True) -> dict:
    def ids(skip: str) -> QuerySet:
        return _products_filtered(filters, skip=skip).order_by().values("pk")

    approved = StockRecord.objects.filter(partner__merchant__status="approved")
    merchants = (
        list(
            approved.filter(product__in=ids("merchant"))
            .values_list("partner__merchant__slug", "partner__merchant__trade_name")
            .annotate(count=Count("product", distinct=True))
            .order_by("partner__merchant__trade_name")
        )
        if with_merchants
        else []
    )
    if (
        with_merchants
        and filters.merchant_slug
        and filters.merchant_slug not in {slug for slug, _name, _count in merchants}
    ):
        merchants += [
            (slug, name, 0)
            for slug, name in merchants_for_filter()
            .filter(slug=filters.merchant_slug)
            .values_list("slug", "trade_name")
        ]
    in_categories = ProductCategory.objects.filter(product__in=ids("category"))
    by_prefix: dict[str, int] = {}
    for depth in (1, 2):
        rows = (
            in_categories.filter(category__depth__gte=depth)
            .annotate(prefix=Substr("category__path", 1, Category.steplen * depth))
            .values_list("prefix")
            .annotate(count=Count("product", distinct=True))
            .order_by()
        )
        by_prefix.update(dict(rows))
    categories = [
        (category.pk, category.name, category.depth, by_prefix.get(category.path, 0))
        for category in categories_for_filter()
    ]
    prices = approved.filter(product__in=ids("price")).aggregate(
        **{band: Count("product", distinct=True, filter=_price_band_q(band)) for band in PRICE_BANDS}
    )
    offered = _offered(filters.merchant_slug)
    available = _products_filtered(filters, skip="available").filter(_available_q(offered)).count()
    return {"merchants": merchants, "categories": categories, "prices": prices, "available": available}


PRICE_BAND_LABELS = {
    "0-5": _("Moins de 5 €"),
    "5-10": _("De 5 à 10 €"),
    "10-20": _("De 10 à 20 €"),
    "20-50": _("De 20 à 50 €"),
    "50-": _("50 € et plus"),
}


def catalogue_facets(
    *,
    terms: list,
    merchant_slug: str | None = None,
    category: "Category | None" = None,
    price_band: str | None = None,
    available: bool = False,
    with_merchants: bool = True,
) -> Facets:
    """The counts by shop, category, price band and stock beside a catalogue page: six queries (five without the
    shops' counts, which a shop's own page does not show), cached a minute per territory and filters. Unlike the
    tiles, the counts are not keyed by the catalogue's version: every order changes a stock, and counting the
    whole catalogue again after each would cost more than counts a minute old are worth."""

    filters = BrowseFilters(
        terms=tuple(terms),
        merchant_slug=merchant_slug,
        category=category,
        price_band=price_band if price_band in PRICE_BANDS else None,
        available=available,
    )
    signature = repr(
        (
            [term.stems for term in filters.terms],
            merchant_slug,
            category.pk if category else None,
            filters.price_band,
            available,
            with_merchants,
        )
    )
    key = "catalogue:facets:" + hashlib.sha1(signature.encode()).hexdigest()
    if settings.CATALOGUE_CACHE_SECONDS:
        counts = cache.get_or_set(
            key, lambda: _facet_counts(filters, with_merchants=with_merchants), FACETS_SECONDS
        )
    else:  # the catalogue's caches off: counted on every page
        counts = _facet_counts(filters, with_merchants=with_merchants)
    selected_category = category.pk if category else None
    return Facets(
        merchants=[
            FacetValue(value=slug, label=name, count=count, selected=slug == merchant_slug)
            for slug, name, count in counts["merchants"]
        ],
        categories=[
            FacetValue(value=str(pk), label=name, count=count, selected=pk == selected_category, depth=depth)
            for pk, name, depth, count in counts["categories"]
            if count or pk == selected_category
        ],
        prices=[
            FacetValue(
                value=band,
                label=str(label),
                count=counts["prices"][band],
                selected=band == filters.price_band,
            )
            for band, label in PRICE_BAND_LABELS.items()
        ],
        available_count=counts["available"],
        available_selected=available,
        price_selected=filters.price_band,
    )


@dataclass(frozen=True)
class ProductCard:
    product: "Product"
    url: str
    merchant_name: str
    merchant_url: str
    price_incl_tax: Decimal | None
    currency: str
    is_available: bool
    image_url: str | None
    image_alt: str


def products_with_card_data(products: QuerySet) -> QuerySet:
    """Adds what a product tile needs, so a page of any size costs three queries. The stock records and images
    come as plain lists (``card_offers``, ``card_images``): reading a prefetched relation through its manager
    clones a queryset each time, which cost more than the queries on a page of 24 tiles."""
    return products.select_related("product_class").prefetch_related(
        Prefetch(
            "stockrecords",
            queryset=StockRecord.objects.select_related("partner__merchant").order_by("pk"),
            to_attr="card_offers",
        ),
        Prefetch(
            "images", queryset=ProductImage.objects.order_by("display_order", "pk"), to_attr="card_images"
        ),
    )


def product_cards(*, products, strategy) -> list[ProductCard]:
    """The tiles of products loaded through ``products_with_card_data``, in the same order."""
    cards = []
    for product in products:
        offers = product.card_offers
        info = strategy.fetch_for_product(product, stockrecord=offers[0] if offers else None)
        stockrecord = info.stockrecord
        merchant = getattr(stockrecord.partner, "merchant", None) if stockrecord else None
        images = product.card_images
        cards.append(
            ProductCard(
                product=product,
                url=product.get_absolute_url(),
                merchant_name=merchant.trade_name if merchant else "",
                merchant_url=merchant.get_absolute_url() if merchant else "",
                price_incl_tax=info.price.incl_tax if info.price.exists else None,
                currency=info.price.currency if info.price.exists else "EUR",
                is_available=info.availability.is_available_to_buy,
                image_url=images[0].original.url if images else None,
                image_alt=(images[0].caption or product.title) if images else product.title,
            )
        )
    return cards


def categories_for_filter() -> QuerySet:
    return Category.objects.filter(is_public=True, depth__lte=2).order_by("path")


def order_for_resident(*, user, number: str):
    """One of the resident's orders with all its page shows (each shop's part, its lines, the pickup, the
    parcel, the refunds), loaded in a fixed number of queries whatever the number of shops; or None."""
    from django.db.models import Prefetch

    from merchants.models import Fulfilment

    Order = get_model("order", "Order")
    Line = get_model("order", "Line")
    lines = Line.objects.select_related("product").prefetch_related("attributes")
    fulfilments = Fulfilment.objects.select_related("merchant").prefetch_related(
        Prefetch("lines", queryset=lines)
    )
    return (
        Order.objects.filter(user=user, number=number)
        .select_related("shipping_address__country", "pickup", "parcel", "slot_booking__slot")
        .prefetch_related(
            Prefetch("fulfilments", queryset=fulfilments),
            "refunds",
            "payment_events__line_quantities__line",
        )
        .first()
    )
