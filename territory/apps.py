from django.apps import AppConfig


class TerritoryConfig(AppConfig):
    """The territory (the tenant): brand, communes, market terms and each order's frozen terms."""

    name = "territory"
    verbose_name = "Comptoir : territoire"
    default_auto_field = "django.db.models.BigAutoField"
