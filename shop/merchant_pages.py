"""The public pages of the merchants: the directory, a shop's page, and a shop's application."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import ListView, TemplateView

from merchants import applications, selectors
from merchants.forms import MerchantApplicationForm
from merchants.models import Sector
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
    parts_name = "merchant"
    filters_hide_merchant = True

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


class MerchantApplyView(LoginRequiredMixin, TemplateView):
    """A shop applies to sell on the marketplace; once it has applied, the page shows where it stands."""

    template_name = "merchants/apply.html"
    status_template_name = "merchants/apply_status.html"

    def get(self, request, *args, **kwargs):
        application = selectors.merchant_application_for_user(user=request.user)
        if application is not None:
            return self.render_status(application)
        return self.render_to_response(self.get_context_data(form=MerchantApplicationForm()))

    def post(self, request, *args, **kwargs):
        application = selectors.merchant_application_for_user(user=request.user)
        if application is not None:
            return self.render_status(application)
        form = MerchantApplicationForm(request.POST)
        if form.is_valid():
            try:
                applications.merchant_apply(user=request.user, **form.service_data())
            except ValidationError as error:
                _add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Votre candidature est envoyée : la mairie l'examine et vous répondra par courriel."),
                )
                return redirect("merchants:apply")
        messages.error(
            request, _("Le formulaire contient des erreurs : votre candidature n'est pas envoyée.")
        )
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def render_status(self, application):
        from django.template.response import TemplateResponse

        context = {
            "application": application,
            "weekly_hours": selectors.weekly_hours(merchant=application),
        }
        return TemplateResponse(self.request, self.status_template_name, context)


def _add_service_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error)
