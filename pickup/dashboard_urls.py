from django.urls import path

from pickup import dashboard_views as views

urlpatterns = [
    path("", views.PointListView.as_view(), name="point-list"),
    path("<int:pk>/horaires/", views.PointHoursView.as_view(), name="point-hours"),
    path("<int:pk>/exceptions/ajouter/", views.ExceptionAddView.as_view(), name="exception-add"),
    path(
        "<int:pk>/exceptions/<int:exception_pk>/supprimer/",
        views.ExceptionDeleteView.as_view(),
        name="exception-delete",
    ),
]
