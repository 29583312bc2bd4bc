"""Oscar's catalogue admin, with the rule the merchant's form and the CSV import keep: a food product whose
mandatory information (EU regulation 1169/2011) is incomplete cannot be published from the admin either."""

import oscar.apps.catalogue.admin  # noqa: F401 - registers Oscar's admin classes, replaced below for Product
from django import forms
from django.contrib import admin
from django.utils.translation import gettext as _
from oscar.apps.catalogue.admin import ProductAdmin as OscarProductAdmin
from oscar.core.loading import get_model

from merchants.food_information import products_food_incomplete

Product = get_model("catalogue", "Product")


class ProductAdminForm(forms.ModelForm):
    class Meta:
        model = Product
        fields = "__all__"  # noqa: DJ007 - the admin's own form for Oscar's fields, as Oscar's ProductAdmin

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("is_public")
            and self.instance.pk
            and products_food_incomplete(product_ids=[self.instance.pk])
        ):
            self.add_error(
                "is_public",
                _(
                    "Ce produit alimentaire ne peut pas être publié : complétez ses informations alimentaires "
                    "obligatoires, ou décochez « publié »."
                ),
            )
        return cleaned


admin.site.unregister(Product)


@admin.register(Product)
class ProductAdmin(OscarProductAdmin):
    form = ProductAdminForm
