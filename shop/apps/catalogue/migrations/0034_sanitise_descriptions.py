"""Product and category descriptions written before the sanitiser go through its allowlist once (issue 9)."""

from django.db import migrations

BATCH = 500


def sanitise_descriptions(apps, schema_editor):
    from core.text import html_sanitise, html_text, search_document

    Product = apps.get_model("catalogue", "Product")
    changed = []
    rows = Product.objects.exclude(description="").only("pk", "title", "description", "upc").order_by("pk")
    for product in rows.iterator(chunk_size=2000):
        clean = html_sanitise(product.description)
        if clean != product.description:
            product.description = clean
            product.search_text = search_document(product.title, html_text(clean), product.upc or "")
            changed.append(product)
        if len(changed) >= BATCH:
            Product.objects.bulk_update(changed, ["description", "search_text"])
            changed = []
    Product.objects.bulk_update(changed, ["description", "search_text"])

    Category = apps.get_model("catalogue", "Category")
    for category in Category.objects.only("pk", "description", "long_description"):
        description = html_sanitise(category.description)
        long_description = html_sanitise(category.long_description)
        if (description, long_description) != (category.description, category.long_description):
            Category.objects.filter(pk=category.pk).update(
                description=description, long_description=long_description
            )


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0033_product_search_and_vat"),
    ]

    operations = [migrations.RunPython(sanitise_descriptions, migrations.RunPython.noop)]
