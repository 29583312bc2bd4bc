from django.urls import path

from merchants.views import public

app_name = "merchants"

urlpatterns = [
    path("", public.MerchantDirectoryView.as_view(), name="directory"),
    path("candidature/", public.MerchantApplyView.as_view(), name="apply"),
    path("<slug:slug>/", public.MerchantDetailView.as_view(), name="detail"),
]
