from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView
from oscar.core.loading import get_model

from merchants.selectors import merchants_directory
from shop import catalogue_cache, selectors
from shop.cards import cards_html

Order = get_model("order", "Order")


class HomeView(TemplateView):
    """The municipality's front page: its shops and what is new on their shelves."""

    template_name = "shop/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cards_html"] = catalogue_cache.with_csrf(
            self.request, catalogue_cache.cached_parts("home", (), self.render_new_products)["cards"]
        )
        context["merchants"] = list(merchants_directory()[:8])
        context["categories"] = selectors.categories_for_filter().filter(depth=1)
        return context

    def render_new_products(self) -> dict:
        products = selectors.products_with_card_data(selectors.products_browse(sort="newest"))[:8]
        return {
            "cards": cards_html(selectors.product_cards(products=products, strategy=self.request.strategy))
        }


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
    from django.urls import reverse

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


def feature_hidden(request, *args, **kwargs):
    """A page of a feature this shop does not offer: a 404 like any unknown address."""
    raise Http404(_("Cette page n'existe pas."))


class AccessibilityView(TemplateView):
    """The accessibility statement French public services publish (RGAA 4.1), with what the tests measure."""

    template_name = "shop/accessibility.html"

    def get_context_data(self, **kwargs):
        from datetime import date

        from shop import accessibility

        context = super().get_context_data(**kwargs)
        context["audited_pages"] = [label for _key, label in accessibility.AUDITED_PAGES]
        context["axe_version"] = accessibility.AXE_VERSION
        context["viewports"] = [f"{width} × {height}" for width, height in accessibility.VIEWPORTS]
        context["statement_date"] = date.fromisoformat(accessibility.STATEMENT_DATE)
        return context


class MyDataView(LoginRequiredMixin, TemplateView):
    """« Mes données »: what the shop keeps about the resident, and its download as JSON or as CSV files."""

    template_name = "shop/account_data.html"

    def get(self, request, *args, **kwargs):
        from django.http import HttpResponse
        from django.utils import timezone

        from shop import data_rights

        wanted = request.GET.get("format", "")
        if wanted not in ("", "json", "csv"):
            messages.error(request, _("Ce format n'existe pas : choisissez JSON ou CSV."))
            return self.render_to_response(self.get_context_data(), status=400)
        if not wanted:
            return self.render_to_response(self.get_context_data())
        data = data_rights.resident_export(user=request.user)
        stamp = timezone.localdate().isoformat()
        if wanted == "json":
            body, content_type, name = (
                data_rights.export_json(data),
                "application/json",
                f"mes-donnees-{stamp}.json",
            )
        else:
            body, content_type, name = (
                data_rights.export_csv_zip(data),
                "application/zip",
                f"mes-donnees-{stamp}.zip",
            )
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["Cache-Control"] = "no-store"
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_title"] = _("Mes données")
        context["active_tab"] = "data"
        return context


class AccountEraseView(LoginRequiredMixin, View):
    """Erases the resident's account once they confirm with their password (shop.data_rights.resident_erase)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        from django.contrib.auth import logout
        from django.template.response import TemplateResponse

        from shop import data_rights

        def refuse(message: str, status: int):
            messages.error(request, message)
            context = {"page_title": _("Mes données"), "active_tab": "data", "erase_error": message}
            return TemplateResponse(request, "shop/account_data.html", context, status=status)

        if request.user.is_staff or request.user.is_superuser:
            return refuse(_("Un compte de gestion ne s'efface pas ici : adressez-vous à l'exploitant."), 403)
        if request.POST.get("confirm") != "oui":
            return refuse(_("Cochez la case pour confirmer l'effacement."), 400)
        if not request.user.check_password(request.POST.get("password", "")[:200]):
            return refuse(_("Mot de passe incorrect : votre compte n'est pas effacé."), 400)
        try:
            data_rights.resident_erase(user=request.user)
        except data_rights.ErasureRefused as pending:
            numbers = ", ".join(pending.args[0])
            return refuse(
                _(
                    "Une commande est encore en cours (%(numbers)s) : vous pourrez effacer votre compte une fois "
                    "reçue ou annulée."
                )
                % {"numbers": numbers},
                409,
            )
        logout(request)
        messages.success(
            request, _("Votre compte est effacé. Vos commandes restent dans nos comptes, sans votre nom.")
        )
        return redirect("home")
