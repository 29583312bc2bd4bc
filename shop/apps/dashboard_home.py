"""Oscar's dashboard with the project's home page: the town hall sees its territory's own indicators, a merchant
their shop's (templates/oscar/dashboard/index_nonstaff.html); Oscar's whole-store statistics are not computed."""

from django.views.generic import TemplateView
from oscar.apps.dashboard import apps


class DashboardHomeView(TemplateView):
    def get_template_names(self):
        if self.request.user.is_staff:
            return ["shop/dashboard/home.html"]
        return ["oscar/dashboard/index_nonstaff.html"]

    def get_context_data(self, **kwargs):
        from shop.town_hall import town_hall_indicators

        context = super().get_context_data(**kwargs)
        if self.request.user.is_staff:
            context["indicators"] = town_hall_indicators()
        return context


class DashboardConfig(apps.DashboardConfig):
    def ready(self):
        super().ready()
        self.index_view = DashboardHomeView
