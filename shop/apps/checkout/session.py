from django.urls import reverse
from django.utils.translation import gettext as _
from oscar.apps.checkout import exceptions, session

from pickup.models import ContactPoint
from pickup.shipping import ContactPointPickup


class CheckoutSessionMixin(session.CheckoutSessionMixin):
    def is_pickup_chosen(self, basket) -> bool:
        return self.checkout_session.shipping_method_code(basket) == ContactPointPickup.code

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

    def build_submission(self, **kwargs):
        submission = super().build_submission(**kwargs)
        if self.is_pickup_chosen(self.request.basket):
            submission["order_kwargs"]["pickup_point"] = self.get_pickup_point()
            submission["order_kwargs"]["pickup_distance_m"] = self.checkout_session.pickup_distance_m()
        return submission
