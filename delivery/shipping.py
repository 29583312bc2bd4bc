from django.utils.translation import gettext_lazy as _
from oscar.apps.shipping.methods import Base
from oscar.core import prices

from core import vat
from delivery.fees import FeeQuote, home_delivery_fee_quote


class HomeDelivery(Base):
    """Delivered at home by the town's delivery round, inside the catchment area, at the municipality's fee for
    this basket, this commune and this resident (delivery.fees)."""

    code = "home-delivery"
    name = _("Livraison à domicile")
    description = _("Par la tournée de livraison de la commune, sur le créneau que vous choisissez.")

    def __init__(self, *, commune=None):
        self.commune = commune

    def quote(self, basket) -> FeeQuote:
        return home_delivery_fee_quote(
            basket_total_incl_tax=basket.total_incl_tax, commune=self.commune, user=basket.owner
        )

    def calculate(self, basket):
        fee = self.quote(basket).amount
        excl_tax, _tax = vat.split_inclusive_price(fee, vat.STANDARD)
        return prices.Price(currency=basket.currency, excl_tax=excl_tax, incl_tax=fee)
