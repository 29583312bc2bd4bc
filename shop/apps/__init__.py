from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShopConfig(AppConfig):
    name = "shop"
    verbose_name = _("Commune et marque")

    def ready(self):
        from django.db.models.signals import post_migrate

        # Site's domain follows SITE_URL after each migrate, the way django.contrib.sites creates it: Oscar's
        # e-mails build their links on it, and it would otherwise stay example.com.
        post_migrate.connect(_site_sync_after_migrate, sender=self)


def _site_sync_after_migrate(*, using: str = "default", **kwargs) -> None:
    from django.contrib.sites.models import Site
    from django.db import router

    from core.links import site_sync

    if router.allow_migrate_model(using, Site):
        site_sync(using=using)
