"""The helper's pages (a counter agent, a town hall agent, a courier): find a resident, propose a mandate, take the
resident's agreement, see the resident under the mandate, end it; and the resident's page of their mandates."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from core.ratelimit import rate_limit_hit
from counter import mandates, selectors
from counter.forms import MandateCodeForm, MandateProposeForm, MandateSignatureForm, ResidentSearchForm
from counter.models import Mandate


def _message(error: ValidationError) -> str:
    return " ".join(error.messages)


class HelperMixin(LoginRequiredMixin, UserPassesTestMixin):
    """Only a counter agent, a town hall agent or a courier."""

    def test_func(self):
        return mandates.helper_role(self.request.user) is not None

    def held(self) -> Mandate:
        mandate = selectors.mandate_held(helper=self.request.user, pk=self.kwargs["pk"])
        if mandate is None:
            raise Http404(_("Ce mandat n'existe pas."))
        return mandate


class HelpHomeView(HelperMixin, TemplateView):
    """Find a resident (exact e-mail, phone, or name with postcode) and the helper's own mandates."""

    template_name = "counter/help_home.html"

    def get(self, request, *args, **kwargs):
        form = ResidentSearchForm(request.GET or None)
        matches, status = None, 200
        if form.is_bound:
            wait = rate_limit_hit(
                scope="counter-resident-search",
                ident=str(request.user.pk),
                rate=getattr(settings, "COUNTER_SEARCH_RATE", "30/minute"),
            )
            if wait is not None:
                form.add_error(
                    None, _("Trop de recherches : réessayez dans %(wait)d secondes.") % {"wait": wait}
                )
                status = 429
            elif form.is_valid():
                matches = selectors.residents_matching(**form.cleaned_data)
            else:
                status = 400
        context = self.get_context_data(
            form=form, matches=matches, mandates=selectors.mandates_held(helper=request.user)[:50]
        )
        return self.render_to_response(context, status=status)


class MandateProposeView(HelperMixin, TemplateView):
    template_name = "counter/mandate_propose.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated or not self.test_func():
            return self.handle_no_permission()
        self.match = selectors.resident_match(resident_id=kwargs["resident_id"])
        if self.match is None:
            raise Http404(_("Cet habitant est introuvable."))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=MandateProposeForm(), match=self.match))

    def post(self, request, *args, **kwargs):
        form = MandateProposeForm(request.POST)
        if form.is_valid():
            try:
                mandate = mandates.mandate_propose(
                    helper=request.user,
                    resident_id=self.match.pk,
                    valid_until=form.valid_until_moment(),
                    consent=form.cleaned_data["consent"],
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.error_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, _message(error))
            else:
                return redirect("counter:mandate-agree", pk=mandate.pk)
        return self.render_to_response(self.get_context_data(form=form, match=self.match), status=400)


class MandateAgreeView(HelperMixin, TemplateView):
    """The resident's agreement: the code they received, or their signature drawn on the helper's screen."""

    template_name = "counter/mandate_agree.html"

    def render(self, mandate, *, status=200, form=None):
        if form is None:
            form = MandateCodeForm() if mandate.consent == Mandate.Consent.CODE else MandateSignatureForm()
        match = selectors.resident_match(resident_id=mandate.resident_id)
        return self.render_to_response(
            self.get_context_data(mandate=mandate, form=form, match=match), status=status
        )

    def get(self, request, *args, **kwargs):
        mandate = self.held()
        if not mandate.can("agree"):
            return redirect("counter:mandate-detail", pk=mandate.pk)
        return self.render(mandate)

    def post(self, request, *args, **kwargs):
        mandate = self.held()
        if mandate.consent == Mandate.Consent.CODE:
            form = MandateCodeForm(request.POST)
            if not form.is_valid():
                return self.render(mandate, status=400, form=form)
        else:
            form = MandateSignatureForm(request.POST)
            form.is_valid()
        try:
            if mandate.consent == Mandate.Consent.CODE:
                mandates.mandate_agree_by_code(
                    mandate=mandate, helper=request.user, code=form.cleaned_data["code"]
                )
            else:
                # The service reads the drawing itself: a too long or foreign one gets its message, not the form's.
                mandates.mandate_agree_by_signature(
                    mandate=mandate, helper=request.user, signature=request.POST.get("signature", "")
                )
        except ValidationError as error:
            mandate.refresh_from_db()
            if not mandate.can("agree"):
                messages.error(request, _message(error))
                return redirect("counter:help")
            form.add_error(None, _message(error))
            return self.render(mandate, status=400, form=form)
        messages.success(request, _("Le mandat est en vigueur."))
        return redirect("counter:mandate-detail", pk=mandate.pk)


class MandateDetailView(HelperMixin, TemplateView):
    """The mandate and, while it is in force only, the resident's account: name, e-mail, addresses."""

    template_name = "counter/mandate_detail.html"

    def get(self, request, *args, **kwargs):
        from oscar.core.loading import get_model

        mandate = self.held()
        in_force = mandate.is_valid()
        context = {"mandate": mandate, "in_force": in_force}
        if in_force:
            context["resident"] = mandate.resident
            context["addresses"] = get_model("address", "UserAddress").objects.filter(user=mandate.resident)
        else:
            context["match"] = selectors.resident_match(resident_id=mandate.resident_id)
        return self.render_to_response(self.get_context_data(**context))


class MandateEndView(HelperMixin, TemplateView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        mandate = self.held()
        try:
            mandates.mandate_revoke(mandate_id=mandate.pk, by=request.user)
        except ValidationError as error:
            messages.error(request, _message(error))
        else:
            messages.success(request, _("Le mandat a pris fin."))
        return redirect("counter:help")


class ResidentMandatesView(LoginRequiredMixin, TemplateView):
    """The resident's page: the mandates they gave, each revocable at once, and what each helper did for them."""

    template_name = "counter/account_mandates.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_title"] = _("Mes mandats et les actions des aidants")
        context["active_tab"] = "mandates"
        context["mandates"] = selectors.mandates_given(resident=self.request.user)
        context["actions"] = selectors.helper_actions(resident=self.request.user)[:200]
        return context

    def post(self, request, *args, **kwargs):
        mandate_id = request.POST.get("mandate", "")
        if not mandate_id.isascii() or not mandate_id.isdigit():
            messages.error(request, _("Ce mandat n'existe pas."))
            return self.render_to_response(self.get_context_data(), status=400)
        try:
            mandates.mandate_revoke(mandate_id=int(mandate_id), by=request.user)
        except PermissionDenied:
            messages.error(request, _("Ce mandat n'existe pas."))
            return self.render_to_response(self.get_context_data(), status=404)
        except ValidationError as error:
            messages.error(request, _message(error))
            return self.render_to_response(self.get_context_data(), status=400)
        messages.success(
            request, _("Le mandat a pris fin : cette personne ne peut plus commander pour vous.")
        )
        return redirect("counter-account:mandates")
