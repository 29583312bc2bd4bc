"""What the product page shows, in a fixed handful of queries: the product with its class, images, public
categories, attribute values, food information and its shop's stock record; its recommended and the visitor's
recently viewed products as tiles (shop.selectors.product_cards). Oscar's stock page costs some sixty queries
with six recommendations: each tile looked its stock record, shop, class, options and image up again."""

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Exists, OuterRef, Prefetch
from oscar.core.loading import get_class, get_model

from shop import selectors

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")
Option = get_model("catalogue", "Option")
StockRecord = get_model("partner", "StockRecord")
ProductImage = get_model("catalogue", "ProductImage")
CustomerHistoryManager = get_class("customer.history", "CustomerHistoryManager")

TILES = 6


def product_for_page(*, pk: int):
    """The product of ``pk`` in the active territory, with what its page reads, or None."""
    products = (
        Product.objects.filter(pk=pk)
        .select_related("product_class", "parent__product_class", "food_information")
        .annotate(
            has_product_class_options=Exists(Option.objects.filter(productclass=OuterRef("product_class"))),
            has_product_options=Exists(Option.objects.filter(product=OuterRef("pk"))),
        )
        .prefetch_related(
            Prefetch("images", queryset=ProductImage.objects.order_by("display_order", "pk")),
            Prefetch(
                "stockrecords",
                queryset=StockRecord.objects.select_related("partner__merchant").order_by("pk"),
            ),
        )
        .prefetch_browsable_categories()
        .prefetch_attribute_values()
    )
    return products.first()


def food_information(product):
    """The product's food information, loaded with it by ``product_for_page``; None for a product not food."""
    try:
        info = product.food_information
    except ObjectDoesNotExist:
        return None
    return info if info.is_food else None


def category_trail(product) -> list:
    """The product's first public category and its ancestors, root first, in one query."""
    categories = list(product.get_categories())
    if not categories:
        return []
    category = categories[0]
    steps = range(Category.steplen, len(category.path) + 1, Category.steplen)
    return list(Category.objects.filter(path__in=[category.path[:end] for end in steps]).order_by("depth"))


def tiles(request, product, strategy) -> tuple[list, list]:
    """The product's recommended products and the visitor's recently viewed ones (from Oscar's history cookie,
    the product itself left out), as tiles, loaded together: three queries for both rows."""
    recommended = list(
        product.primary_recommendations.order_by("-ranking", "pk").values_list(
            "recommendation_id", flat=True
        )[:TILES]
    )
    viewed = [pk for pk in reversed(CustomerHistoryManager.extract(request)) if pk != product.pk][:TILES]
    if not recommended and not viewed:
        return [], []
    products = selectors.products_with_card_data(
        selectors.products_browse().filter(pk__in={*recommended, *viewed})
    )
    cards = {card.product.pk: card for card in selectors.product_cards(products=products, strategy=strategy)}
    return [cards[pk] for pk in recommended if pk in cards], [cards[pk] for pk in viewed if pk in cards]
