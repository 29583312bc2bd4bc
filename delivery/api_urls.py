from django.urls import path

from delivery import api

urlpatterns = [
    path("rounds/", api.CourierRoundsView.as_view(), name="rounds"),
    path("rounds/<int:pk>/", api.CourierRoundView.as_view(), name="round"),
    path("rounds/<int:pk>/actions/", api.CourierActionView.as_view(), name="round-actions"),
]
