from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

hex_colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Indiquez une couleur au format #RRGGBB, par exemple #1d4e89."))
insee_code = RegexValidator(r"^(\d{5}|2[AB]\d{3})$", _("Un code INSEE a 5 caractères, par exemple 47157 ou 2A004."))
postcode = RegexValidator(r"^\d{5}$", _("Un code postal a 5 chiffres, par exemple 47200."))


class Territory(models.Model):
    """The municipality (or intercommunality) that runs the shop: its brand and its catchment area."""

    name = models.CharField(_("nom"), max_length=120)
    tagline = models.CharField(_("accroche"), max_length=200, blank=True)
    logo = models.ImageField(_("logo"), upload_to="territory/", blank=True)
    primary_colour = models.CharField(_("couleur principale"), max_length=7, default="#1d4e89", validators=[hex_colour])
    secondary_colour = models.CharField(
        _("couleur secondaire"), max_length=7, default="#f4a259", validators=[hex_colour]
    )
    contact_email = models.EmailField(_("courriel de contact"), blank=True)
    contact_phone = models.CharField(_("téléphone"), max_length=20, blank=True)
    address = models.TextField(_("adresse postale"), blank=True)
    website = models.URLField(_("site web"), blank=True)
    latitude = models.FloatField(_("latitude du centre"), null=True, blank=True)
    longitude = models.FloatField(_("longitude du centre"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("territoire")
        verbose_name_plural = _("territoires")

    def __str__(self) -> str:
        return self.name


class Commune(models.Model):
    """A commune of the catchment area, by INSEE code."""

    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="communes")
    insee_code = models.CharField(_("code INSEE"), max_length=5, validators=[insee_code])
    name = models.CharField(_("nom"), max_length=100)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    class Meta:
        verbose_name = _("commune")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["territory", "insee_code"], name="unique_commune_per_territory")]

    def __str__(self) -> str:
        return f"{self.name} ({self.insee_code})"


class CommunePostcode(models.Model):
    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="postcodes")
    postcode = models.CharField(_("code postal"), max_length=5, validators=[postcode], db_index=True)

    class Meta:
        ordering = ["postcode"]
        constraints = [models.UniqueConstraint(fields=["commune", "postcode"], name="unique_postcode_per_commune")]

    def __str__(self) -> str:
        return self.postcode
