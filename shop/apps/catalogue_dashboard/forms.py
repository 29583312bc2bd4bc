"""Oscar's product form with the product's food information."""

from django.db import transaction
from django.utils.translation import gettext as _
from oscar.apps.dashboard.catalogue.forms import ProductForm as OscarProductForm

from merchants.food_information import FoodInformation, food_information_save
from merchants.forms import FoodInformationForm


class ProductForm(OscarProductForm):
    """Oscar's product form and, under the prefix « food », the product's food information."""

    def __init__(self, product_class, *args, data=None, parent=None, **kwargs):
        super().__init__(product_class, *args, data=data, parent=parent, **kwargs)
        info = None
        if self.instance.pk:
            info = FoodInformation.objects.filter(product=self.instance).first()
        self.food_form = FoodInformationForm(data=data, instance=info, prefix="food")

    def clean(self):
        cleaned = super().clean()
        if not self.food_form.publication_check(is_public=bool(cleaned.get("is_public"))):
            self.add_error(
                "is_public",
                _(
                    "Ce produit alimentaire ne peut pas être publié : complétez ses informations alimentaires "
                    "obligatoires, ou décochez « publié »."
                ),
            )
        return cleaned

    def is_valid(self):
        return all([super().is_valid(), self.food_form.is_valid()])

    @transaction.atomic
    def save(self, *args, **kwargs):
        product = super().save(*args, **kwargs)
        if self.food_form.instance.pk or self.food_form.cleaned_data.get("is_food"):
            food_information_save(product=product, values=self.food_form.values())
        return product
