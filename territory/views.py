"""The municipality's pages for its territory: brand, contact details and catchment area."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from core.access import MunicipalityRequiredMixin, RoleRequiredMixin
from territory.forms import CommuneAddForm, TerritoryCreateForm, TerritoryForm
from territory.selectors import territories_overview, territory_current
from territory.services import (
    territory_commune_add,
    territory_commune_remove,
    territory_create,
    territory_update,
)
from territory.tenancy import territory_all


class TerritoryAccessMixin(MunicipalityRequiredMixin):
    def get_territory(self):
        territory = territory_current()
        if territory is None:
            raise Http404(_("Aucun territoire n'est configuré."))
        return territory


class TerritoryUpdateView(TerritoryAccessMixin, TemplateView):
    """The municipality edits its brand, contact details and catchment area."""

    template_name = "shop/dashboard/territory.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        territory = self.get_territory()
        context.setdefault("form", TerritoryForm(instance=territory))
        context.setdefault("commune_form", CommuneAddForm())
        context["communes"] = territory.communes.prefetch_related("postcodes")
        return context

    def post(self, request, *args, **kwargs):
        territory = self.get_territory()
        form = TerritoryForm(request.POST, request.FILES, instance=territory)
        if not form.is_valid():
            messages.error(request, _("Le formulaire contient des erreurs : rien n'a été modifié."))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        territory_update(territory=territory, **form.cleaned_data)
        messages.success(request, _("La marque et les coordonnées de la commune sont enregistrées."))
        return redirect("shop-dashboard:territory")


class CommuneAddView(TerritoryAccessMixin, View):
    def post(self, request):
        territory = self.get_territory()
        form = CommuneAddForm(request.POST)
        if form.is_valid():
            try:
                commune = territory_commune_add(
                    territory=territory, insee_code=form.cleaned_data["insee_code"]
                )
            except ValidationError as error:
                form.add_error("insee_code", error)
            else:
                messages.success(
                    request, _("%(name)s fait maintenant partie du territoire.") % {"name": commune.name}
                )
                return redirect("shop-dashboard:territory")
        view = TerritoryUpdateView(request=request, args=(), kwargs={})
        return view.render_to_response(view.get_context_data(commune_form=form), status=400)


class CommuneRemoveView(TerritoryAccessMixin, View):
    def post(self, request, pk):
        territory_commune_remove(territory=self.get_territory(), commune_id=pk)
        messages.success(request, _("La commune a été retirée du territoire."))
        return redirect(reverse("shop-dashboard:territory"))


class OperatorRequiredMixin(RoleRequiredMixin):
    """The national operator's pages: its superusers only."""

    role_check = staticmethod(lambda user: user.is_authenticated and user.is_superuser)


class TerritoryListView(OperatorRequiredMixin, TemplateView):
    """Every territory of the deployment, with its address, and the form for a new one."""

    template_name = "shop/dashboard/territories.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", TerritoryCreateForm())
        context["territories"] = territories_overview()
        return context

    def post(self, request, *args, **kwargs):
        form = TerritoryCreateForm(request.POST)
        if form.is_valid():
            try:
                with territory_all():
                    territory = territory_create(
                        name=form.cleaned_data["name"],
                        slug=form.cleaned_data["slug"],
                        domain=form.cleaned_data["domain"] or None,
                        insee_codes=form.cleaned_data["communes"],
                    )
            except ValidationError as error:
                for field, errors in getattr(error, "error_dict", {"communes": error.error_list}).items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(
                    request, _("Le territoire « %(name)s » est en ligne.") % {"name": territory.name}
                )
                return redirect("shop-dashboard:territories")
        messages.error(request, _("Le formulaire contient des erreurs : aucun territoire n'a été créé."))
        return self.render_to_response(self.get_context_data(form=form), status=400)
