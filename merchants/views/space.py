"""The merchant space: the base of its pages, the merchant's sales, how they hear of new orders and their
storefront."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from core.access import MerchantRequiredMixin
from merchants import payouts, selectors, services, storefront
from merchants.forms import NotificationSettingsForm, StorefrontForm


class MerchantSpaceMixin(MerchantRequiredMixin):
    """The merchant space's pages."""


class SalesView(MerchantSpaceMixin, TemplateView):
    """The merchant's own sales by day, week and product over a period (the last 30 days unless chosen)."""

    template_name = "merchants/dashboard/sales.html"
    max_days = 366

    def get(self, request, *args, **kwargs):
        from datetime import timedelta

        merchant = payouts.merchant_for_user(user=request.user)
        today = timezone.localdate()
        start, end, error = today - timedelta(days=29), today, ""
        try:
            start = _date_from(request, "du", start)
            end = _date_from(request, "au", end)
            if end < start:
                raise ValueError(_("La date de fin doit suivre la date de début."))
            if (end - start).days >= self.max_days:
                raise ValueError(_("Choisissez une période d'un an au plus."))
        except ValueError as exc:
            error, start, end = str(exc), today - timedelta(days=29), today
        context = self.get_context_data(
            merchant=merchant,
            sales=selectors.merchant_sales(merchant=merchant, start=start, end=end),
            period_error=error,
        )
        return self.render_to_response(context, status=400 if error else 200)


class NotificationSettingsView(MerchantSpaceMixin, TemplateView):
    """How the merchant hears of new orders: an e-mail for each, a morning digest, or both."""

    template_name = "merchants/dashboard/notifications.html"

    def get(self, request, *args, **kwargs):
        merchant = payouts.merchant_for_user(user=request.user)
        form = NotificationSettingsForm(
            initial={"notify_each_order": merchant.notify_each_order, "daily_digest": merchant.daily_digest}
        )
        return self._render(merchant, form)

    def post(self, request, *args, **kwargs):
        merchant = payouts.merchant_for_user(user=request.user)
        form = NotificationSettingsForm(request.POST)
        if form.is_valid():
            try:
                services.merchant_set_notifications(merchant=merchant, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Vos préférences de notification sont enregistrées."))
                return redirect("merchant-space:notifications")
        return self._render(merchant, form, status=400)

    def _render(self, merchant, form, status=200):
        context = self.get_context_data(
            merchant=merchant,
            form=form,
            recipients=selectors.merchant_notification_recipients(merchant=merchant),
        )
        return self.render_to_response(context, status=status)


class StorefrontView(MerchantSpaceMixin, TemplateView):
    """« Ma vitrine »: the shop's presentation, phone, photo and logo."""

    template_name = "merchants/dashboard/storefront.html"

    def get(self, request, *args, **kwargs):
        merchant = payouts.merchant_for_user(user=request.user)
        form = StorefrontForm(initial={"description": merchant.description, "phone": merchant.phone})
        return self._render(merchant, form)

    def post(self, request, *args, **kwargs):
        merchant = payouts.merchant_for_user(user=request.user)
        form = StorefrontForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                storefront.merchant_storefront_update(merchant=merchant, **form.cleaned_data)
            except ValidationError as error:
                for field, messages_ in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, messages_)
            else:
                messages.success(request, _("Votre vitrine est enregistrée."))
                return redirect("merchant-space:storefront")
        merchant.refresh_from_db()
        return self._render(merchant, form, status=400)

    def _render(self, merchant, form, status=200):
        return self.render_to_response(self.get_context_data(merchant=merchant, form=form), status=status)


def _date_from(request, name: str, default: date) -> date:
    value = request.GET.get(name, "").strip()
    if not value:
        return default
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        raise ValueError(
            _("« %(value)s » n'est pas une date valide (format AAAA-MM-JJ).") % {"value": value}
        ) from None
    # Sales exist from the shop's opening to today: the calendar's edges cannot be turned into UTC instants.
    if not SALES_FIRST_YEAR <= parsed.year <= SALES_LAST_YEAR:
        raise ValueError(
            _("Choisissez une date entre %(first)s et %(last)s.")
            % {"first": SALES_FIRST_YEAR, "last": SALES_LAST_YEAR}
        )
    return parsed


SALES_FIRST_YEAR, SALES_LAST_YEAR = 2000, 2100
