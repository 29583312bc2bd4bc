from django import template

from counter.mandates import helper_role

register = template.Library()


@register.filter
def can_help(user) -> bool:
    """Whether ``user`` helps residents order (a counter agent, a town hall agent, a courier)."""
    return helper_role(user) is not None
