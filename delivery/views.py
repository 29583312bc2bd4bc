"""The courier's pages, phone-sized: their rounds, and a round's stops in order with where to go and what to do
there; the printable round sheet."""

from django.contrib.auth.mixins import UserPassesTestMixin
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from delivery import selectors
from delivery.planning.problem import CHILLED_SECTORS


class CourierMixin(UserPassesTestMixin):
    """Only a courier of this territory, and only on their own rounds."""

    def test_func(self):
        self.courier = selectors.courier_for(self.request.user)
        return self.courier is not None

    def get_round(self):
        tour = selectors.courier_round(courier=self.courier, pk=self.kwargs["pk"])
        if tour is None:
            raise Http404(_("Cette tournée n'est pas la vôtre."))
        return tour


class RoundListView(CourierMixin, TemplateView):
    template_name = "delivery/round_list.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        rounds = selectors.courier_rounds(courier=self.courier, since=today)
        return super().get_context_data(
            courier=self.courier,
            today=today,
            todays=[tour for tour in rounds if tour.day == today],
            later=[tour for tour in rounds if tour.day > today],
            **kwargs,
        )


class RoundDetailView(CourierMixin, TemplateView):
    template_name = "delivery/round_detail.html"

    def get_context_data(self, **kwargs):
        tour = self.get_round()
        return super().get_context_data(
            tour=tour, stops=[_stop_view(stop) for stop in selectors.round_stops(tour=tour)], **kwargs
        )


class RoundSheetView(RoundDetailView):
    """The round sheet, to print: the same stops without the site's header."""

    template_name = "delivery/round_sheet.html"


def _stop_view(stop) -> dict:
    """What the courier reads at a stop: where, for whom, what to collect or drop, and a geo: link."""
    fulfilment = stop.fulfilment
    view = {"stop": stop, "place": "", "address": "", "order": None, "chilled": False, "geo": ""}
    if fulfilment is not None:
        order, merchant = fulfilment.order, fulfilment.merchant
        view["order"] = order.number
        view["chilled"] = merchant.sector in CHILLED_SECTORS
        if stop.kind == "pickup":
            view["place"] = merchant.trade_name
            view["address"] = f"{merchant.address_line1}, {merchant.postcode} {merchant.city}"
        elif stop.kind == "contact_point":
            point = order.pickup.contact_point
            view["place"] = point.name
            view["address"] = f"{point.address}, {point.postcode} {point.city}"
        else:
            address = order.shipping_address
            view["place"] = f"{address.first_name} {address.last_name}".strip()
            view["address"] = f"{address.line1}, {address.postcode} {address.line4}"
    if stop.latitude is not None and stop.longitude is not None:
        view["geo"] = (
            f"geo:{stop.latitude:.6f},{stop.longitude:.6f}?q={stop.latitude:.6f},{stop.longitude:.6f}"
        )
    return view
