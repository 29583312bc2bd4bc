# Django sends post_migrate only to apps that have a models module, and ShopConfig.ready() syncs the Site on it.
from django.db import models


class CatalogueVersion(models.Model):
    """A counter per territory (``scope`` is its id; 0 counts changes made across territories) that database
    triggers raise in the same transaction as any change to what the catalogue's pages show: products, their
    stock records (price, stock, allocations), images, categories, attributes, food information, shops, their
    opening hours and stock holds (migrations 0012 and 0013). The pages' caches are keyed by it (shop.catalogue_cache), so a change shows at once,
    whichever code made it: a form, the CSV import, an order's allocation or a bulk UPDATE."""

    scope = models.PositiveIntegerField(primary_key=True)
    version = models.BigIntegerField(default=0)

    class Meta:
        db_table = "shop_catalogueversion"

    def __str__(self) -> str:
        return f"{self.scope}: {self.version}"
