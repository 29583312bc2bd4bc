"""The territory (the tenant): its brand, its catchment area (communes and their postcodes) and its market terms,
and the terms each order was sold under. The tables keep the names they had in the shop app."""

import re
from datetime import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

hex_colour = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", _("Indiquez une couleur au format #RRGGBB, par exemple #1d4e89.")
)
insee_code = RegexValidator(
    r"^(\d{5}|2[AB]\d{3})$", _("Un code INSEE a 5 caractères, par exemple 47157 ou 2A004.")
)
postcode = RegexValidator(r"^\d{5}$", _("Un code postal a 5 chiffres, par exemple 47200."))
domain_name = RegexValidator(
    r"^(?=.{1,200}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$",
    _(
        "Indiquez un nom de domaine en minuscules, sans « http:// » ni port, par exemple marmande.comptoir.fr."
    ),
)
_TIME_OF_DAY = re.compile(r"^(\d{1,2})\s*(?:[:hH]\s*(\d{2})?)?$")


def times_of_day_parse(value: str) -> tuple[time, ...]:
    """« 10:30, 16h » as sorted times; raises ValidationError in French on anything else."""
    times = set()
    for item in (part.strip() for part in (value or "").split(",")):
        if not item:
            continue
        match = _TIME_OF_DAY.match(item)
        hour, minute = (int(match.group(1)), int(match.group(2) or 0)) if match else (24, 0)
        if hour > 23 or minute > 59:
            raise ValidationError(
                _("« %(value)s » n'est pas une heure : écrivez par exemple « 10:30, 16:00 »."),
                params={"value": item},
                code="time_of_day",
            )
        times.add(time(hour, minute))
    return tuple(sorted(times))


def validate_collection_times(value: str) -> None:
    times_of_day_parse(value)


