from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views import generic
from geographiclib.geodesic import Geodesic
from oscar.apps.checkout import views
from oscar.apps.checkout.exceptions import FailedPreCondition
from oscar.core.loading import get_class

from pickup.checkout import (
    PickupChoices,
    first_pickup_day,
    opening_hours_text,
    pickup_choices,
    pickup_point_offered,
)
from pickup.selectors import postcode_in

CheckoutSessionMixin = get_class("checkout.session", "CheckoutSessionMixin")


def distance_text(metres: float) -> str:
    """« 760 m » under a kilometre, « 1,1 km » beyond, in the active language's number format."""
    if metres < 1000:
        return f"{number_format(round(metres))} m"
    return f"{number_format(metres / 1000, decimal_pos=1)} km"


class ShippingMethodView(views.ShippingMethodView):
    def get_success_response(self):
        if self.is_pickup_chosen(self.request.basket):
            return redirect("checkout:pickup-point")
        self.checkout_session.forget_pickup_point()
        return super().get_success_response()


class PickupPointView(CheckoutSessionMixin, generic.TemplateView):
    """Choose the contact point: the five nearest open ones around the delivery address, or around an
    address or postcode typed here; a list that works by keyboard, and a map when tiles can load."""

    template_name = "oscar/checkout/pickup_point.html"
    pre_conditions = [
        "check_basket_is_not_empty",
        "check_basket_is_valid",
        "check_user_email_is_captured",
        "check_pickup_is_the_shipping_method",
    ]

    def check_pickup_is_the_shipping_method(self, request):
        if not self.checkout_session.is_shipping_address_set():
            raise FailedPreCondition(
                url=reverse("checkout:shipping-address"), message=_("Indiquez d'abord votre adresse.")
            )
        if not self.is_pickup_chosen(request.basket):
            raise FailedPreCondition(url=reverse("checkout:shipping-method"))

    def origin(self):
        """Where to search from: the address or postcode typed here, else the delivery address; with the
        postcode that tells whether it lies in the territory."""
        from shop.geocoding import geocode

        typed = self.request.GET.get("recherche", "").strip()[:200]
        if typed:
            found = geocode(address=typed)
            return found, typed, postcode_in(typed) or (postcode_in(found.label) if found else "")
        address = self.get_shipping_address(self.request.basket)
        found = geocode(
            address=address.line1 or "", postcode=address.postcode or "", city=address.line4 or ""
        )
        return found, "", (address.postcode or "").replace(" ", "")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        origin, typed, postcode = self.origin()
        context["search"] = typed
        context["origin"] = origin
        context["pickup_day"] = first_pickup_day()
        context["selected_point_id"] = self.checkout_session.pickup_point_id()
        found = (
            pickup_choices(latitude=origin.latitude, longitude=origin.longitude, postcode=postcode)
            if origin
            else PickupChoices(points=[])
        )
        choices = found.points
        context["outside_area"] = found.outside_area
        context["area_name"] = found.area_name
        context["choices"] = [
            {
                "point": choice.point,
                "distance_m": choice.distance_m,
                "distance": distance_text(choice.distance_m),
                "hours": opening_hours_text(point=choice.point),
            }
            for choice in choices
        ]
        context["map_tile_url"] = settings.MAP_TILE_URL
        context["map_data"] = {
            "tileUrl": settings.MAP_TILE_URL,
            "origin": [origin.latitude, origin.longitude] if origin else None,
            "points": [
                {"id": c.point.pk, "name": c.point.name, "lat": c.point.latitude, "lon": c.point.longitude}
                for c in choices
            ],
        }
        if typed and origin is None:
            context["search_error"] = _("Adresse ou code postal introuvable : vérifiez la saisie.")
        return context

    def post(self, request, *args, **kwargs):
        point_id = request.POST.get("point", "")
        point = pickup_point_offered(point_id=int(point_id)) if point_id.isdigit() else None
        if point is None:
            messages.error(request, _("Choisissez un point de contact dans la liste."))
            return self.render_to_response(self.get_context_data(), status=400)
        origin, _typed, _postcode = self.origin()
        distance = None
        if origin is not None:
            distance = Geodesic.WGS84.Inverse(
                origin.latitude, origin.longitude, point.latitude, point.longitude, Geodesic.DISTANCE
            )["s12"]
        self.checkout_session.use_pickup_point(point_id=point.pk, distance_m=distance)
        return redirect("checkout:payment-method")


