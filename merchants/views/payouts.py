"""The merchant space's payouts: the month's ledger, its CSV, and the Stripe account's onboarding."""

from datetime import date

from django.contrib import messages
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from merchants import payouts
from merchants.views.space import MerchantSpaceMixin
from territory.selectors import market_terms


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
            except payouts.StripeUnreachable as error:
                messages.error(request, " ".join(error.messages))
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
        except payouts.StripeUnreachable as error:
            messages.error(request, " ".join(error.messages))
            return redirect("merchant-space:payouts")
        return redirect(url)


def _month_from(request) -> date:
    value = request.GET.get("mois", "")
    if not value:
        return timezone.localdate().replace(day=1)
    return payouts.month_parse(value=value)
