"""On PostgreSQL, a GIN index on the weighted tsvector that search matches with (shop.search.text_vector: the
plain title as A, the stems as B, « simple » configuration); nothing on SQLite, which matches with LIKE."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

NAME = "catalogue_product_text_fts"


def _index() -> GinIndex:
    # The very expression of shop.search.text_vector, frozen here: the planner uses the index only for it.
    vector = SearchVector("title_sort", config="simple", weight="A") + SearchVector(
        "search_text", config="simple", weight="B"
    )
    return GinIndex(vector, name=NAME)


def index_create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.add_index(apps.get_model("catalogue", "Product"), _index())


def index_drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0037_search_trigram_indexes")]

    operations = [migrations.RunPython(index_create, index_drop, elidable=False)]
