from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views import generic
from oscar.apps.basket.middleware import BasketMiddleware
from oscar.apps.checkout import views
from oscar.apps.checkout.exceptions import FailedPreCondition
from oscar.core.loading import get_class

from core.geo import distance_text, geodesic_m
from core.text import is_ascii_number
from pickup.checkout import (
    PickupChoices,
    first_pickup_day,
    opening_hours_text,
    pickup_choices,
    pickup_point_offered,
)
from pickup.selectors import postcode_in
from shop.apps.checkout.slot_views import DeliverySlotView  # noqa: F401 - found by get_class("checkout.views")

CheckoutSessionMixin = get_class("checkout.session", "CheckoutSessionMixin")
CheckoutSessionData = get_class("checkout.utils", "CheckoutSessionData")


class ShippingMethodView(views.ShippingMethodView):
    def get_success_response(self):
        if self.is_pickup_chosen(self.request.basket):
            self.checkout_session.forget_delivery_slot()
            return redirect("checkout:pickup-point")
        self.checkout_session.forget_pickup_point()
        if self.slot_is_asked(self.request.basket):
            return redirect("checkout:delivery-slot")
        self.checkout_session.forget_delivery_slot()
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

    rate_limited = None

    def origin(self):
        """Where to search from: the address or postcode typed here, else the delivery address; with the
        postcode that tells whether it lies in the territory. None when the client searched too often
        (``rate_limited`` then says for how long)."""
        from core.geocoding import GeocodingRateLimited, geocode
        from core.ratelimit import client_ip

        typed = self.request.GET.get("recherche", "").strip()[:200]
        client = client_ip(self.request)
        try:
            if typed:
                found = geocode(address=typed, client=client)
                return found, typed, postcode_in(typed) or (postcode_in(found.label) if found else "")
            address = self.get_shipping_address(self.request.basket)
            found = geocode(
                address=address.line1 or "",
                postcode=address.postcode or "",
                city=address.line4 or "",
                client=client,
            )
            return found, "", (address.postcode or "").replace(" ", "")
        except GeocodingRateLimited as limited:
            self.rate_limited = limited
            return None, typed, postcode_in(typed) if typed else ""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.rate_limited is not None:
            response.status_code = 429
            response["Retry-After"] = str(self.rate_limited.retry_after)
        return response

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
        if self.rate_limited is not None:
            context["search_error"] = self.rate_limited.message
        elif typed and origin is None:
            context["search_error"] = _("Adresse ou code postal introuvable : vérifiez la saisie.")
        return context

    def post(self, request, *args, **kwargs):
        point_id = request.POST.get("point", "")
        point = pickup_point_offered(point_id=int(point_id)) if is_ascii_number(point_id) else None
        if point is None:
            messages.error(request, _("Choisissez un point de contact dans la liste."))
            return self.render_to_response(self.get_context_data(), status=400)
        origin, _typed, _postcode = self.origin()
        distance = None
        if origin is not None:
            distance = geodesic_m(origin.latitude, origin.longitude, point.latitude, point.longitude)
        self.checkout_session.use_pickup_point(point_id=point.pk, distance_m=distance)
        return redirect("checkout:payment-method")


def basket_reload(request) -> None:
    """Loads the resident's open basket again, as Oscar's basket middleware does, when a service has just
    given them back the one a payment had frozen."""
    middleware = BasketMiddleware(get_response=None)

    def load():
        basket = middleware.get_basket(request)
        basket.strategy = request.strategy
        middleware.apply_offers_to_basket(request, basket)
        return basket

    request._basket_cache = None
    request.basket = SimpleLazyObject(load)


def payment_error(error: ValidationError) -> JsonResponse:
    """A payment step's refusal as JSON, in the resident's language: 409 for the basket or the stock (with the
    products out of stock) or the delivery slot (with the slot step to go back to), 503 when Stripe cannot be reached, 404 for another resident's payment."""
    from delivery.slots import SlotUnavailable
    from payments.services import OutOfStock, PaymentNotFound, PaymentUnavailable

    body = {"error": " ".join(error.messages)}
    if isinstance(error, SlotUnavailable):
        # Back to the slot choice, which says why again.
        slot_step = reverse("checkout:delivery-slot")
        return JsonResponse({**body, "url": slot_step, "retry": slot_step}, status=409)
    if isinstance(error, OutOfStock):
        return JsonResponse({**body, "products": error.titles}, status=409)
    if isinstance(error, PaymentUnavailable):
        return JsonResponse(body, status=503)
    if isinstance(error, PaymentNotFound):
        return JsonResponse(body, status=404)
    return JsonResponse(body, status=409)


