"""Fills the stock Oscar bench database with the same catalogue Comptoir's bench seeds: each of the demo's shop
catalogues (shop/demo/catalogue/*.csv) for one partner, repeated as « — lot N » up to the products per merchant,
with the same categories, prices and stock. Run with DJANGO_SETTINGS_MODULE=bench.stock_oscar.settings:

    python -m bench.stock_oscar.seed MERCHANTS PER_MERCHANT
"""

import csv
import sys
from decimal import Decimal
from pathlib import Path

import django

CATALOGUES = Path(__file__).resolve().parent.parent.parent / "shop" / "demo" / "catalogue"


def catalogue_rows(path: Path, count: int) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    lots = []
    for index in range(len(rows), count):
        base = dict(rows[index % len(rows)])
        base["title"] = f"{base['title']} — lot {index // len(rows) + 1}"
        base["sku"] = f"{path.stem}-{index:04d}"
        lots.append(base)
    return rows[:count] + lots


def seed(merchants: int, per_merchant: int) -> int:
    from django.db import transaction
    from django.utils.text import slugify
    from oscar.apps.catalogue.categories import create_from_breadcrumbs
    from oscar.core.loading import get_model

    Product = get_model("catalogue", "Product")
    ProductClass = get_model("catalogue", "ProductClass")
    ProductCategory = get_model("catalogue", "ProductCategory")
    Partner = get_model("partner", "Partner")
    StockRecord = get_model("partner", "StockRecord")
    if Product.objects.exists():
        return Product.objects.count()
    files = sorted(CATALOGUES.glob("*.csv"))
    with transaction.atomic():
        product_class = ProductClass.objects.create(name="Produit", track_stock=True, requires_shipping=True)
        categories = {}
        for number in range(merchants):
            path = files[number % len(files)]
            partner = Partner.objects.create(name=f"{path.stem} {number + 1}")
            rows = catalogue_rows(path, per_merchant)
            products = [
                Product(
                    title=row["title"],
                    slug=slugify(row["title"])[:128] or "produit",
                    description=row["description"],
                    product_class=product_class,
                    structure=Product.STANDALONE,
                    is_public=True,
                )
                for row in rows
            ]
            Product.objects.bulk_create(products)
            links, stock = [], []
            for product, row in zip(products, rows, strict=True):
                trail = row["category"]
                if trail not in categories:
                    categories[trail] = create_from_breadcrumbs(trail)
                links.append(ProductCategory(product=product, category=categories[trail]))
                stock.append(
                    StockRecord(
                        product=product,
                        partner=partner,
                        partner_sku=f"{row['sku']}-{number}",
                        price_currency="EUR",
                        price=Decimal(row["price"].replace(",", ".")),
                        num_in_stock=int(row["stock"] or 0) or 20,
                    )
                )
            ProductCategory.objects.bulk_create(links)
            StockRecord.objects.bulk_create(stock)
    return Product.objects.count()


if __name__ == "__main__":
    django.setup()
    print(seed(int(sys.argv[1]), int(sys.argv[2])))
