"""Reads for the shop's public pages: the territory, and the catalogue across merchants."""

import logging
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, OuterRef, Prefetch, QuerySet, Subquery
from oscar.core.loading import get_model

from core.text import search_terms

Product = get_model("catalogue", "Product")
ProductImage = get_model("catalogue", "ProductImage")
Category = get_model("catalogue", "Category")
StockRecord = get_model("partner", "StockRecord")

logger = logging.getLogger(__name__)

SORTS = {
    "title": ("title_sort", "pk"),
    "price_asc": ("sort_price", "title_sort"),
    "price_desc": ("-sort_price", "title_sort"),
    "newest": ("-date_created", "-pk"),
}


def products_browse(
    *,
    query: str = "",
    merchant_slug: str | None = None,
    category: "Category | None" = None,
    sort: str = "title",
) -> QuerySet:
    """Public products of approved merchants, filtered by words (accents, case and word forms ignored),
    merchant and category (with its sub-categories)."""
    offers = StockRecord.objects.filter(product=OuterRef("pk"), partner__merchant__status="approved")
    if merchant_slug:
        offers = offers.filter(partner__merchant__slug=merchant_slug)
    products = Product.objects.filter(is_public=True, structure__in=["standalone", "parent"]).filter(
        Exists(offers)
    )
    for term in search_terms(query):
        products = products.filter(search_text__contains=f" {term}")
    if category is not None:
        products = products.filter(
            Exists(
                Category.objects.filter(
                    product=OuterRef("pk"), path__startswith=category.path, depth__gte=category.depth
                )
            )
        )
    if sort.startswith("price"):
        products = products.annotate(sort_price=Subquery(offers.values("price")[:1]))
    return products.order_by(*SORTS.get(sort, SORTS["title"]))


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
    """Adds what a product tile needs, so a page of any size costs three queries."""
    return products.select_related("product_class", "parent__product_class").prefetch_related(
        Prefetch("stockrecords", queryset=StockRecord.objects.select_related("partner__merchant")),
        Prefetch("images", queryset=ProductImage.objects.order_by("display_order", "pk")),
    )


def product_cards(*, products, strategy) -> list[ProductCard]:
    """The tiles of products loaded through ``products_with_card_data``, in the same order."""
    cards = []
    for product in products:
        info = strategy.fetch_for_product(product)
        stockrecord = info.stockrecord
        merchant = getattr(stockrecord.partner, "merchant", None) if stockrecord else None
        images = product.images.all()
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
