from django.urls import path

from merchants import views

urlpatterns = [
    path("commandes/", views.FulfilmentListView.as_view(), name="fulfilment-list"),
    path(
        "commandes/<int:pk>/lignes/<int:line_pk>/indisponible/",
        views.FulfilmentLineUnavailableView.as_view(),
        name="line-unavailable",
    ),
]
urlpatterns += [
    path("versements/", views.PayoutsView.as_view(), name="payouts"),
    path("versements/export/", views.PayoutsExportView.as_view(), name="payouts-export"),
    path("versements/configurer/", views.PayoutsOnboardingView.as_view(), name="payouts-onboarding"),
]
urlpatterns += [
    path("commandes/<int:pk>/", views.FulfilmentDetailView.as_view(), name="fulfilment-detail"),
    path("commandes/<int:pk>/etiquette/", views.FulfilmentLabelView.as_view(), name="fulfilment-label"),
    *[
        path(
            f"commandes/<int:pk>/{action}/",
            views.FulfilmentTransitionView.as_view(),
            {"action": action},
            name=f"fulfilment-{action}",
        )
        for action in ("accepter", "prete", "remise")
    ],
    path("ventes/", views.SalesView.as_view(), name="sales"),
    path("notifications/", views.NotificationSettingsView.as_view(), name="notifications"),
]
urlpatterns += [
    path("catalogue/import/", views.CatalogueImportView.as_view(), name="catalogue-import"),
    path(
        "catalogue/import/<int:pk>/",
        views.CatalogueImportDetailView.as_view(),
        name="catalogue-import-detail",
    ),
    path(
        "catalogue/import/<int:pk>/progression/",
        views.CatalogueImportProgressView.as_view(),
        name="catalogue-import-progress",
    ),
    path("catalogue/export/", views.CatalogueExportView.as_view(), name="catalogue-export"),
]
