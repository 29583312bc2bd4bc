import logging

from django.db import DatabaseError, transaction
from django.http import Http404
from django.utils.translation import gettext as _
from oscar.apps.catalogue import views

from shop import catalogue_cache, product_page
from shop.cards import cards_html

logger = logging.getLogger(__name__)


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

    def send_signal(self, request, response, product):
        """Oscar's view signal (the view counter, the visitor's history) in a savepoint, tried twice: two first
        views of a product at once both insert its counter, and Oscar's recovery from the second insert's
        IntegrityError ran inside the request's broken transaction, turning a page view into a 500."""
        for attempt in (1, 2):
            try:
                with transaction.atomic():
                    super().send_signal(request, response, product)
                return
            except DatabaseError:
                if attempt == 2:
                    logger.warning("Vue du produit %s non comptée", product.pk, exc_info=True)

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
        recommended, viewed = product_page.tiles(self.request, product, strategy)
        for name, cards in (("recommended_html", recommended), ("recently_viewed_html", viewed)):
            context[name] = catalogue_cache.with_csrf(self.request, cards_html(cards)) if cards else ""
        return context
