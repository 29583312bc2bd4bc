from django.urls import path

from pickup.api import NearestPointsView

urlpatterns = [
    path("", NearestPointsView.as_view(), name="nearest"),
]
