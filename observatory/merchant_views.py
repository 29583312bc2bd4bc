"""The merchant's page of the observatory, in the merchant space: their own sales and orders beside their sector's
(when statistical secrecy lets the sector's figure out), and their consent to be shown by name to the
municipality. The merchant is the one OBSERVATORY_MERCHANT_OF finds for the user (the shop's wiring)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from core.access import MerchantRequiredMixin
from core.wiring import wired
from observatory import display
from observatory.periods import PeriodInvalid
from observatory.report import observatory_read
from observatory.secrecy import TOTAL
from observatory.selectors import merchant_own_figures
from observatory.services import named_consent_give, named_consent_withdraw, named_merchant_ids
from observatory.views import period_context, period_from, period_query, period_refused, territory_or_404


class NamedConsentForm(forms.Form):
    named = forms.BooleanField(
        label=gettext_lazy("J'accepte que la mairie voie les ventes de ma boutique sous son nom"),
        required=False,
    )


class _MerchantMixin(MerchantRequiredMixin):
    def merchant(self) -> tuple[int, str]:
        found = wired(setting="OBSERVATORY_MERCHANT_OF")(self.request.user)
        if found is None:
            raise PermissionDenied(_("Cette page est celle d'un commerçant."))
        return found


class MerchantFiguresView(_MerchantMixin, TemplateView):
    """The merchant's own figures for the period, their sector's beside them, and the consent form."""

    template_name = "observatory/merchant.html"

    def get(self, request, *args, **kwargs):
        merchant_id, sector = self.merchant()
        try:
            period = period_from(request.GET)
        except PeriodInvalid as error:
            return period_refused(request, error, back_url=reverse("merchant-observatory:index"))
        territory = territory_or_404()
        observatory = observatory_read(territory=territory, period=period)
        sales = observatory.tables["sales"]
        sector_label = next((axis.label for axis in sales.rows if axis.key == sector), "")
        if not sector_label:
            sector_label = str(
                wired(setting="OBSERVATORY_LABELS")(kind="sector", keys=[sector]).get(sector, sector)
            )
        own = merchant_own_figures(territory=territory, merchant_id=merchant_id, period=period)
        before = merchant_own_figures(
            territory=territory, merchant_id=merchant_id, period=observatory.previous
        )
        named = merchant_id in named_merchant_ids(territory=territory)
        context = self.get_context_data(
            observatory=observatory,
            sector_label=sector_label,
            own_sales=display.figure(own.sales, "euro"),
            own_orders=display.figure(own.orders, "count"),
            own_sales_before=display.figure(before.sales, "euro"),
            own_orders_before=display.figure(before.orders, "count"),
            sector_cells=[
                display.cell_show(sales.cell(sector, TOTAL), "euro"),
                display.cell_show(sales.cell(sector, TOTAL, previous=True), "euro"),
            ],
            thresholds=display.thresholds(),
            named=named,
            form=NamedConsentForm(initial={"named": named}),
            **period_context(period, url_name="merchant-observatory:index"),
        )
        return self.render_to_response(context)


class NamedConsentView(_MerchantMixin, TemplateView):
    """Gives or withdraws the merchant's consent to be named; the municipality's table changes at once."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        merchant_id, _sector = self.merchant()
        form = NamedConsentForm(request.POST)
        form.is_valid()  # a checkbox: anything but "on" reads as unchecked
        territory = territory_or_404()
        if form.cleaned_data.get("named"):
            named_consent_give(territory=territory, merchant_id=merchant_id, user=request.user)
            messages.success(
                request,
                _(
                    "C'est noté : la mairie voit dès maintenant les ventes de votre boutique sous son nom, "
                    "dans le tableau « Commerçants nommés »."
                ),
            )
        else:
            withdrawn = named_consent_withdraw(territory=territory, merchant_id=merchant_id)
            if withdrawn:
                messages.success(
                    request,
                    _(
                        "C'est noté : dès maintenant, la mairie ne voit plus votre boutique par son nom ; "
                        "vos ventes comptent avec celles des autres commerçants de votre secteur."
                    ),
                )
            else:
                messages.info(
                    request, _("Rien n'a changé : la mairie ne voyait pas votre boutique par son nom.")
                )
        try:
            query = period_query(period_from(request.POST))
        except PeriodInvalid:
            query = ""
        return redirect(f"{reverse('merchant-observatory:index')}{'?' + query if query else ''}")
