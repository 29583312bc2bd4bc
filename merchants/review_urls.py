"""The municipality's review of merchant applications, under the dashboard (namespace ``merchant-review``)."""

from django.urls import path

from merchants import views

urlpatterns = [
    path("", views.ApplicationListView.as_view(), name="list"),
    path("<int:pk>/", views.ApplicationDetailView.as_view(), name="detail"),
    path("<int:pk>/approuver/", views.ApplicationApproveView.as_view(), name="approve"),
    path("<int:pk>/refuser/", views.ApplicationRejectView.as_view(), name="reject"),
]
