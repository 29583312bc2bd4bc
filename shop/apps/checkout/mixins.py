from django.db import transaction
from oscar.apps.checkout import mixins

from merchants.services import fulfilments_create_for_order


class OrderPlacementMixin(mixins.OrderPlacementMixin):
    def place_order(self, *args, **kwargs):
        """Places Oscar's order and splits it per merchant in the same transaction."""
        with transaction.atomic():
            order = super().place_order(*args, **kwargs)
            fulfilments_create_for_order(order=order)
        return order
