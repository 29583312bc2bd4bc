from django import template

register = template.Library()


@register.filter
def can_be_cancelled(order) -> bool:
    """Whether the resident may still cancel: no merchant has started preparing it."""
    fulfilments = [f for f in order.fulfilments.all() if f.status != "cancelled"]
    return bool(fulfilments) and all(f.status == "new" for f in fulfilments)
