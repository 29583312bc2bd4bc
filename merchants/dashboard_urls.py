from django.urls import path

from merchants.views import catalogue, fulfilments, payouts, space

urlpatterns = [
    path("commandes/", fulfilments.FulfilmentListView.as_view(), name="fulfilment-list"),
    path(
        "commandes/<int:pk>/lignes/<int:line_pk>/indisponible/",
        fulfilments.FulfilmentLineUnavailableView.as_view(),
        name="line-unavailable",
    ),
]
urlpatterns += [
    path("versements/", payouts.PayoutsView.as_view(), name="payouts"),
    path("versements/export/", payouts.PayoutsExportView.as_view(), name="payouts-export"),
    path("versements/configurer/", payouts.PayoutsOnboardingView.as_view(), name="payouts-onboarding"),
]
urlpatterns += [
    path("commandes/<int:pk>/", fulfilments.FulfilmentDetailView.as_view(), name="fulfilment-detail"),
    path("commandes/<int:pk>/etiquette/", fulfilments.FulfilmentLabelView.as_view(), name="fulfilment-label"),
    *[
        path(
            f"commandes/<int:pk>/{action}/",
            fulfilments.FulfilmentTransitionView.as_view(),
            {"action": action},
            name=f"fulfilment-{action}",
        )
        for action in ("accepter", "prete", "remise")
    ],
    path("ventes/", space.SalesView.as_view(), name="sales"),
    path("notifications/", space.NotificationSettingsView.as_view(), name="notifications"),
    path("vitrine/", space.StorefrontView.as_view(), name="storefront"),
]
urlpatterns += [
    path("catalogue/import/", catalogue.CatalogueImportView.as_view(), name="catalogue-import"),
    path(
        "catalogue/import/<int:pk>/",
        catalogue.CatalogueImportDetailView.as_view(),
        name="catalogue-import-detail",
    ),
    path(
        "catalogue/import/<int:pk>/progression/",
        catalogue.CatalogueImportProgressView.as_view(),
        name="catalogue-import-progress",
    ),
    path("catalogue/export/", catalogue.CatalogueExportView.as_view(), name="catalogue-export"),
]
