"""The merchant's own figures in the merchant space, mounted at /dashboard/commerce/observatoire/ (namespace
``merchant-observatory``)."""

from django.urls import path

from observatory import merchant_views

urlpatterns = [
    path("", merchant_views.MerchantFiguresView.as_view(), name="index"),
    path("accord/", merchant_views.NamedConsentView.as_view(), name="consent"),
]
