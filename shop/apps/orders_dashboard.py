from oscar.apps.dashboard.orders import apps


class OrdersDashboardConfig(apps.OrdersDashboardConfig):
    """Oscar's order pages show a partner's users every line of an order, other merchants' included: merchants
    prepare from their own fulfilments (merchant space) instead, so these pages keep only the staff's access."""

    def configure_permissions(self):
        super().configure_permissions()
        self.permissions_map = {name: permissions[:1] for name, permissions in self.permissions_map.items()}
