from django.urls import reverse
from django.utils.translation import gettext as _
from oscar.apps.checkout import exceptions, session

from delivery.shipping import HomeDelivery
from delivery.slots import SlotOffer, slot_key_parse, slot_label, slot_offer, slots_configured
from pickup.models import ContactPoint
from pickup.shipping import ContactPointPickup


class CheckoutSessionMixin(session.CheckoutSessionMixin):
    def is_pickup_chosen(self, basket) -> bool:
        return self.checkout_session.shipping_method_code(basket) == ContactPointPickup.code

    def is_home_delivery_chosen(self, basket) -> bool:
        return self.checkout_session.shipping_method_code(basket) == HomeDelivery.code

    def slot_is_asked(self, basket) -> bool:
        """Home delivery is booked on a slot once the municipality has set slots."""
        if not self.is_home_delivery_chosen(basket):
            return False
        if getattr(self, "_slots_configured", None) is None:
            self._slots_configured = slots_configured()  # asked by several steps of one request
        return self._slots_configured

    def get_delivery_slot(self) -> SlotOffer | None:
        """The slot chosen, while it is still offered (cut-off ahead, places left)."""
        key = self.checkout_session.delivery_slot_key()
        cached = getattr(self, "_delivery_slot", None)
        if cached is None or cached[0] != key:
            cached = (key, slot_offer(key=key) if key else None)
            self._delivery_slot = cached
        return cached[1]

    def get_pickup_point(self) -> ContactPoint | None:
        point_id = self.checkout_session.pickup_point_id()
        if point_id is None:
            return None
        return ContactPoint.objects.filter(pk=point_id, is_active=True).first()

    def check_shipping_data_is_captured(self, request):
        super().check_shipping_data_is_captured(request)
        if self.is_pickup_chosen(request.basket) and self.get_pickup_point() is None:
            raise exceptions.FailedPreCondition(
                url=reverse("checkout:pickup-point"),
                message=_("Choisissez le point de contact où retirer votre commande."),
            )
        if self.slot_is_asked(request.basket) and self.get_delivery_slot() is None:
            key = self.checkout_session.delivery_slot_key()
            parsed = slot_key_parse(key)
            message = _("Choisissez le créneau de livraison.")
            if parsed is not None:
                label = slot_label(day=parsed[0], starts_at=parsed[1], ends_at=None)
                message = _(
                    "Le créneau du %(slot)s vient d'être complet ou n'est plus proposé : choisissez-en un autre."
                ) % {"slot": label}
            raise exceptions.FailedPreCondition(url=reverse("checkout:delivery-slot"), message=message)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.slot_is_asked(self.request.basket):
            context["delivery_slot"] = self.get_delivery_slot()
        return context

    def build_submission(self, **kwargs):
        submission = super().build_submission(**kwargs)
        if self.is_pickup_chosen(self.request.basket):
            submission["order_kwargs"]["pickup_point"] = self.get_pickup_point()
            submission["order_kwargs"]["pickup_distance_m"] = self.checkout_session.pickup_distance_m()
        if self.slot_is_asked(self.request.basket):
            slot = self.get_delivery_slot()
            submission["order_kwargs"]["delivery_slot"] = slot.key if slot else None
        method = submission.get("shipping_method")
        method = getattr(method, "method", method)  # under a shipping offer, Oscar wraps the method
        if self.is_home_delivery_chosen(self.request.basket) and hasattr(method, "quote"):
            quote = method.quote(self.request.basket)
            submission["order_kwargs"]["delivery_fee"] = {
                "basis": quote.basis,
                "surcharge": str(quote.surcharge),
            }
        return submission
