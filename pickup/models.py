from django.db import models
from django.utils.translation import gettext_lazy as _


class ContactPoint(models.Model):
    """A La Poste contact point (bureau de poste, agence postale, relais poste), by La Poste's site id."""

    site_id = models.CharField(_("identifiant La Poste"), max_length=20, unique=True)
    name = models.CharField(_("nom"), max_length=200)
    type = models.CharField(_("type"), max_length=100)
    parent_site_id = models.CharField(_("site de rattachement"), max_length=20, blank=True)
    address = models.CharField(_("adresse"), max_length=255, blank=True)
    address_complement = models.CharField(_("complément d'adresse"), max_length=255, blank=True)
    locality = models.CharField(_("lieu-dit"), max_length=255, blank=True)
    postcode = models.CharField(_("code postal"), max_length=5)
    city = models.CharField(_("localité"), max_length=100)
    insee_code = models.CharField(_("code INSEE"), max_length=5, blank=True)
    country = models.CharField(_("pays"), max_length=60, blank=True)
    latitude = models.FloatField()
    longitude = models.FloatField()
    geocoding_precision = models.CharField(_("précision du géocodage"), max_length=100, blank=True)
    phone = models.CharField(_("téléphone"), max_length=20, blank=True)
    is_active = models.BooleanField(_("actif"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("point de contact")
        verbose_name_plural = _("points de contact")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.postcode} {self.city})"
