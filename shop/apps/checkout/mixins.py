from django.db import transaction
from oscar.apps.checkout import mixins

from merchants.services import fulfilments_create_for_order
from pickup.checkout import order_pickup_create
from territory.services import order_terms_freeze


class OrderPlacementMixin(mixins.OrderPlacementMixin):
    def place_order(self, *args, pickup_point=None, pickup_distance_m=None, collection_day=None, **kwargs):
        """Places Oscar's order, copies the terms it is sold under onto it, splits it per merchant (collected on
        ``collection_day``, its delivery slot's day, when the shop is open then) and records the pickup point, in one
        transaction."""
        with transaction.atomic():
            order = super().place_order(*args, **kwargs)
            order_terms_freeze(order=order)
            fulfilments_create_for_order(order=order, collection_day=collection_day)
            if pickup_point is not None:
                order_pickup_create(order=order, contact_point=pickup_point, distance_m=pickup_distance_m)
        return order
