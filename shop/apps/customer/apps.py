from oscar.apps.customer import apps


class CustomerConfig(apps.CustomerConfig):
    """Oscar's customer app (its models and migrations stay Oscar's); the order page and the registration
    (which gives the account its territory) are ours."""

    def ready(self):
        super().ready()
        from shop.apps.customer.views import AccountAuthView, AccountRegistrationView, OrderDetailView

        self.order_detail_view = OrderDetailView
        self.login_view = AccountAuthView
        self.register_view = AccountRegistrationView
