from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView
from oscar.core.loading import get_model

from merchants.selectors import merchants_directory
from shop import roles, selectors, services
from shop.forms import CommuneAddForm, TerritoryForm

Order = get_model("order", "Order")


class HomeView(TemplateView):
    """The municipality's front page: its shops and what is new on their shelves."""

    template_name = "shop/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        products = selectors.products_with_card_data(selectors.products_browse(sort="newest"))[:8]
        context["cards"] = selectors.product_cards(products=products, strategy=self.request.strategy)
        context["merchants"] = list(merchants_directory()[:8])
        context["categories"] = selectors.categories_for_filter().filter(depth=1)
        return context


class TerritoryAccessMixin(UserPassesTestMixin):
    raise_exception = False

    def test_func(self):
        return roles.can_manage_territory(self.request.user)

    def get_territory(self):
        territory = selectors.territory_current()
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
        services.territory_update(territory=territory, **form.cleaned_data)
        messages.success(request, _("La marque et les coordonnées de la commune sont enregistrées."))
        return redirect("shop-dashboard:territory")


class CommuneAddView(TerritoryAccessMixin, View):
    def post(self, request):
        territory = self.get_territory()
        form = CommuneAddForm(request.POST)
        if form.is_valid():
            try:
                commune = services.territory_commune_add(
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
        services.territory_commune_remove(territory=self.get_territory(), commune_id=pk)
        messages.success(request, _("La commune a été retirée du territoire."))
        return redirect(reverse("shop-dashboard:territory"))


class OrderCancelView(LoginRequiredMixin, View):
    """The resident cancels an order no merchant has started preparing; everything is refunded."""

    def post(self, request, order_number):
        from merchants.refunds import order_cancel

        order = get_object_or_404(Order, number=order_number, user=request.user)
        try:
            order_cancel(order=order, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("customer:order", order_number=order.number)
        messages.success(
            request,
            _("Votre commande est annulée : elle vous est remboursée sous quelques jours sur votre carte."),
        )
        return redirect("customer:order", order_number=order.number)


def csrf_failure(request, reason: str = ""):
    """A form or a payment step sent without a valid security token (often a login in another tab): a JSON 403
    for the page's scripts, a French page for a person; never Django's English page."""
    from django.http import JsonResponse
    from django.shortcuts import render

    message = _(
        "Votre session a changé (par exemple une connexion dans un autre onglet) : rechargez la page, puis "
        "recommencez."
    )
    payment_steps = reverse("checkout:payment-start").removesuffix("demarrer/")
    wants_json = request.path.startswith(payment_steps) or "application/json" in request.headers.get(
        "Accept", ""
    )
    if wants_json:
        return JsonResponse({"error": message}, status=403)
    return render(request, "shop/csrf_failure.html", {"message": message}, status=403)
