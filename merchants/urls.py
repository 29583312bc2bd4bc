from django.urls import path

from merchants import views

app_name = "merchants"

urlpatterns = [
    path("", views.MerchantDirectoryView.as_view(), name="directory"),
    path("candidature/", views.MerchantApplyView.as_view(), name="apply"),
    path("<slug:slug>/", views.MerchantDetailView.as_view(), name="detail"),
]
