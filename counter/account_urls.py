from django.urls import path

from counter import views

urlpatterns = [path("", views.ResidentMandatesView.as_view(), name="mandates")]
