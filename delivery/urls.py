from django.urls import path

from delivery import views

urlpatterns = [
    path("", views.RoundListView.as_view(), name="round-list"),
    path("tournees/<int:pk>/", views.RoundDetailView.as_view(), name="round-detail"),
    path("tournees/<int:pk>/feuille/", views.RoundSheetView.as_view(), name="round-sheet"),
]
