from django.urls import path

from counter import views

urlpatterns = [
    path("", views.HelpHomeView.as_view(), name="help"),
    path("habitant/<int:resident_id>/mandat/", views.MandateProposeView.as_view(), name="mandate-propose"),
    path("mandats/<int:pk>/", views.MandateDetailView.as_view(), name="mandate-detail"),
    path("mandats/<int:pk>/accord/", views.MandateAgreeView.as_view(), name="mandate-agree"),
    path("mandats/<int:pk>/fin/", views.MandateEndView.as_view(), name="mandate-end"),
]
