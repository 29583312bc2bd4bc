from datetime import date

import stripe
from django.contrib import messages
from django.contrib.auth.mixins import UserPassesTestMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView, TemplateView

from merchants import payouts, selectors
from merchants.models import Sector
from shop import roles
from shop.apps.search.views import BaseProductListView
from shop.selectors import market_terms


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


class PayoutsView(MerchantSpaceMixin, TemplateView):
    """The merchant's payouts: Stripe account status, the month's ledger and its totals."""

    template_name = "merchants/dashboard/payouts.html"

    def get(self, request, *args, **kwargs):
        self.merchant = payouts.merchant_for_user(user=request.user)
        status = 200
        self.month_error = ""
        try:
            self.month = _month_from(request)
        except ValueError as exc:
            self.month_error, self.month, status = str(exc), timezone.localdate().replace(day=1), 400
        if request.GET.get("retour"):
            try:
                payouts.payout_account_refresh(merchant=self.merchant)
            except stripe.StripeError:
                messages.error(
                    request, _("Stripe ne répond pas : l'état de votre compte sera mis à jour plus tard.")
                )
            self.merchant = payouts.merchant_for_user(user=request.user)
        return self.render_to_response(self.get_context_data(**kwargs), status=status)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        ledger = payouts.payouts_for_merchant(merchant=self.merchant, month=self.month)
        context.update(
            merchant=self.merchant,
            account=getattr(self.merchant, "payout_account", None),
            month=self.month,
            month_error=self.month_error,
            payouts=list(ledger),
            statement=payouts.payout_statement(payouts=ledger),
            csv_columns=payouts.CSV_COLUMNS,
            commission_rate=market_terms().commission_rate * 100,
        )
        return context


class PayoutsExportView(MerchantSpaceMixin, View):
    """The month's payouts as CSV (see merchants.payouts.payouts_csv for the format)."""

    def get(self, request, *args, **kwargs):
        try:
            month = _month_from(request)
        except ValueError as exc:
            return HttpResponseBadRequest(str(exc), content_type="text/plain; charset=utf-8")
        merchant = payouts.merchant_for_user(user=request.user)
        body = payouts.payouts_csv(payouts=payouts.payouts_for_merchant(merchant=merchant, month=month))
        response = HttpResponse(body.encode("utf-8"), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="versements-{merchant.slug}-{month:%Y-%m}.csv"'
        )
        return response


class PayoutsOnboardingView(MerchantSpaceMixin, View):
    """Sends the merchant to Stripe's onboarding, creating their Express account the first time. Stripe comes
    back here by GET (refresh_url) when its link has expired: a new link is made for the existing account."""

    def post(self, request, *args, **kwargs):
        return self._redirect_to_stripe(request)

    def get(self, request, *args, **kwargs):
        merchant = payouts.merchant_for_user(user=request.user)
        if getattr(merchant, "payout_account", None) is None:
            return redirect("merchant-space:payouts")
        return self._redirect_to_stripe(request)

    def _redirect_to_stripe(self, request):
        merchant = payouts.merchant_for_user(user=request.user)
        page = request.build_absolute_uri(reverse("merchant-space:payouts"))
        try:
            url = payouts.payout_account_onboarding_link(
                merchant=merchant,
                email=request.user.email,
                refresh_url=request.build_absolute_uri(reverse("merchant-space:payouts-onboarding")),
                return_url=f"{page}?retour=1",
            )
        except stripe.StripeError:
            messages.error(
                request, _("Stripe ne répond pas pour le moment : réessayez dans quelques minutes.")
            )
            return redirect("merchant-space:payouts")
        return redirect(url)


def _month_from(request) -> date:
    value = request.GET.get("mois", "")
    if not value:
        return timezone.localdate().replace(day=1)
    return payouts.month_parse(value=value)


class FulfilmentLineUnavailableView(MerchantSpaceMixin, View):
    """The merchant cannot supply a line: it is refunded to the resident, who is told."""

    def post(self, request, pk, line_pk):
        from merchants.refunds import fulfilment_lines_mark_unavailable

        fulfilment = get_object_or_404(selectors.fulfilments_for_user(user=request.user), pk=pk)
        line = get_object_or_404(fulfilment.lines.all(), pk=line_pk)
        try:
            fulfilment_lines_mark_unavailable(fulfilment=fulfilment, lines=[line], by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("merchant-space:fulfilment-list")
        messages.success(
            request,
            _("« %(title)s » est marqué indisponible : le client est remboursé et prévenu.")
            % {"title": line.title},
        )
        return redirect("merchant-space:fulfilment-list")
