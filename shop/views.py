from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView
from oscar.core.loading import get_model

from merchants.selectors import merchants_directory
from shop import selectors

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
