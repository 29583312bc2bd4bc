"""On PostgreSQL, pg_trgm and trigram indexes on the columns search reads with LIKE '%…%' (the stems, the plain
title); nothing on SQLite, which scans them."""

from django.db import migrations

INDEXES = {
    "catalogue_product_search_text_trgm": "search_text",
    "catalogue_product_title_sort_trgm": "title_sort",
}


def indexes_create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON catalogue_product USING gin ({column} gin_trgm_ops)"
        )


def indexes_drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0036_productclass_chilled")]

    operations = [migrations.RunPython(indexes_create, indexes_drop, elidable=False)]