@method_decorator(transaction.non_atomic_requests, name="dispatch")
class PaymentStepMixin(CheckoutSessionMixin):
    """JSON steps of the card payment, called by the preview page's script (shop/static/shop/payment.js): they
    always answer JSON, never Oscar's redirects, and only to the signed-in resident.

    Not one request-wide transaction: the services lock stock and attempts only as long as they need."""

    pre_conditions = [
        "check_basket_is_not_empty",
        "check_basket_is_valid",
        "check_user_email_is_captured",
        "check_shipping_data_is_captured",
    ]

    def dispatch(self, request, *args, **kwargs):
        if request.method.lower() not in self.http_method_names or not hasattr(self, request.method.lower()):
            # Before anything else: a GET on a POST step must not settle or start a payment.
            allowed = [method.upper() for method in self.http_method_names if hasattr(self, method)]
            response = JsonResponse(
                {"error": _("Méthode non autorisée pour cette étape du paiement.")}, status=405
            )
            response["Allow"] = ", ".join(allowed)
            return response
        if not request.user.is_authenticated:
            return self.anonymous_response(request)
        self.checkout_session = CheckoutSessionData(request)
        try:
            self.before_pre_conditions(request)
            self.check_pre_conditions(request)
            # Oscar's CheckoutSessionMixin.dispatch would answer a failed pre-condition with a redirect.
            return generic.View.dispatch(self, request, *args, **kwargs)
        except FailedPreCondition as failure:
            message = " ".join(str(text) for text in failure.messages) or _(
                "Votre commande n'est pas prête à être payée : reprenez l'étape indiquée."
            )
            body = {"error": message, "url": failure.url}
            if failure.url == reverse("checkout:delivery-slot"):
                # The slot filled or closed since it was chosen: the page goes back to the choice, which says why.
                messages.error(request, message)
                body["retry"] = failure.url
            return JsonResponse(body, status=409)
        except ValidationError as error:
            from delivery.slots import SlotUnavailable

            if isinstance(error, SlotUnavailable):
                self.checkout_session.forget_delivery_slot()
                messages.error(request, " ".join(error.messages))
            return payment_error(error)

    def anonymous_response(self, request):
        return JsonResponse({"error": _("Connectez-vous pour payer votre commande.")}, status=403)

    def before_pre_conditions(self, request) -> None:
        """Hook for what must happen before the basket is read."""

    def check_basket_is_valid(self, request):
        from payments.services import OutOfStock

        short = [
            line.product.get_title()
            for line in request.basket.all_lines()
            if not request.strategy.fetch_for_line(line).availability.is_purchase_permitted(line.quantity)[0]
        ]
        if short:
            raise OutOfStock(titles=short)


class PaymentStartView(PaymentStepMixin, generic.View):
    """Freezes the checkout, holds the stock, creates the order's PaymentIntent and a SetupIntent for the card."""

    def before_pre_conditions(self, request) -> None:
        from payments.services import payment_attempts_settle

        # A payment left pending (a card refused in the browser, a reload) still holds the basket, frozen:
        # Oscar's middleware would hand the resident an empty one instead.
        self.settled = payment_attempts_settle(user=request.user)
        basket_reload(request)

    def post(self, request):
        from payments.services import payment_attempt_card_setup, payment_attempt_start

        if self.settled is not None:
            # That payment had gone through after all: its order is placed.
            return JsonResponse({"next": return_url(attempt_id=self.settled.pk)})
        attempt = payment_attempt_start(
            basket=request.basket, user=request.user, submission=self.build_submission()
        )
        setup_intent_id, setup_secret = payment_attempt_card_setup(attempt=attempt)
        return JsonResponse(
            {"attempt": attempt.pk, "setupIntent": setup_intent_id, "setupSecret": setup_secret}
        )

    def get_pre_conditions(self, request):
        # A settled payment that became an order leaves the basket submitted: nothing left to check.
        return [] if self.settled is not None else super().get_pre_conditions(request)


class PaymentConfirmView(PaymentStepMixin, generic.View):
    """Charges the card the browser saved on the SetupIntent, or records why it could not be saved; 3-D Secure
    is left to the browser, which comes back here once it is done.

    The basket is frozen by then (the resident's open basket is a new, empty one): the attempt carries it."""

    pre_conditions = []

    def post(self, request):
        from payments.services import payment_attempt_pay

        outcome = payment_attempt_pay(
            attempt_id=request.POST.get("attempt", ""),
            user=request.user,
            setup_intent_id=request.POST.get("setup_intent", ""),
        )
        if outcome.error:
            return JsonResponse({"error": outcome.error}, status=402)
        if outcome.client_secret:
            return JsonResponse({"action": True, "clientSecret": outcome.client_secret})
        return JsonResponse({"next": return_url(attempt_id=outcome.attempt_id)})


def return_url(*, attempt_id: int) -> str:
    return f"{reverse('checkout:payment-return')}?tentative={attempt_id}"


class PaymentReturnView(PaymentStepMixin, generic.View):
    """Where the browser comes back after paying: places the order, unless the webhook already did."""

    pre_conditions = []

    def anonymous_response(self, request):
        return redirect_to_login(request.get_full_path())

    def get(self, request):
        from payments.services import PaymentNotFound, PaymentUnavailable, payment_attempt_return

        try:
            outcome = payment_attempt_return(attempt_id=request.GET.get("tentative", ""), user=request.user)
        except PaymentNotFound:
            messages.error(request, _("Ce paiement est introuvable."))
            return redirect("basket:summary")
        except PaymentUnavailable as error:
            messages.error(request, " ".join(error.messages))
            return redirect("checkout:preview")
        if outcome.order is None:
            messages.error(request, outcome.error or declined_message(""))
            return redirect("checkout:preview")
        request.session["checkout_order_id"] = outcome.order.pk
        self.checkout_session.flush()
        return redirect("checkout:thank-you")


def declined_message(detail: str) -> str:
    message = _("Le paiement n'a pas abouti : votre carte n'a pas été débitée et votre panier est conservé.")
    return f"{message} ({detail})" if detail else message


class PaymentDetailsView(views.PaymentDetailsView):
    """The preview takes the card payment itself (see PaymentStartView): an order is never placed unpaid."""

    def dispatch(self, request, *args, **kwargs):
        from payments.services import PaymentUnavailable, payment_attempts_settle

        # Back on the preview with a payment left pending (a card refused in the browser, a reload): the
        # basket it froze is given back before Oscar finds the resident's basket empty.
        if request.method == "GET" and request.user.is_authenticated:
            try:
                settled = payment_attempts_settle(user=request.user)
            except PaymentUnavailable as error:
                settled = None
                messages.warning(request, " ".join(error.messages))
            if settled is not None:
                return redirect(return_url(attempt_id=settled.pk))
            basket_reload(request)
        return super().dispatch(request, *args, **kwargs)

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
