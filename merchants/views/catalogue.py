"""The merchant space's catalogue: the CSV import (form, progress, report) and the export."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from merchants import payouts, selectors
from merchants.views.space import MerchantSpaceMixin


class CatalogueImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Fichier CSV du catalogue"),
        help_text=gettext_lazy(
            "Colonnes : sku;title;description;category;price;vat_rate;stock;ean;image, puis les colonnes "
            "facultatives des informations alimentaires (10 000 lignes au plus)."
        ),
    )
    images = forms.FileField(
        label=gettext_lazy("Photos des produits (facultatif)"),
        help_text=gettext_lazy(
            "Une archive ZIP de photos JPEG, PNG ou WebP (200 Mo et 10 000 photos au plus, 15 Mo par photo) : "
            "la colonne image du fichier CSV donne le nom de la photo de chaque produit."
        ),
        required=False,
    )


class CatalogueImportView(MerchantSpaceMixin, TemplateView):
    """The upload form and the merchant's past imports."""

    template_name = "merchants/dashboard/catalogue_import.html"

    def get(self, request, *args, **kwargs):
        return self._render(CatalogueImportForm())

    def post(self, request, *args, **kwargs):
        from merchants.catalogue_import import catalogue_import_start

        form = CatalogueImportForm(request.POST, request.FILES)
        merchant = payouts.merchant_for_user(user=request.user)
        if form.is_valid():
            try:
                catalogue_import = catalogue_import_start(
                    merchant=merchant,
                    file=form.cleaned_data["file"],
                    images=form.cleaned_data["images"],
                    by=request.user,
                )
            except ValidationError as error:
                # Keyed by "file" and "images": each message goes under its own field.
                form.add_error(None if hasattr(error, "error_dict") else "file", error)
            else:
                messages.success(request, _("Fichier reçu : l'import a commencé."))
                return redirect("merchant-space:catalogue-import-detail", pk=catalogue_import.pk)
        return self._render(form, status=400)

    def _render(self, form, status=200):
        from merchants.catalogue_csv import COLUMNS, FOOD_COLUMNS

        merchant = payouts.merchant_for_user(user=self.request.user)
        context = self.get_context_data(
            form=form,
            imports=selectors.catalogue_imports_for_merchant(merchant=merchant)[:20],
            columns=COLUMNS,
            food_columns=FOOD_COLUMNS,
        )
        return self.render_to_response(context, status=status)


def _own_import(request, pk):
    merchant = payouts.merchant_for_user(user=request.user)
    return get_object_or_404(selectors.catalogue_imports_for_merchant(merchant=merchant), pk=pk)


class CatalogueImportDetailView(MerchantSpaceMixin, TemplateView):
    """One import: its progress bar while it runs, then its report of rejected rows."""

    template_name = "merchants/dashboard/catalogue_import_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["catalogue_import"] = _own_import(self.request, kwargs["pk"])
        return context


class CatalogueImportProgressView(MerchantSpaceMixin, View):
    """The import's progress as JSON, polled by its page."""

    def get(self, request, pk):
        catalogue_import = _own_import(request, pk)
        return JsonResponse(
            {
                "status": catalogue_import.status,
                "status_label": catalogue_import.get_status_display(),
                "total_rows": catalogue_import.total_rows,
                "processed_rows": catalogue_import.processed_rows,
                "percent": catalogue_import.percent,
                "created": catalogue_import.created,
                "updated": catalogue_import.updated,
                "rejected": len(catalogue_import.rejected),
                "finished": catalogue_import.is_finished,
            }
        )


class CatalogueExportView(MerchantSpaceMixin, View):
    """The merchant's catalogue as CSV, in the import's format."""

    def get(self, request):
        from merchants.catalogue_csv import catalogue_export

        merchant = payouts.merchant_for_user(user=request.user)
        body = "\ufeff" + catalogue_export(merchant=merchant)
        response = HttpResponse(body.encode("utf-8"), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="catalogue-{merchant.slug}.csv"'
        return response
