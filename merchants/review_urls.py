"""The municipality's review of merchant applications, under the dashboard (namespace ``merchant-review``)."""

from django.urls import path

from merchants.views import review

urlpatterns = [
    path("", review.ApplicationListView.as_view(), name="list"),
    path("<int:pk>/", review.ApplicationDetailView.as_view(), name="detail"),
    path("<int:pk>/approuver/", review.ApplicationApproveView.as_view(), name="approve"),
    path("<int:pk>/refuser/", review.ApplicationRejectView.as_view(), name="reject"),
]
