from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from territory.models import TerritoryOwned, scoped_manager


class PaymentAttempt(TerritoryOwned):
    """One checkout paid by one Stripe PaymentIntent: the frozen checkout it pays for, and the order it became.

    The order is placed from this record, once, by whichever comes first of the browser's return and the
    signed ``payment_intent.succeeded`` webhook."""

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente du paiement")
        SUCCEEDED = "succeeded", _("Payé, commande passée")
        FAILED = "failed", _("Paiement refusé")
        REFUNDED = "refunded", _("Payé puis remboursé (stock épuisé)")
        EXPIRED = "expired", _("Abandonné")

    basket = models.ForeignKey("basket.Basket", on_delete=models.PROTECT, related_name="payment_attempts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True)
    # Oscar's number for the basket, kept by a retry after a declined card: a basket's attempts share it, and
    # only one of them at a time is pending or paid.
    order_number = models.CharField(_("numéro de commande"), max_length=128, db_index=True)
    payment_intent_id = models.CharField(max_length=255, unique=True, null=True, blank=True)
    client_secret = models.CharField(max_length=255, blank=True)
    amount = models.DecimalField(_("montant TTC"), max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3, default="EUR")
    # Everything Oscar needs to place the order without the browser's session: shipping address fields,
    # shipping method code, pickup point, totals.
    checkout = models.JSONField(default=dict)
    status = models.CharField(_("statut"), max_length=20, choices=Status.choices, default=Status.PENDING)
    failure_message = models.CharField(max_length=255, blank=True)
    order = models.OneToOneField(
        "order.Order", on_delete=models.PROTECT, null=True, blank=True, related_name="payment_attempt"
    )
    stock_held_until = models.DateTimeField(null=True, blank=True, db_index=True)
    # When the resident was told the outcome (order confirmation, or refund after a lost race).
    resident_notified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        # The tables keep the names the shop app gave them (only Django's state moved, in migration 0001).
        db_table = "shop_paymentattempt"
        verbose_name = _("tentative de paiement")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["order_number"],
                condition=models.Q(status__in=["pending", "succeeded"]),
                name="payment_attempt_live_number_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.order_number} ({self.get_status_display()})"


class StockHold(models.Model):
    """Units set aside for a checkout while it is being paid; released when it fails or times out."""

    attempt = models.ForeignKey(PaymentAttempt, on_delete=models.CASCADE, related_name="stock_holds")
    stockrecord = models.ForeignKey("partner.StockRecord", on_delete=models.CASCADE, related_name="holds")
    quantity = models.PositiveIntegerField()
    released_at = models.DateTimeField(null=True, blank=True)

    objects = scoped_manager("attempt__territory")

    class Meta:
        db_table = "shop_stockhold"
        indexes = [models.Index(fields=["stockrecord", "released_at"])]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.stockrecord_id} for {self.attempt_id}"


class StripeEvent(models.Model):
    """Each webhook event once, by Stripe's id: a replayed or duplicated event changes nothing twice."""

    event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100)
    payload = models.JSONField()
    received_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "shop_stripeevent"

    def __str__(self) -> str:
        return f"{self.event_id} {self.type}"


class Refund(models.Model):
    """A refund to make through Stripe: recorded with its cause in the same transaction, sent by a task."""

    class Reason(models.TextChoices):
        LINE_UNAVAILABLE = "line_unavailable", _("Article indisponible")
        CANCELLED = "cancelled", _("Commande annulée avant préparation")
        PARCEL_RETURNED = "parcel_returned", _("Colis non retiré, retourné")
        OUT_OF_STOCK = "out_of_stock", _("Stock épuisé après paiement")
        PAYMENT_UNUSED = "payment_unused", _("Paiement sans commande (panier déjà commandé ou modifié)")

    order = models.ForeignKey(
        "order.Order", on_delete=models.PROTECT, null=True, blank=True, related_name="refunds"
    )
    attempt = models.ForeignKey(PaymentAttempt, on_delete=models.PROTECT, related_name="refunds")
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    reason = models.CharField(max_length=30, choices=Reason.choices)
    idempotency_key = models.CharField(max_length=255, unique=True)
    stripe_refund_id = models.CharField(max_length=255, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = scoped_manager("attempt__territory")

    class Meta:
        db_table = "shop_refund"

    def __str__(self) -> str:
        return f"{self.amount} € ({self.get_reason_display()})"
