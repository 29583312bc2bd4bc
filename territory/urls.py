from django.urls import path

from territory import views

urlpatterns = [
    path("", views.TerritoryUpdateView.as_view(), name="territory"),
    path("communes/ajouter/", views.CommuneAddView.as_view(), name="commune-add"),
    path("communes/<int:pk>/retirer/", views.CommuneRemoveView.as_view(), name="commune-remove"),
    path("tous/", views.TerritoryListView.as_view(), name="territories"),
]
