from oscar.apps.customer import apps


class CustomerConfig(apps.CustomerConfig):
    """Oscar's customer app (its models and migrations stay Oscar's); the order page is ours."""

    def ready(self):
        super().ready()
        from shop.apps.customer.views import OrderDetailView

        self.order_detail_view = OrderDetailView
