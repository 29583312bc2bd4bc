from django.http import Http404
from oscar.apps.customer import views

from shop.selectors import order_for_resident


class OrderDetailView(views.OrderDetailView):
    """The resident's order: each shop's part, its status, the parcel and the collection times, in the same
    number of queries for one shop or ten."""

    def get_object(self, queryset=None):
        order = order_for_resident(user=self.request.user, number=self.kwargs["order_number"])
        if order is None:
            raise Http404
        return order
