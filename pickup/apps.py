from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PickupConfig(AppConfig):
    name = "pickup"
    verbose_name = _("Points de contact postaux")
