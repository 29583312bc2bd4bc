from django.urls import path

from merchants import views

urlpatterns = [
    path("commandes/", views.FulfilmentListView.as_view(), name="fulfilment-list"),
]
