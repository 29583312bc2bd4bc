"""Oscar's product pages with the food information form, the checked « make public » action, and a product table
whose selection column has names (no sort link without text, a label on each box)."""

from django.utils.translation import gettext_lazy as _
from django_tables2 import TemplateColumn
from oscar.apps.dashboard.catalogue import tables, views

from .bulk_actions import FoodCheckedMakeProductsPublicAction
from .forms import ProductForm


class ProductCreateUpdateView(views.ProductCreateUpdateView):
    form_class = ProductForm


_ACTIONS = {
    **views.ProductListView.intermediate_actions,
    "make_products_public": FoodCheckedMakeProductsPublicAction(),
}


class ProductTable(tables.ProductTable):
    checkbox = TemplateColumn(
        verbose_name=_("Sélection"),
        template_name="oscar/dashboard/catalogue/product_row_checkbox.html",
        orderable=False,
    )


class ProductListView(views.ProductListView):
    intermediate_actions = _ACTIONS
    table_class = ProductTable


class ProductBulkActionConfirmView(views.ProductBulkActionConfirmView):
    intermediate_actions = _ACTIONS
