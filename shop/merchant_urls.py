"""The merchants' public pages (/commercants/): the directory, a shop's page with its products (the shop's
product list), the application form. In shop/, the layer that wires the domains to the storefront."""

from django.urls import path

from shop import merchant_pages as public

app_name = "merchants"

urlpatterns = [
    path("", public.MerchantDirectoryView.as_view(), name="directory"),
    path("candidature/", public.MerchantApplyView.as_view(), name="apply"),
    path("<slug:slug>/", public.MerchantDetailView.as_view(), name="detail"),
]
