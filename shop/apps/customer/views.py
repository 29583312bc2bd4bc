from django.http import Http404
from django.utils import timezone
from oscar.apps.customer import views

from delivery.selectors import delivery_code_for_order
from delivery.tracking import order_tracking
from shop.selectors import order_for_resident
from territory.services import membership_set


class TerritoryRegistrationMixin:
    """A new account belongs to the territory it registered on: it signs in there (and only there) from then on."""

    def register_user(self, form):
        user = super().register_user(form)
        territory = getattr(self.request, "territory", None)
        if territory is not None:
            membership_set(user=user, territory=territory)
        return user


class AccountAuthView(TerritoryRegistrationMixin, views.AccountAuthView):
    pass


class AccountRegistrationView(TerritoryRegistrationMixin, views.AccountRegistrationView):
    pass


class OrderDetailView(views.OrderDetailView):
    """The resident's order: each shop's part, its status, the parcel and the collection times, in the same
    number of queries for one shop or ten."""

    def get_object(self, queryset=None):
        order = order_for_resident(user=self.request.user, number=self.kwargs["order_number"])
        if order is None:
            raise Http404
        return order

    def get_context_data(self, **kwargs):
        tracking = order_tracking(order=self.object, now=timezone.now())
        # The code exists once the round has left: read only for a home delivery on its way.
        on_the_way = any(
            part.delivery and part.delivery.kind == "home" and part.delivery.state == "on_the_way"
            for part in tracking
        )
        return super().get_context_data(
            tracking=tracking,
            delivery_code=delivery_code_for_order(self.object) if on_the_way else None,
            **kwargs,
        )
