from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views import generic
from geographiclib.geodesic import Geodesic
from oscar.apps.checkout import views
from oscar.apps.checkout.exceptions import FailedPreCondition
from oscar.core.loading import get_class

from pickup.checkout import first_pickup_day, opening_hours_text, pickup_choices
from pickup.models import ContactPoint

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
            raise FailedPreCondition(url=reverse("checkout:shipping-address"), message=_("Indiquez d'abord votre adresse."))
        if not self.is_pickup_chosen(request.basket):
            raise FailedPreCondition(url=reverse("checkout:shipping-method"))

    def origin(self):
        """Where to search from: the address or postcode typed here, else the delivery address."""
        from shop.geocoding import geocode

        typed = self.request.GET.get("recherche", "").strip()[:200]
        if typed:
            return geocode(address=typed), typed
        address = self.get_shipping_address(self.request.basket)
        return geocode(address=address.line1 or "", postcode=address.postcode or "", city=address.line4 or ""), ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        origin, typed = self.origin()
        context["search"] = typed
        context["origin"] = origin
        context["pickup_day"] = first_pickup_day()
        context["selected_point_id"] = self.checkout_session.pickup_point_id()
        choices = pickup_choices(latitude=origin.latitude, longitude=origin.longitude) if origin else []
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
        context["map_data"] = (
            {
                "tileUrl": settings.MAP_TILE_URL,
                "origin": [origin.latitude, origin.longitude] if origin else None,
                "points": [
                    {"id": c.point.pk, "name": c.point.name, "lat": c.point.latitude, "lon": c.point.longitude}
                    for c in choices
                ],
            }
        )
        if typed and origin is None:
            context["search_error"] = _("Adresse ou code postal introuvable : vérifiez la saisie.")
        return context

    def post(self, request, *args, **kwargs):
        point_id = request.POST.get("point", "")
        point = ContactPoint.objects.filter(pk=point_id, is_active=True).first() if point_id.isdigit() else None
        if point is None:
            messages.error(request, _("Choisissez un point de contact dans la liste."))
            return self.render_to_response(self.get_context_data(), status=400)
        origin, _typed = self.origin()
        distance = None
        if origin is not None:
            distance = Geodesic.WGS84.Inverse(
                origin.latitude, origin.longitude, point.latitude, point.longitude, Geodesic.DISTANCE
            )["s12"]
        self.checkout_session.use_pickup_point(point_id=point.pk, distance_m=distance)
        return redirect("checkout:payment-method")
