from django.urls import path

from merchants import views

app_name = "merchants"

urlpatterns = [
    path("", views.MerchantDirectoryView.as_view(), name="directory"),
    path("<slug:slug>/", views.MerchantDetailView.as_view(), name="detail"),
]
