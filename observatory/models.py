"""What the observatory keeps: facts (one row per shop's part of an order, and one per round), fed by the shop
from the orders, refunds, payouts and rounds; rollups (each indicator's table for one period, before and after
statistical secrecy), refreshed from the facts; the merchants' consent to appear by name.

Facts carry no name, address or e-mail: a resident is a keyed hash, only ever counted."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from territory.models import TerritoryOwned


class Mode(models.TextChoices):
    HOME = "home", _("Livraison à domicile")
    POINT = "point", _("Point de contact")
    SHOP = "shop", _("Retrait en boutique")


class Outcome(models.TextChoices):
    ON_TIME = "on_time", _("À l'heure")
    LATE = "late", _("En retard")
    FAILED = "failed", _("Échec")


class Fact(TerritoryOwned):
    """One merchant's part of one order, as the observatory counts it."""

    order_id = models.BigIntegerField(db_index=True)
    merchant_id = models.BigIntegerField()
    sector = models.CharField(max_length=30)
    day = models.DateField()
    hour = models.PositiveSmallIntegerField()
    weekday = models.PositiveSmallIntegerField()  # 0 = Monday
    commune_id = models.BigIntegerField(null=True)  # None: outside the catchment area
    mode = models.CharField(max_length=10, choices=Mode.choices)
    contact_point_id = models.BigIntegerField(null=True)
    resident = models.CharField(max_length=32)
    revenue = models.DecimalField(max_digits=12, decimal_places=2)  # kept lines, VAT included
    refunded = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    paid = models.DecimalField(max_digits=12, decimal_places=2, default=0)  # paid out to the merchant
    commission = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["order_id", "merchant_id"], name="one_fact_per_part")]
        indexes = [
            models.Index(fields=["territory", "day"]),
            models.Index(fields=["territory", "resident", "day"]),
            models.Index(fields=["merchant_id", "day"]),
        ]


class RoundFact(TerritoryOwned):
    """One delivery round done: its vehicle's kind, its kilometres and the parcels it delivered or dropped."""

    round_id = models.BigIntegerField(unique=True)
    day = models.DateField()
    vehicle_kind = models.CharField(max_length=20)
    km = models.DecimalField(max_digits=9, decimal_places=2)
    parcels = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["territory", "day"])]


class Rollup(TerritoryOwned):
    """One indicator's table for one period: the cube (every cell's value, each merchant's share, its residents
    and orders) and the same table after statistical secrecy, as the pages and exports read it."""

    kind = models.CharField(max_length=5)
    start = models.DateField()
    table = models.CharField(max_length=20)
    cube = models.JSONField()
    published = models.JSONField()
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["territory", "kind", "start", "table"], name="one_rollup_per_table"
            )
        ]


class RefreshState(TerritoryOwned):
    """Where the incremental refresh of a territory's facts got to."""

    watermark = models.DateTimeField(null=True)
    refreshed_at = models.DateTimeField(null=True)
    last_seconds = models.FloatField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["territory"], name="one_refresh_state_per_territory")]


class NamedConsent(TerritoryOwned):
    """A merchant's agreement that the observatory shows their own figures by name (withdrawn: the row goes)."""

    merchant_id = models.BigIntegerField(unique=True)
    agreed_at = models.DateTimeField(auto_now_add=True)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("accord pour être nommé dans l'observatoire")
        verbose_name_plural = _("accords pour être nommés dans l'observatoire")
