from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The shared kernel: money and VAT, text, geocoding and postcodes, the cache, rate limits, links, roles
    and the outbox. It imports no other package of the project."""

    name = "core"
    verbose_name = "Comptoir : socle commun"
    default_auto_field = "django.db.models.BigAutoField"
