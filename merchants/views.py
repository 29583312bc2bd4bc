from datetime import date

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views import View
from django.views.generic import ListView, TemplateView

from core.access import MerchantRequiredMixin, MunicipalityRequiredMixin
from core.qr import qr_data_uri
from merchants import applications, payouts, selectors, services
from merchants.forms import (
    ApplicationFilterForm,
    ApplicationRejectForm,
    MerchantApplicationForm,
    NotificationSettingsForm,
)
from merchants.models import Merchant, Sector
from shop.apps.search.views import BaseProductListView
from territory.selectors import market_terms


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


class MerchantSpaceMixin(MerchantRequiredMixin):
    """The merchant space's pages."""


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


class FulfilmentLineUnavailableView(MerchantSpaceMixin, View):
    """The merchant cannot supply a line: it is refunded to the resident, who is told. The merchant goes back
    to the page they came from (the order, or the list of orders)."""

    def post(self, request, pk, line_pk):
        from merchants.refunds import fulfilment_lines_mark_unavailable

        fulfilment = get_object_or_404(selectors.fulfilments_for_user(user=request.user), pk=pk)
        line = get_object_or_404(fulfilment.lines.all(), pk=line_pk)
        back = _safe_next(request) or reverse("merchant-space:fulfilment-list")
        try:
            fulfilment_lines_mark_unavailable(fulfilment=fulfilment, lines=[line], by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(back)
        messages.success(
            request,
            _("« %(title)s » est marqué indisponible : le client est remboursé et prévenu.")
            % {"title": line.title},
        )
        return redirect(back)


def _safe_next(request) -> str:
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


_PREPARATION_ACTIONS = {
    "accepter": "fulfilment_accept",
    "prete": "fulfilment_mark_ready",
    "remise": "fulfilment_hand_over",
}
_LABEL_STATUSES = {"ready", "handed_over", "delivered"}


def _own_fulfilment(request, pk: int):
    fulfilment = selectors.fulfilment_for_user(user=request.user, pk=pk)
    if fulfilment is None:
        raise Http404(_("Cette commande n'existe pas dans votre espace."))
    return fulfilment


class FulfilmentDetailView(MerchantSpaceMixin, TemplateView):
    """One order as the merchant prepares it: their lines only, and the destination as far as delivery needs."""

    template_name = "merchants/dashboard/fulfilment_detail.html"

    def get_context_data(self, **kwargs):
        from merchants.refunds import refunded_line_ids

        context = super().get_context_data(**kwargs)
        fulfilment = _own_fulfilment(self.request, kwargs["pk"])
        refunded = refunded_line_ids(order=fulfilment.order)
        status = fulfilment.status
        context.update(
            fulfilment=fulfilment,
            lines=[(line, line.pk in refunded) for line in fulfilment.lines.all()],
            destination=selectors.fulfilment_destination(fulfilment=fulfilment),
            can_accept=fulfilment.can("accept"),
            can_mark_ready=fulfilment.can("mark_ready"),
            can_hand_over=fulfilment.can("hand_over"),
            can_mark_unavailable=fulfilment.is_preparing,
            has_label=status in _LABEL_STATUSES,
        )
        return context


class FulfilmentTransitionView(MerchantSpaceMixin, View):
    """Accept, mark ready or hand over one of the merchant's fulfilments."""

    def post(self, request, pk, action):
        from merchants import services

        if action not in _PREPARATION_ACTIONS:
            raise Http404(_("Action inconnue."))
        fulfilment = _own_fulfilment(request, pk)
        try:
            getattr(services, _PREPARATION_ACTIONS[action])(fulfilment=fulfilment, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            success = {
                "accepter": _("Commande %(number)s acceptée."),
                "prete": _("Commande %(number)s prête : imprimez l'étiquette du colis."),
                "remise": _("Commande %(number)s remise."),
            }[action]
            messages.success(request, success % {"number": fulfilment.order.number})
        return redirect("merchant-space:fulfilment-detail", pk=fulfilment.pk)


class FulfilmentLabelView(MerchantSpaceMixin, TemplateView):
    """The parcel label to print once the parcel is ready: order number, merchant, destination, QR code."""

    template_name = "merchants/dashboard/fulfilment_label.html"

    def get(self, request, *args, **kwargs):
        from merchants.refunds import refunded_line_ids

        fulfilment = _own_fulfilment(request, kwargs["pk"])
        if fulfilment.status not in _LABEL_STATUSES:
            return HttpResponse(
                _("L'étiquette s'imprime une fois le colis prêt."),
                status=409,
                content_type="text/plain; charset=utf-8",
            )
        refunded = refunded_line_ids(order=fulfilment.order)
        lines = [line for line in fulfilment.lines.all() if line.pk not in refunded]
        payload = f"COMPTOIR:{fulfilment.order.number}:{fulfilment.merchant.slug}"
        context = self.get_context_data(
            fulfilment=fulfilment,
            destination=selectors.fulfilment_destination(fulfilment=fulfilment),
            line_count=len(lines),
            item_count=sum(line.quantity for line in lines),
            qr_payload=payload,
            qr_data_uri=qr_data_uri(payload),
        )
        return self.render_to_response(context)


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


class ApplicationReviewMixin(MunicipalityRequiredMixin):
    """The municipality's pages for reviewing applications."""


class ApplicationListView(ApplicationReviewMixin, ListView):
    """The applications, those awaiting a decision first by default, filtered by status."""

    template_name = "merchants/dashboard/review_list.html"
    context_object_name = "applications"
    paginate_by = 50

    def get(self, request, *args, **kwargs):
        data = request.GET if "statut" in request.GET else {"statut": Merchant.Status.APPLIED}
        self.filter_form = ApplicationFilterForm(data)
        if not self.filter_form.is_valid():
            self.object_list = Merchant.objects.none()
            return self.render_to_response(self.get_context_data(), status=400)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        applications = Merchant.objects.select_related("applicant", "reviewed_by").order_by("-created_at")
        status = self.filter_form.cleaned_data["statut"]
        return applications.filter(status=status) if status else applications

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form
        return context


class ApplicationDetailView(ApplicationReviewMixin, TemplateView):
    """One application, with the municipality's decision: approve, or reject with a reason."""

    template_name = "merchants/dashboard/review_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application = get_object_or_404(
            Merchant.objects.select_related("applicant", "reviewed_by", "partner"), pk=self.kwargs["pk"]
        )
        context.update(
            application=application,
            weekly_hours=selectors.weekly_hours(merchant=application),
            reject_form=kwargs.get("reject_form") or ApplicationRejectForm(),
        )
        return context


class ApplicationApproveView(ApplicationReviewMixin, View):
    def post(self, request, pk):
        merchant = get_object_or_404(Merchant, pk=pk)
        try:
            applications.merchant_approve(merchant=merchant, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("merchant-review:detail", pk=pk)
        messages.success(
            request, _("%(name)s est approuvé : le commerçant est prévenu par courriel.") % {"name": merchant}
        )
        return redirect("merchant-review:list")


class ApplicationRejectView(ApplicationReviewMixin, View):
    def post(self, request, pk):
        merchant = get_object_or_404(Merchant, pk=pk)
        form = ApplicationRejectForm(request.POST)
        if form.is_valid():
            try:
                applications.merchant_reject(
                    merchant=merchant, by=request.user, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                return redirect("merchant-review:detail", pk=pk)
            messages.success(
                request,
                _("La candidature de %(name)s est refusée : le commerçant reçoit le motif par courriel.")
                % {"name": merchant},
            )
            return redirect("merchant-review:list")
        messages.error(request, _("Indiquez le motif du refus : la candidature n'est pas refusée."))
        view = ApplicationDetailView(request=request, args=(), kwargs={"pk": pk})
        return view.render_to_response(view.get_context_data(reject_form=form), status=400)


class CatalogueImportForm(forms.Form):
    file = forms.FileField(
        label=_lazy("Fichier CSV du catalogue"),
        help_text=_lazy(
            "Colonnes : sku;title;description;category;price;vat_rate;stock;ean;image (10 000 lignes au plus)."
        ),
    )
    images = forms.FileField(
        label=_lazy("Photos des produits (facultatif)"),
        help_text=_lazy(
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
        from merchants.catalogue_csv import COLUMNS

        merchant = payouts.merchant_for_user(user=self.request.user)
        context = self.get_context_data(
            form=form,
            imports=selectors.catalogue_imports_for_merchant(merchant=merchant)[:20],
            columns=COLUMNS,
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
