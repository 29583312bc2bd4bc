from django.urls import path

from pickup import views

urlpatterns = [
    path("", views.ParcelListView.as_view(), name="parcel-list"),
    path("colis/<int:pk>/", views.ParcelDetailView.as_view(), name="parcel-detail"),
    path("colis/<int:pk>/arrivee/", views.ParcelArrivalView.as_view(), name="parcel-arrival"),
    path("colis/<int:pk>/remise/", views.ParcelHandOverView.as_view(), name="parcel-hand-over"),
    path("colis/<int:pk>/retour/", views.ParcelReturnView.as_view(), name="parcel-return"),
    path("durees-de-garde/", views.RetentionPolicyView.as_view(), name="retention-policies"),
]
