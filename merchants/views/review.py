"""The municipality's review of merchant applications, under the dashboard."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView, TemplateView

from core.access import MunicipalityRequiredMixin
from merchants import applications, selectors
from merchants.forms import ApplicationFilterForm, ApplicationRejectForm
from merchants.models import Merchant


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
