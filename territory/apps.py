from django.apps import AppConfig


class TerritoryConfig(AppConfig):
    """The territory (the tenant): brand, communes, market terms and each order's frozen terms."""

    name = "territory"
    verbose_name = "Comptoir : territoire"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.backends.signals import connection_created

        from territory.tenancy import on_connection_created

        # Infrastructure, not business logic: a new database connection learns the active territory at once,
        # for the row-level security policies.
        connection_created.connect(on_connection_created, dispatch_uid="territory-db-setting")
