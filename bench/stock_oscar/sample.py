"""Prints 50 of stock Oscar's products, drawn at random, one "id url" per line (for bench/catalogue.py)."""

import django

if __name__ == "__main__":
    django.setup()
    from oscar.core.loading import get_model

    Product = get_model("catalogue", "Product")
    for product in Product.objects.order_by("?")[:50]:
        print(product.pk, product.get_absolute_url())
