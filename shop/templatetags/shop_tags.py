from django import template

register = template.Library()


@register.filter
def can_be_cancelled(order) -> bool:
    """Whether the resident may still cancel: no merchant has started preparing it."""
    fulfilments = [f for f in order.fulfilments.all() if f.status != "cancelled"]
    return bool(fulfilments) and all(f.status == "new" for f in fulfilments)


@register.simple_tag
def home_delivery_refusal(shipping_address) -> str:
    """Why the checkout does not offer home delivery to this address ("" when it does)."""
    from shop.apps.shipping.repository import home_delivery_refusal as refusal

    return refusal(shipping_addr=shipping_address)
