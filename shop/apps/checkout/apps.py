from django.urls import path
from oscar.apps.checkout import apps
from oscar.core.loading import get_class


class CheckoutConfig(apps.CheckoutConfig):
    name = "shop.apps.checkout"

    def ready(self):
        super().ready()
        self.pickup_point_view = get_class("checkout.views", "PickupPointView")
        self.delivery_slot_view = get_class("checkout.views", "DeliverySlotView")
        self.payment_start_view = get_class("checkout.views", "PaymentStartView")
        self.payment_confirm_view = get_class("checkout.views", "PaymentConfirmView")
        self.payment_return_view = get_class("checkout.views", "PaymentReturnView")

    def get_urls(self):
        ours = [
            path("point-de-retrait/", self.pickup_point_view.as_view(), name="pickup-point"),
            path("creneau-de-livraison/", self.delivery_slot_view.as_view(), name="delivery-slot"),
            path("paiement/demarrer/", self.payment_start_view.as_view(), name="payment-start"),
            path("paiement/confirmer/", self.payment_confirm_view.as_view(), name="payment-confirm"),
            path("paiement/retour/", self.payment_return_view.as_view(), name="payment-return"),
        ]
        return super().get_urls() + self.post_process_urls(ours)

    def get_url_decorator(self, pattern):
        # The payment's JSON steps refuse an anonymous caller themselves, in JSON: a redirect to the login page
        # would reach the page's script as HTML.
        if pattern.name in ("payment-start", "payment-confirm"):
            return None
        return super().get_url_decorator(pattern)
