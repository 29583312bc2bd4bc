from django.utils.translation import gettext as _
from oscar.apps.shipping import repository

from delivery.shipping import HomeDelivery
from merchants.shipping import ClickAndCollect
from pickup.shipping import ContactPointPickup
from territory.selectors import territory_current, territory_serves_postcode


def home_delivery_refusal(*, shipping_addr) -> str:
    """Why home delivery is not offered to this address, in the resident's words; "" when it is."""
    if shipping_addr is None:
        return ""
    territory = territory_current()
    if territory is None:
        return _(
            "La livraison à domicile n'est pas encore proposée : la commune n'a pas défini son territoire."
        )
    postcode = (shipping_addr.postcode or "").replace(" ", "")
    if territory_serves_postcode(postcode=postcode):
        return ""
    return _(
        "La livraison à domicile n'est proposée que dans les communes du territoire %(territory)s : "
        "le code postal %(postcode)s n'en fait pas partie."
    ) % {"territory": territory.name, "postcode": postcode or "—"}


class Repository(repository.Repository):
    """The delivery choices: home delivery inside the catchment area, a contact point, or the shop."""

    def get_available_shipping_methods(self, basket, shipping_addr=None, **kwargs):
        methods = []
        if not home_delivery_refusal(shipping_addr=shipping_addr):
            methods.append(HomeDelivery())
        methods += [ContactPointPickup(), ClickAndCollect()]
        return methods
