from django.urls import path
from oscar.apps.checkout import apps
from oscar.core.loading import get_class


class CheckoutConfig(apps.CheckoutConfig):
    name = "shop.apps.checkout"

    def ready(self):
        super().ready()
        self.pickup_point_view = get_class("checkout.views", "PickupPointView")

    def get_urls(self):
        pickup = [path("point-de-retrait/", self.pickup_point_view.as_view(), name="pickup-point")]
        return super().get_urls() + self.post_process_urls(pickup)
