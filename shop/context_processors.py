from django.conf import settings

from territory.selectors import territory_current


def branding(request):
    """The municipality's brand on every page, the dashboard's included."""
    territory = territory_current()
    if territory is None:
        return {"shop_name": settings.OSCAR_SHOP_NAME, "shop_tagline": settings.OSCAR_SHOP_TAGLINE}
    return {
        "territory": territory,
        "shop_name": territory.name,
        "shop_tagline": territory.tagline or settings.OSCAR_SHOP_TAGLINE,
        "brand_primary": territory.primary_colour,
        "brand_secondary": territory.secondary_colour,
    }
