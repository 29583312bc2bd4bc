"""The municipality's home-delivery fees beyond the flat fee (Territory.home_delivery_fee): free above a basket
amount, the social tariff, a surcharge per commune, and the residents it marked eligible for the social tariff."""

from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from territory.models import Commune, TerritoryOwned, scoped_manager


class FeePolicy(TerritoryOwned):
    """One per territory; left absent or empty, delivery is never free and there is no social tariff."""

    free_above = models.DecimalField(
        _("livraison offerte à partir de (€ TTC de panier)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    social_fee = models.DecimalField(
        _("tarif social de la livraison TTC (€)"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1000)],
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("tarifs de livraison")
        verbose_name_plural = _("tarifs de livraison")
        constraints = [models.UniqueConstraint(fields=["territory"], name="delivery_fee_policy_unique")]

    def __str__(self) -> str:
        return f"{self.territory_id}: {self.free_above} / {self.social_fee}"


class CommuneSurcharge(models.Model):
    """What delivering to one commune of the catchment area costs on top of the fee."""

    commune = models.OneToOneField(Commune, on_delete=models.CASCADE, related_name="delivery_surcharge")
    amount = models.DecimalField(
        _("supplément TTC (€)"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(1000)],
    )

    objects = scoped_manager("commune__territory")

    class Meta:
        verbose_name = _("supplément de livraison d'une commune")
        verbose_name_plural = _("suppléments de livraison des communes")

    def __str__(self) -> str:
        return f"{self.commune_id}: {self.amount}"


class SocialTariff(TerritoryOwned):
    """A resident the municipality marked eligible for the social tariff: who marked, when, until when; unmarking
    keeps the record (who and when) rather than deleting it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="social_tariffs"
    )
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("marqué par")
    )
    marked_at = models.DateTimeField(_("marqué le"), auto_now_add=True)
    ends_on = models.DateField(_("jusqu'au"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    revoked_at = models.DateTimeField(_("retiré le"), null=True, blank=True)

    class Meta:
        verbose_name = _("bénéficiaire du tarif social")
        verbose_name_plural = _("bénéficiaires du tarif social")
        ordering = ["-marked_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["territory", "user"],
                condition=models.Q(revoked_at__isnull=True),
                name="delivery_social_tariff_one_live",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} ({self.marked_at:%d/%m/%Y})"

    def is_active_on(self, day: date) -> bool:
        return self.revoked_at is None and (self.ends_on is None or self.ends_on >= day)


class OrderDeliveryFee(models.Model):
    """How an order's home-delivery fee was set when it was placed (its amount is Oscar's shipping charge): on the
    flat fee, the social tariff or free, and the commune's surcharge in it. Later changes never rewrite it."""

    class Basis(models.TextChoices):
        FLAT = "flat", _("forfait")
        SOCIAL = "social", _("tarif social")
        FREE = "free", _("offerte")

    order = models.OneToOneField("order.Order", on_delete=models.CASCADE, related_name="delivery_fee")
    basis = models.CharField(_("base"), max_length=10, choices=Basis.choices)
    surcharge = models.DecimalField(
        _("dont supplément de la commune TTC (€)"), max_digits=6, decimal_places=2
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = scoped_manager("order__territory")

    class Meta:
        verbose_name = _("frais de livraison de la commande")
        verbose_name_plural = _("frais de livraison des commandes")

    def __str__(self) -> str:
        return f"{self.order_id}: {self.basis} (+{self.surcharge})"
