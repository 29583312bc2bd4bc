from oscar.apps.dashboard.catalogue import apps


class CatalogueDashboardConfig(apps.CatalogueDashboardConfig):
    def ready(self):
        from . import views

        super().ready()
        self.product_createupdate_view = views.ProductCreateUpdateView
        self.product_list_view = views.ProductListView
        self.product_bulk_action_confirm_view = views.ProductBulkActionConfirmView
