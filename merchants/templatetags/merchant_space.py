from django import template

from core import roles
from merchants import payouts, selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def merchant_space_summary(context):
    """The signed-in approved merchant's own figures (merchants.selectors.merchant_space_summary), or None."""
    user = context["request"].user
    if not roles.is_merchant(user):
        return None
    return selectors.merchant_space_summary(merchant=payouts.merchant_for_user(user=user))
