from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    """Payment attempts and the stock they hold, the Stripe gateway and its webhook, refunds. Below the domains:
    what it needs from above (placing the order an attempt paid for) is named in settings, never imported."""

    name = "payments"
    verbose_name = "Comptoir : paiements"
    default_auto_field = "django.db.models.BigAutoField"
