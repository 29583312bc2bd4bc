"""The public pages of the merchants: the directory, a shop's page, and a shop's application."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.generic import ListView, TemplateView

from merchants import applications, selectors
from merchants.forms import MerchantApplicationForm
from merchants.models import Sector
from shop import catalogue_cache
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
    """A shop's page: address, opening hours and its products.

    The shop's own parts (its practical information, its hours, its presentation) are cached like the products'
    (shop.catalogue_cache): its row and its hours are watched tables, so a change shows at once."""

    template_name = "merchants/detail.html"
    parts_name = "merchant"
    filters_hide_merchant = True

    def get(self, request, *args, **kwargs):
        self.shop_parts = catalogue_cache.cached_parts(
            "merchant-shop", (kwargs["slug"][:120],), lambda: _shop_parts(kwargs["slug"])
        )
        if not self.shop_parts["found"]:
            raise Http404(_("Ce commerce n'existe pas ou n'est plus en ligne."))
        return super().get(request, *args, **kwargs)

    @property
    def merchant_slug(self) -> str:
        return self.shop_parts["slug"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["merchant_name"] = self.shop_parts["name"]
        context["shop_info_html"] = mark_safe(self.shop_parts["info"])  # noqa: S308 - rendered by our templates
        context["presentation_html"] = mark_safe(self.shop_parts["presentation"])  # noqa: S308 - likewise
        return context

    def get_summary(self):
        return self.shop_parts["name"]


def _shop_parts(slug: str) -> dict:
    """A shop's page parts of its own, as HTML; ``found`` is False for no approved shop of that slug."""
    merchant = selectors.merchant_public(slug=slug)
    if merchant is None:
        return {"found": False}
    context = {"merchant": merchant, "weekly_hours": selectors.weekly_hours(merchant=merchant)}
    return {
        "found": True,
        "slug": merchant.slug,
        "name": merchant.trade_name,
        "info": render_to_string("merchants/partials/shop_info.html", context),
        "presentation": render_to_string("merchants/partials/shop_presentation.html", context),
    }


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
