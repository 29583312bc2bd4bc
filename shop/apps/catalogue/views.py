from django.http import Http404
from django.utils.translation import gettext as _
from oscar.apps.catalogue import views

from shop import catalogue_cache, product_page
from shop.cards import cards_html


class ProductDetailView(views.ProductDetailView):
    """Oscar's product page (its URL checks, view signal and stock alert), read through shop.product_page: a
    fixed handful of queries, the price and stock worked out once, the tiles as on the catalogue."""

    def get_object(self, queryset=None):
        if hasattr(self, "object"):
            return self.object
        product = product_page.product_for_page(pk=self.kwargs["pk"])
        if product is None:
            raise Http404(_("Ce produit n'existe pas ou n'est plus en vente."))
        return product

    def get_alert_form(self):
        return super().get_alert_form() if not self.purchase.availability.is_available_to_buy else None

    def get_context_data(self, **kwargs):
        product, strategy = self.object, self.request.strategy
        offers = list(product.stockrecords.all())
        self.purchase = strategy.fetch_for_product(product, stockrecord=offers[0] if offers else None)
        context = super().get_context_data(**kwargs)
        context["session"] = self.purchase
        context["merchant"] = getattr(self.purchase.stockrecord.partner, "merchant", None) if offers else None
        context["food"], context["food_known"] = product_page.food_information(product), True
        context["category_trail"] = product_page.category_trail(product)
        for name, cards in (
            ("recommended_html", product_page.recommended_cards(product, strategy)),
            ("recently_viewed_html", product_page.recently_viewed_cards(self.request, product, strategy)),
        ):
            context[name] = catalogue_cache.with_csrf(self.request, cards_html(cards)) if cards else ""
        return context
