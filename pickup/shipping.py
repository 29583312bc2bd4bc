from django.utils.translation import gettext_lazy as _
from oscar.apps.shipping.methods import FixedPrice

from core import vat
from territory.selectors import market_terms


class ContactPointPickup(FixedPrice):
    """Left at a La Poste contact point near home: bureau de poste, agence postale or relais poste."""

    code = "contact-point"
    name = _("Retrait en point de contact La Poste")
    description = _("Bureau de poste, agence postale ou relais poste près de chez vous.")

    def __init__(self):
        fee = market_terms().pickup_fee
        excl_tax, _tax = vat.split_inclusive_price(fee, vat.STANDARD)
        super().__init__(charge_excl_tax=excl_tax, charge_incl_tax=fee)
