from django.urls import path

from delivery import dashboard_views as views

urlpatterns = [
    path("", views.FeesView.as_view(), name="fees"),
    path("creneaux/", views.SlotsView.as_view(), name="slots"),
    path("creneaux/ajouter/", views.SlotTemplateAddView.as_view(), name="slot-add"),
    path("creneaux/<int:pk>/supprimer/", views.SlotTemplateDeleteView.as_view(), name="slot-delete"),
    path("exceptions/ajouter/", views.SlotExceptionAddView.as_view(), name="exception-add"),
    path("exceptions/<int:pk>/supprimer/", views.SlotExceptionDeleteView.as_view(), name="exception-delete"),
    path("tarif-social/", views.SocialTariffView.as_view(), name="social-tariff"),
    path("tarif-social/marquer/", views.SocialTariffMarkView.as_view(), name="social-tariff-mark"),
    path(
        "tarif-social/<int:pk>/retirer/", views.SocialTariffUnmarkView.as_view(), name="social-tariff-unmark"
    ),
]
