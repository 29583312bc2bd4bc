"""Oscar's product pages with the food information form and the checked « make public » action."""

from oscar.apps.dashboard.catalogue import views

from .bulk_actions import FoodCheckedMakeProductsPublicAction
from .forms import ProductForm


class ProductCreateUpdateView(views.ProductCreateUpdateView):
    form_class = ProductForm


_ACTIONS = {
    **views.ProductListView.intermediate_actions,
    "make_products_public": FoodCheckedMakeProductsPublicAction(),
}


class ProductListView(views.ProductListView):
    intermediate_actions = _ACTIONS


class ProductBulkActionConfirmView(views.ProductBulkActionConfirmView):
    intermediate_actions = _ACTIONS
