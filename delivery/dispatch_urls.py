from django.urls import path

from delivery import dispatch_views as views

urlpatterns = [
    path("", views.DispatchDayView.as_view(), name="day"),
    path("replanifier/", views.DayReplanView.as_view(), name="replan"),
    path("deplacer/", views.ParcelMoveView.as_view(), name="move"),
    path("<int:pk>/verrouiller/", views.RoundLockView.as_view(), name="lock"),
    path("<int:pk>/deverrouiller/", views.RoundUnlockView.as_view(), name="unlock"),
    path("equipe/", views.FleetView.as_view(), name="fleet"),
    path("equipe/livreurs/<int:pk>/", views.CourierUpdateView.as_view(), name="courier"),
    path("equipe/vehicules/<int:pk>/", views.VehicleUpdateView.as_view(), name="vehicle"),
]
