"""Counter pages: the contact-point agent's parcels, their arrival, hand-over and return; and the
municipality's retention settings."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.mixins import UserPassesTestMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import ListView, TemplateView

from core.access import MunicipalityRequiredMixin
from pickup import selectors, services
from pickup.forms import HandOverForm, ParcelSearchForm, RetentionPolicyForm
from pickup.models import Parcel, PointCategory


class CounterAgentMixin(UserPassesTestMixin):
    """Only a counter agent, and only on their own point's parcels."""

    def test_func(self):
        self.agent = selectors.counter_agent_for(self.request.user)
        return self.agent is not None

    def get_parcel(self) -> Parcel:
        parcel = selectors.parcel_at_point(contact_point=self.agent.contact_point, pk=self.kwargs["pk"])
        if parcel is None:
            raise Http404(_("Ce colis n'est pas à votre point."))
        return parcel


class ParcelListView(CounterAgentMixin, ListView):
    """Colis de mon point: in progress by default, searchable by order number or the resident's name."""

    template_name = "pickup/counter/parcel_list.html"
    context_object_name = "parcels"
    paginate_by = 50

    def get(self, request, *args, **kwargs):
        self.form = ParcelSearchForm(request.GET)
        if not self.form.is_valid():
            self.object_list = Parcel.objects.none()
            return self.render_to_response(self.get_context_data(), status=400)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.parcels_at_point(
            contact_point=self.agent.contact_point,
            statuses=self.form.statuses(),
            query=self.form.cleaned_data["q"],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = self.form
        context["point"] = self.agent.contact_point
        filters = {key: value for key, value in self.form.data.items() if key in ("q", "statut") and value}
        context["page_query"] = urlencode(filters)
        context["searched"] = bool(filters)
        return context


class ParcelDetailView(CounterAgentMixin, TemplateView):
    """One parcel of the point: its state, its history and the actions its status allows."""

    template_name = "pickup/counter/parcel_detail.html"

    def get(self, request, *args, **kwargs):
        return self.render_parcel(self.get_parcel())

    def render_parcel(self, parcel: Parcel, *, status: int = 200, **extra):
        extra.setdefault("hand_over_form", HandOverForm())
        missing = parcel.parts_missing if parcel.can("mark_ready") else []
        context = self.get_context_data(
            parcel=parcel,
            point=self.agent.contact_point,
            parts_missing_message=services.parcel_missing_message(missing=missing) if missing else "",
            events=[
                (event, Parcel.Status(event.to_status).label) for event in parcel.events.select_related("by")
            ],
            attempts_left=services.parcel_attempts_left(parcel),
            locked=services.parcel_is_locked(parcel),
            **extra,
        )
        return self.render_to_response(context, status=status)


class ParcelActionView(ParcelDetailView):
    """A POST on one parcel: runs one service; a refusal shows the parcel again with the reason."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        parcel = self.get_parcel()
        try:
            response = self.act(parcel)
        except services.ParcelTransitionError as error:
            return self.render_parcel(self.get_parcel(), status=409, error=error.messages[0])
        return response or redirect("pickup:parcel-detail", pk=parcel.pk)

    def act(self, parcel: Parcel):
        raise NotImplementedError


class ParcelArrivalView(ParcelActionView):
    def act(self, parcel: Parcel):
        services.parcel_mark_ready(parcel=parcel, by=self.request.user)
        messages.success(
            self.request,
            _("Arrivée enregistrée : le destinataire reçoit son code de retrait par e-mail."),
        )


class ParcelHandOverView(ParcelActionView):
    def act(self, parcel: Parcel):
        form = HandOverForm(self.request.POST)
        if not form.is_valid():
            return self.render_parcel(parcel, status=400, hand_over_form=form)
        try:
            services.parcel_hand_over(parcel=parcel, code=form.cleaned_data["code"], agent=self.request.user)
        except services.ParcelCodeError as error:
            return self.render_parcel(
                parcel,
                status=429 if error.locked_until else 400,
                hand_over_form=HandOverForm(),
                code_error=error,
            )
        messages.success(
            self.request, _("Colis de la commande %(number)s remis.") % {"number": parcel.order.number}
        )


class ParcelReturnView(ParcelActionView):
    def act(self, parcel: Parcel):
        services.parcel_return_to_merchant(parcel=parcel, by=self.request.user)
        messages.success(self.request, _("Retour au commerçant enregistré."))


class RetentionPolicyView(MunicipalityRequiredMixin, TemplateView):
    """The municipality sets how long parcels wait at each kind of point, and when the reminder goes."""

    template_name = "pickup/counter/retention_policies.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        retentions = services.retention_by_category()
        context["rows"] = [(label, retentions[value]) for value, label in PointCategory.choices]
        context.setdefault("form", RetentionPolicyForm())
        return context

    def post(self, request, *args, **kwargs):
        form = RetentionPolicyForm(request.POST)
        if form.is_valid():
            try:
                services.retention_policy_set(**form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Durée de garde enregistrée pour la catégorie « %(category)s ».")
                    % {"category": PointCategory(form.cleaned_data["category"]).label},
                )
                return redirect("pickup:retention-policies")
        messages.error(request, _("Le formulaire contient des erreurs : rien n'a été modifié."))
        return self.render_to_response(self.get_context_data(form=form), status=400)
