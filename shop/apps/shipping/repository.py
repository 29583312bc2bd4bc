from oscar.apps.shipping import repository

from delivery.eligibility import home_delivery_eligibility
from delivery.shipping import HomeDelivery
from merchants.shipping import ClickAndCollect
from pickup.shipping import ContactPointPickup


def home_delivery_refusal(*, shipping_addr) -> str:
    """Why home delivery is not offered to this address, in the resident's words; "" when it is."""
    if shipping_addr is None:
        return ""
    return home_delivery_eligibility(
        postcode=shipping_addr.postcode or "", town=shipping_addr.line4 or ""
    ).refusal


def basket_merchant_count(basket) -> int:
    """How many merchants the basket's lines come from (each stock record belongs to one merchant's partner)."""
    return len({line.stockrecord.partner_id for line in basket.all_lines() if line.stockrecord_id})


class Repository(repository.Repository):
    """The delivery choices: home delivery inside the catchment area, a contact point, and the shop when the
    whole basket comes from one merchant (one shop to collect from)."""

    def get_available_shipping_methods(self, basket, shipping_addr=None, **kwargs):
        methods = []
        if shipping_addr is None:
            methods.append(HomeDelivery())
        else:
            found = home_delivery_eligibility(
                postcode=shipping_addr.postcode or "", town=shipping_addr.line4 or ""
            )
            if found.eligible:
                methods.append(HomeDelivery(commune=found.commune))
        methods.append(ContactPointPickup())
        if basket_merchant_count(basket) <= 1:
            methods.append(ClickAndCollect())
        return methods