class Territory(models.Model):
    """The municipality (or intercommunality) that runs the shop: its brand and its catchment area."""

    name = models.CharField(_("nom"), max_length=120)
    slug = models.SlugField(
        _("identifiant"),
        max_length=60,
        unique=True,
        help_text=_(
            "Sert d'adresse de repli sur le domaine du déploiement : /t/ suivi de l'identifiant, par exemple /t/villeneuve-sur-lot/."
        ),
        error_messages={"unique": _("Un territoire porte déjà cet identifiant.")},
    )
    domain = models.CharField(
        _("nom de domaine"),
        max_length=200,
        unique=True,
        null=True,
        blank=True,
        validators=[domain_name],
        help_text=_(
            "Le nom de domaine sur lequel le territoire est servi, par exemple marmande.comptoir.fr."
        ),
        error_messages={"unique": _("Un territoire est déjà servi sur ce nom de domaine.")},
    )
    tagline = models.CharField(_("accroche"), max_length=200, blank=True)
    logo = models.ImageField(_("logo"), upload_to="territory/", blank=True)
    primary_colour = models.CharField(
        _("couleur principale"), max_length=7, default="#1d4e89", validators=[hex_colour]
    )
    secondary_colour = models.CharField(
        _("couleur secondaire"), max_length=7, default="#f4a259", validators=[hex_colour]
    )
    contact_email = models.EmailField(_("courriel de contact"), blank=True)
    contact_phone = models.CharField(_("téléphone"), max_length=20, blank=True)
    address = models.TextField(_("adresse postale"), blank=True)
    website = models.URLField(_("site web"), blank=True)
    latitude = models.FloatField(_("latitude du centre"), null=True, blank=True)
    longitude = models.FloatField(_("longitude du centre"), null=True, blank=True)
    # The municipality's commercial terms; left empty, the deployment's defaults apply (settings).
    commission_rate = models.DecimalField(
        _("commission de la commune (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(50)],
    )
    delivery_fee_kept_by = models.CharField(
        _("frais de livraison conservés par"),
        max_length=20,
        blank=True,
        choices=[("municipality", _("la commune")), ("merchants", _("les commerçants"))],
    )
    returned_parcel_refund = models.CharField(
        _("remboursement d'un colis non retiré"),
        max_length=20,
        blank=True,
        choices=[("goods_only", _("les articles seulement")), ("full", _("les articles et la livraison"))],
    )
    home_delivery_fee = models.DecimalField(
        _("frais de livraison à domicile TTC (€)"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    pickup_fee = models.DecimalField(
        _("frais de retrait en point de contact TTC (€)"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    collection_times = models.CharField(
        _("passages de la tournée dans les commerces"),
        max_length=100,
        blank=True,
        validators=[validate_collection_times],
        help_text=_(
            "Heures séparées par des virgules, par exemple « 10:30, 16:00 ». Vide : celles du déploiement."
        ),
    )
    preparation_minutes = models.PositiveSmallIntegerField(
        _("délai de préparation d'une commande (minutes)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(24 * 60)],
        help_text=_(
            "Temps laissé au commerçant entre la commande et l'enlèvement. Vide : celui du déploiement."
        ),
    )
    pickup_max_distance_km = models.DecimalField(
        _("distance des points de contact au centre du territoire (km)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(200)],
        help_text=_(
            "Au paiement, les points de contact proposés sont ceux des communes du territoire et ceux situés à "
            "moins de cette distance (à vol d'oiseau) de son centre ; une adresse hors des communes et plus loin "
            "du centre ne se voit proposer aucun point. Vide : les communes du territoire seulement."
        ),
    )
    proof_retention_days = models.PositiveIntegerField(
        _("conservation des preuves de livraison (jours)"),
        default=90,
        validators=[MinValueValidator(7), MaxValueValidator(3650)],
        help_text=_(
            "Après ce délai suivant la commande, ses codes de livraison et de retrait, les signatures et les photos "
            "de livraison sont effacés."
        ),
    )
    address_retention_days = models.PositiveIntegerField(
        _("conservation des adresses des commandes (jours)"),
        default=1095,
        validators=[MinValueValidator(30), MaxValueValidator(3650)],
        help_text=_(
            "Après ce délai suivant la commande, le nom, la rue et le téléphone de son adresse sont effacés ; "
            "la commande reste dans les comptes avec son code postal et sa commune."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "shop_territory"
        verbose_name = _("territoire")
        verbose_name_plural = _("territoires")

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """The territory a user account belongs to: a resident, a merchant, a courier, an agent or a town hall user
    signs in on their territory only. An account without one is the national operator's (a superuser)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="territory_membership"
    )
    territory = models.ForeignKey(Territory, on_delete=models.PROTECT, related_name="memberships")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("appartenance à un territoire")
        verbose_name_plural = _("appartenances aux territoires")

    def __str__(self) -> str:
        return f"{self.user} → {self.territory}"


class Commune(models.Model):
    """A commune of the catchment area, by INSEE code."""

    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="communes")
    insee_code = models.CharField(_("code INSEE"), max_length=5, validators=[insee_code])
    name = models.CharField(_("nom"), max_length=100)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    class Meta:
        db_table = "shop_commune"
        verbose_name = _("commune")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["territory", "insee_code"], name="unique_commune_per_territory")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.insee_code})"


class CommunePostcode(models.Model):
    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="postcodes")
    postcode = models.CharField(_("code postal"), max_length=5, validators=[postcode], db_index=True)

    class Meta:
        db_table = "shop_communepostcode"
        ordering = ["postcode"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "postcode"], name="unique_postcode_per_commune")
        ]

    def __str__(self) -> str:
        return self.postcode


class OrderTerms(models.Model):
    """The municipality's commercial terms an order was sold under, copied onto it when it is placed (in the
    placement's transaction): payouts and refunds read these, so changing the terms never re-prices it."""

    order = models.OneToOneField("order.Order", on_delete=models.CASCADE, related_name="terms")
    commission_rate = models.DecimalField(_("taux de commission"), max_digits=7, decimal_places=6)
    delivery_fee_kept_by = models.CharField(
        _("frais de livraison conservés par"),
        max_length=20,
        choices=[("municipality", _("la commune")), ("merchants", _("les commerçants"))],
    )
    returned_parcel_refund = models.CharField(
        _("remboursement d'un colis non retiré"),
        max_length=20,
        choices=[("goods_only", _("les articles seulement")), ("full", _("les articles et la livraison"))],
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "shop_orderterms"
        verbose_name = _("conditions de la commande")
        verbose_name_plural = _("conditions des commandes")

    def __str__(self) -> str:
        return f"{self.order_id}: {self.commission_rate:%} / {self.delivery_fee_kept_by} / {self.returned_parcel_refund}"


def territory_for_new_row() -> int:
    """The territory a row created without one belongs to: the active one, else the deployment's default."""
    from territory.tenancy import territory_active_id

    active = territory_active_id()
    if active is not None:
        return active
    from territory.selectors import territory_default

    default = territory_default()
    if default is None:
        raise ValidationError(_("Aucun territoire n'existe encore : créez-en un d'abord."))
    return default.pk


def scoped_manager(path: str = "territory", manager_class=models.Manager):
    """The ORM guard of a territory-owned model: filters on the active territory, raises with none active."""
    from territory.guard import guarded_manager

    return guarded_manager(path, manager_class)


class TerritoryOwned(models.Model):
    """A row that belongs to one territory: it carries it, its manager is guarded, the database has a policy."""

    territory = models.ForeignKey(
        Territory, on_delete=models.PROTECT, related_name="+", verbose_name=_("territoire"), editable=False
    )

    objects = scoped_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.territory_id is None:
            self.territory_id = territory_for_new_row()
        super().save(*args, **kwargs)
