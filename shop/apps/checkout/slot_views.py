"""The delivery slot step of the checkout, after the home delivery was chosen (as PickupPointView is after the
contact point): the next days' slots with places left, by keyboard, the few places left said."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import generic
from oscar.apps.checkout.exceptions import FailedPreCondition
from oscar.core.loading import get_class

from delivery.slots import OFFER_DAYS, slot_offers

CheckoutSessionMixin = get_class("checkout.session", "CheckoutSessionMixin")


class DeliverySlotView(CheckoutSessionMixin, generic.TemplateView):
    """Choose the delivery slot: only slots whose cut-off is ahead and which are not full are offered."""

    template_name = "oscar/checkout/delivery_slot.html"
    pre_conditions = [
        "check_basket_is_not_empty",
        "check_basket_is_valid",
        "check_user_email_is_captured",
        "check_home_delivery_is_the_shipping_method",
    ]

    def check_home_delivery_is_the_shipping_method(self, request):
        if not self.checkout_session.is_shipping_address_set():
            raise FailedPreCondition(
                url=reverse("checkout:shipping-address"), message=_("Indiquez d'abord votre adresse.")
            )
        if not self.slot_is_asked(request.basket):
            raise FailedPreCondition(url=reverse("checkout:shipping-method"))

    def get_context_data(self, **kwargs):
        context = generic.TemplateView.get_context_data(self, **kwargs)
        context["slots"] = slot_offers()
        context["offer_days"] = OFFER_DAYS
        context["selected_slot"] = self.checkout_session.delivery_slot_key()
        return context

    def post(self, request, *args, **kwargs):
        key = request.POST.get("slot", "")
        chosen = next((offer for offer in slot_offers() if offer.key == key), None)
        if chosen is None:
            messages.error(
                request,
                _(
                    "Ce créneau n'est plus proposé (complet ou commandes closes) : choisissez-en un dans la liste."
                ),
            )
            return self.render_to_response(self.get_context_data(), status=400)
        self.checkout_session.use_delivery_slot(key=chosen.key)
        return redirect("checkout:payment-method")
