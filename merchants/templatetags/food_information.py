from django import template

from merchants.food_information import FoodInformation, food_information_for_product

register = template.Library()


@register.simple_tag
def food_information_for(product) -> FoodInformation | None:
    """The product's food information (merchants.food_information.food_information_for_product), or None."""
    if product is None or not getattr(product, "pk", None):
        return None
    return food_information_for_product(product=product)
