"""Oscar's bulk actions on products: « make public » leaves out the food products that lack their information."""

from django.contrib import messages
from django.utils.translation import ngettext
from oscar.apps.dashboard.catalogue.bulk_actions import MakeProductsPublicAction

from merchants.food_information import products_food_incomplete


class FoodCheckedMakeProductsPublicAction(MakeProductsPublicAction):
    """Publishes the selected products except the food products that lack mandatory information."""

    def execute(self, request, objects, form):
        blocked = products_food_incomplete(product_ids=objects.values_list("pk", flat=True))
        if blocked:
            messages.warning(
                request,
                ngettext(
                    "%(count)d produit alimentaire n'a pas été publié : ses informations alimentaires "
                    "obligatoires manquent.",
                    "%(count)d produits alimentaires n'ont pas été publiés : leurs informations alimentaires "
                    "obligatoires manquent.",
                    len(blocked),
                )
                % {"count": len(blocked)},
            )
        return super().execute(request, objects.exclude(pk__in=blocked), form)