@method_decorator(transaction.non_atomic_requests, name="dispatch")
class PaymentStepMixin(CheckoutSessionMixin):
    """JSON steps of the card payment, called by the preview page's script (shop/static/shop/payment.js).

    Not one request-wide transaction: the services lock stock and attempts only as long as they need."""

    pre_conditions = [
        "check_basket_is_not_empty",
        "check_basket_is_valid",
        "check_user_email_is_captured",
        "check_shipping_data_is_captured",
    ]

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except ValidationError as error:
            return JsonResponse({"error": " ".join(error.messages)}, status=409)

    def attempt(self):
        from shop.models import PaymentAttempt

        attempt_id = self.request.POST.get("attempt", "") or self.request.GET.get("tentative", "")
        if not attempt_id.isdigit():
            return None
        return PaymentAttempt.objects.filter(pk=attempt_id, user=self.request.user).first()


class PaymentStartView(PaymentStepMixin, generic.View):
    """Freezes the checkout, holds the stock, creates the order's PaymentIntent and a SetupIntent for the card."""

    def post(self, request):
        from shop import stripe_gateway
        from shop.payments import payment_attempt_start

        attempt = payment_attempt_start(
            basket=request.basket, user=request.user, submission=self.build_submission()
        )
        setup_intent_id, setup_secret = stripe_gateway.setup_intent_create()
        return JsonResponse(
            {"attempt": attempt.pk, "setupIntent": setup_intent_id, "setupSecret": setup_secret}
        )


class PaymentConfirmView(PaymentStepMixin, generic.View):
    """Charges the card the browser attached to the SetupIntent; 3-D Secure is left to the browser.

    The basket is frozen by then (the resident's open basket is a new, empty one): the attempt carries it."""

    pre_conditions = []

    def post(self, request):
        from shop import stripe_gateway
        from shop.payments import payment_attempt_complete

        attempt = self.attempt()
        setup_intent_id = request.POST.get("setup_intent", "")
        if attempt is None or not setup_intent_id.startswith("seti_"):
            return JsonResponse({"error": _("Ce paiement est introuvable : rechargez la page.")}, status=400)
        payment_method = stripe_gateway.setup_intent_payment_method(setup_intent_id=setup_intent_id)
        if payment_method is None:
            return JsonResponse(
                {"error": _("La carte n'a pas été enregistrée : vérifiez sa saisie.")}, status=400
            )
        intent = stripe_gateway.payment_intent_pay(
            intent_id=attempt.payment_intent_id, payment_method_id=payment_method
        )
        if intent.status == "requires_action":
            return JsonResponse({"action": True, "clientSecret": intent.client_secret})
        if intent.status != "succeeded":
            payment_attempt_complete(attempt_id=attempt.pk)
            attempt.refresh_from_db()
            return JsonResponse({"error": attempt.failure_message or declined_message("")}, status=402)
        return JsonResponse({"next": f"{reverse('checkout:payment-return')}?tentative={attempt.pk}"})


class PaymentReturnView(PaymentStepMixin, generic.View):
    """Where the browser comes back after paying: places the order, unless the webhook already did."""

    pre_conditions = []

    def get(self, request):
        from shop.payments import payment_attempt_complete

        attempt = self.attempt()
        if attempt is None:
            messages.error(request, _("Ce paiement est introuvable."))
            return redirect("basket:summary")
        order = payment_attempt_complete(attempt_id=attempt.pk)
        if order is None:
            attempt.refresh_from_db()
            messages.error(request, attempt.failure_message or declined_message(""))
            return redirect("checkout:preview")
        request.session["checkout_order_id"] = order.pk
        self.checkout_session.flush()
        return redirect("checkout:thank-you")


def declined_message(detail: str) -> str:
    message = _("Le paiement n'a pas abouti : votre carte n'a pas été débitée et votre panier est conservé.")
    return f"{message} ({detail})" if detail else message


class PaymentDetailsView(views.PaymentDetailsView):
    """The preview takes the card payment itself (see PaymentStartView): an order is never placed unpaid."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["stripe_publishable_key"] = settings.STRIPE_PUBLISHABLE_KEY
        context["stripe_js_url"] = settings.STRIPE_JS_URL
        return context

    def handle_place_order_submission(self, request):
        messages.error(
            request, _("Réglez votre commande par carte ci-dessous : elle est enregistrée une fois payée.")
        )
        return redirect("checkout:preview")
