from django.db.models import Sum
from oscar.apps.basket.abstract_models import AbstractBasket


class Basket(AbstractBasket):
    def all_lines(self):
        """Oscar's lines, with what pricing each line reads (its product's class, its stock record's shop)
        loaded in the same query rather than one query per line; no product images (no basket or checkout
        page shows them)."""
        if self.id is None:
            return self.lines.model.objects.none()
        if self._lines is None:
            self._lines = (
                self.lines.select_related(
                    "product__product_class",
                    "product__parent__product_class",
                    "stockrecord__partner__merchant",
                )
                .prefetch_related("attributes")
                .order_by(self._meta.pk.name)
            )
        return self._lines

    @property
    def num_items(self):
        """The number of items: summed by the database unless the lines are loaded already (adding to a basket
        checks it against OSCAR_MAX_BASKET_QUANTITY_THRESHOLD before anything else needs the lines)."""
        if self.id is None:
            return 0
        if self._lines is not None and self._lines._result_cache is not None:
            return sum(line.quantity for line in self._lines)
        return self.lines.aggregate(items=Sum("quantity"))["items"] or 0

    @property
    def currency(self):
        """The currency of the basket's first line (Oscar's rule), read without loading every line."""
        if self.id is None:
            return None
        if self._lines is not None and self._lines._result_cache is not None:
            return next((line.price_currency for line in self._lines), None)
        return self.lines.order_by("pk").values_list("price_currency", flat=True).first()


from oscar.apps.basket.models import *  # noqa: E402, F403
