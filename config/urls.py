from django.apps import apps
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path, re_path

from shop import views
from shop.schema import SchemaView

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("accessibilite/", views.AccessibilityView.as_view(), name="accessibility"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("payments/", include("payments.urls")),
    path("api/schema/", SchemaView.as_view(), name="api-schema"),
    path("accounts/orders/<str:order_number>/annuler/", views.OrderCancelView.as_view(), name="order-cancel"),
    path("commercants/", include("shop.merchant_urls")),
    path("api/pickup-points/", include(("pickup.api_urls", "pickup-api"))),
    path("api/courier/", include(("delivery.api_urls", "courier-api"))),
    path("guichet/aide/", include(("counter.urls", "counter"))),
    path("accounts/aides/", include(("counter.account_urls", "counter-account"))),
    path("accounts/mes-donnees/", views.MyDataView.as_view(), name="my-data"),
    path("accounts/mes-donnees/effacer/", views.AccountEraseView.as_view(), name="account-erase"),
    path("guichet/", include(("pickup.urls", "pickup"))),
    path("livreur/", include(("delivery.urls", "delivery"))),
    path("dashboard/livraison/", include(("delivery.dashboard_urls", "delivery-dashboard"))),
    path("dashboard/tournees/", include(("delivery.dispatch_urls", "dispatch"))),
    path("dashboard/points-de-contact/", include(("pickup.dashboard_urls", "pickup-dashboard"))),
    path("dashboard/territoire/", include(("territory.urls", "shop-dashboard"))),
    path("dashboard/observatoire/", include(("observatory.urls", "observatory"))),
    path("dashboard/commerce/observatoire/", include(("observatory.merchant_urls", "merchant-observatory"))),
    path("dashboard/commerce/candidatures/", include(("merchants.review_urls", "merchant-review"))),
    path("dashboard/commerce/", include(("merchants.dashboard_urls", "merchant-space"))),
    # Wish lists are a hidden feature (OSCAR_HIDDEN_FEATURES): their pages do not exist rather than fail.
    re_path(r"^(accounts/)?wishlists/", views.feature_hidden),
    path("", include(apps.get_app_config("oscar").urls[0])),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
