"""The municipality's pages for its territory: brand, contact details and catchment area."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from core.access import MunicipalityRequiredMixin
from territory.forms import CommuneAddForm, TerritoryForm
from territory.selectors import territory_current
from territory.services import territory_commune_add, territory_commune_remove, territory_update


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
