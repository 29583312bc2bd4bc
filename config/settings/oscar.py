"""Oscar's settings for the municipality's shop."""

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from oscar.defaults import OSCAR_DASHBOARD_NAVIGATION

OSCAR_SHOP_NAME = "Comptoir"
OSCAR_SHOP_TAGLINE = _("Les commerces de votre territoire")
OSCAR_HOMEPAGE = reverse_lazy("catalogue:index")
OSCAR_DEFAULT_CURRENCY = "EUR"
OSCAR_PRODUCTS_PER_PAGE = 24
OSCAR_ALLOW_ANON_CHECKOUT = False
OSCAR_FROM_EMAIL = "ne-pas-repondre@comptoir.localhost"
OSCAR_THUMBNAILER = "shop.thumbnails.OriginalImage"
OSCAR_MISSING_IMAGE_URL = "image_not_found.jpg"
OSCAR_HIDDEN_FEATURES = ["reviews", "wishlists"]
OSCAR_REQUIRED_ADDRESS_FIELDS = ("first_name", "last_name", "line1", "line4", "postcode", "country")
OSCAR_SLUG_ALLOW_UNICODE = False
OSCAR_OFFERS_INCL_TAX = True

OSCAR_DASHBOARD_DEFAULT_ACCESS_FUNCTION = "core.roles.dashboard_access_fn"
OSCAR_DASHBOARD_NAVIGATION = [
    *OSCAR_DASHBOARD_NAVIGATION,
    {
        "label": _("Territoire et marque"),
        "icon": "fas fa-landmark",
        "url_name": "shop-dashboard:territory",
    },
    {
        "label": _("Territoires"),
        "icon": "fas fa-globe-europe",
        "url_name": "shop-dashboard:territories",
    },
    {
        "label": _("Candidatures des commerçants"),
        "icon": "fas fa-user-check",
        "url_name": "merchant-review:list",
    },
    {
        "label": _("Ma boutique"),
        "icon": "fas fa-store",
        "children": [
            {"label": _("Mes commandes à préparer"), "url_name": "merchant-space:fulfilment-list"},
            {"label": _("Importer ou exporter le catalogue"), "url_name": "merchant-space:catalogue-import"},
            {"label": _("Mes ventes"), "url_name": "merchant-space:sales"},
            {"label": _("Mes versements et relevés"), "url_name": "merchant-space:payouts"},
            {"label": _("Ma vitrine"), "url_name": "merchant-space:storefront"},
            {"label": _("Notifications"), "url_name": "merchant-space:notifications"},
            {"label": _("Observatoire"), "url_name": "merchant-observatory:index"},
        ],
    },
    {
        "label": _("Livraison à domicile"),
        "icon": "fas fa-truck",
        "children": [
            {"label": _("Tournées du jour"), "url_name": "dispatch:day"},
            {"label": _("Livreurs et véhicules"), "url_name": "dispatch:fleet"},
            {"label": _("Tarifs"), "url_name": "delivery-dashboard:fees"},
            {"label": _("Créneaux"), "url_name": "delivery-dashboard:slots"},
            {"label": _("Tarif social"), "url_name": "delivery-dashboard:social-tariff"},
        ],
    },
    {
        "label": _("Points de contact"),
        "icon": "fas fa-map-marker-alt",
        "url_name": "pickup-dashboard:point-list",
    },
    {
        "label": _("Observatoire"),
        "icon": "fas fa-chart-bar",
        "url_name": "observatory:index",
    },
]
