from oscar.apps.shipping import repository

from delivery.shipping import HomeDelivery
from merchants.shipping import ClickAndCollect
from pickup.shipping import ContactPointPickup
from shop.selectors import territory_serves_postcode


class Repository(repository.Repository):
    """The delivery choices: home delivery inside the catchment area, a contact point, or the shop."""

    def get_available_shipping_methods(self, basket, shipping_addr=None, **kwargs):
        methods = []
        if shipping_addr is None or territory_serves_postcode(postcode=shipping_addr.postcode):
            methods.append(HomeDelivery())
        methods += [ContactPointPickup(), ClickAndCollect()]
        return methods
