from django.utils.translation import gettext_lazy as _
from oscar.apps.shipping.methods import FixedPrice

from core import vat
from territory.selectors import market_terms


class HomeDelivery(FixedPrice):
    """Delivered at home by the town's delivery round, inside the catchment area."""

    code = "home-delivery"
    name = _("Livraison à domicile")
    description = _(
        "Par la tournée de livraison de la commune, dès que vos commerçants ont préparé la commande."
    )

    def __init__(self):
        fee = market_terms().home_delivery_fee
        excl_tax, _tax = vat.split_inclusive_price(fee, vat.STANDARD)
        super().__init__(charge_excl_tax=excl_tax, charge_incl_tax=fee)
