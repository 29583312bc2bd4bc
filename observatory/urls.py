"""The municipality's observatory, mounted at /dashboard/observatoire/ (namespace ``observatory``)."""

from django.urls import path

from observatory import views

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("export/<slug:code>.csv", views.ExportView.as_view(), name="export"),
    path("rapport/", views.ReportView.as_view(), name="report"),
    path("actualiser/", views.RefreshView.as_view(), name="refresh"),
]
