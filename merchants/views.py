from django.contrib.auth.mixins import UserPassesTestMixin
from django.http import Http404
from django.utils.translation import gettext as _
from django.views.generic import ListView

from merchants import selectors
from merchants.models import Sector
from shop import roles
from shop.apps.search.views import BaseProductListView


class MerchantDirectoryView(ListView):
    """Every approved shop of the territory, by sector."""

    template_name = "merchants/directory.html"
    context_object_name = "merchants"

    def get_queryset(self):
        sector = self.request.GET.get("secteur", "")
        self.sector = sector if sector in Sector.values else ""
        return selectors.merchants_directory(sector=self.sector or None)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sectors"] = Sector.choices
        context["selected_sector"] = self.sector
        return context


class MerchantDetailView(BaseProductListView):
    """A shop's page: address, opening hours and its products."""

    template_name = "merchants/detail.html"

    def get(self, request, *args, **kwargs):
        self.merchant = selectors.merchant_public(slug=kwargs["slug"])
        if self.merchant is None:
            raise Http404(_("Ce commerce n'existe pas ou n'est plus en ligne."))
        return super().get(request, *args, **kwargs)

    @property
    def merchant_slug(self) -> str:
        return self.merchant.slug

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["merchant"] = self.merchant
        context["weekly_hours"] = selectors.weekly_hours(merchant=self.merchant)
        return context

    def get_summary(self):
        return self.merchant.trade_name


class MerchantSpaceMixin(UserPassesTestMixin):
    def test_func(self):
        return roles.is_merchant(self.request.user)


class FulfilmentListView(MerchantSpaceMixin, ListView):
    """The merchant's share of each order, never another merchant's lines."""

    template_name = "merchants/dashboard/fulfilment_list.html"
    context_object_name = "fulfilments"
    paginate_by = 25

    def get_queryset(self):
        return selectors.fulfilments_for_user(user=self.request.user)


