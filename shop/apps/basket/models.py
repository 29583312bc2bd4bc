from oscar.apps.basket.abstract_models import AbstractBasket


class Basket(AbstractBasket):
    def all_lines(self):
        """Oscar's lines, with what pricing each line reads (its product's class, its stock record's shop)
        loaded in the same query rather than one query per line."""
        if self.id is None:
            return self.lines.model.objects.none()
        if self._lines is None:
            self._lines = (
                self.lines.select_related(
                    "product__product_class",
                    "product__parent__product_class",
                    "stockrecord__partner__merchant",
                )
                .prefetch_related("attributes", "product__images")
                .order_by(self._meta.pk.name)
            )
        return self._lines


from oscar.apps.basket.models import *  # noqa: E402, F403
