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
