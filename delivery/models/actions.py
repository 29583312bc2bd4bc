"""What the courier did on a round, one row per action, keyed by the id the courier's device made for it (so a
replayed action is applied once); the home-delivery code the resident gives at the door; and the delivery
e-mails each action records, sent once by a task."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from territory.models import TerritoryOwned


class FailReason(models.TextChoices):
    ABSENT = "absent", _("Destinataire absent")
    REFUSED = "refused", _("Colis refusé")
    ADDRESS_NOT_FOUND = "address_not_found", _("Adresse introuvable")
    ACCESS_IMPOSSIBLE = "access_impossible", _("Accès impossible")


class CourierAction(TerritoryOwned):
    """One action of the courier, applied once: replaying its id returns the result recorded here."""

    class Kind(models.TextChoices):
        START = "start", _("Tournée démarrée")
        COLLECT = "collect", _("Colis enlevé")
        DELIVER = "deliver", _("Colis livré")
        DROP = "drop", _("Colis déposé au point de contact")
        FAIL = "fail", _("Livraison impossible")
        BREAK = "break", _("Pause faite")
        FINISH = "finish", _("Tournée terminée")

    class Proof(models.TextChoices):
        NONE = "", _("Aucune")
        TAP = "tap", _("Confirmé à l'écran")
        SCAN = "scan", _("Étiquette scannée")
        CODE = "code", _("Code du destinataire")
        SIGNATURE = "signature", _("Nom et signature")
        PHOTO = "photo", _("Photo")

    # Made by the courier's browser (or by the server for a form sent without JavaScript).
    id = models.UUIDField(primary_key=True)
    round = models.ForeignKey("delivery.Round", on_delete=models.CASCADE, related_name="actions")
    stop = models.ForeignKey(
        "delivery.Stop", on_delete=models.CASCADE, null=True, blank=True, related_name="actions"
    )
    kind = models.CharField(_("action"), max_length=20, choices=Kind.choices)
    proof = models.CharField(_("preuve"), max_length=20, choices=Proof.choices, blank=True)
    reason = models.CharField(_("motif"), max_length=30, choices=FailReason.choices, blank=True)
    recipient_name = models.CharField(_("nom du destinataire"), max_length=120, blank=True)
    scanned = models.CharField(_("code lu"), max_length=200, blank=True)
    signature = models.FileField(_("signature"), upload_to="delivery/signatures/%Y/%m/", blank=True)
    photo = models.FileField(_("photo"), upload_to="delivery/photos/%Y/%m/", blank=True)
    message = models.CharField(max_length=300, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("action du livreur")
        verbose_name_plural = _("actions du livreur")
        ordering = ["at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.pk})"


class DeliveryCode(TerritoryOwned):
    """The short code a home-delivery resident gives the courier. A keyed hash checks it; the code itself waits
    masked (SECRET_KEY-derived pad) so the resident's order page and e-mail can show it until delivery."""

    order = models.OneToOneField("order.Order", on_delete=models.CASCADE, related_name="delivery_code")
    code_hash = models.CharField(max_length=128)
    sealed = models.CharField(max_length=64)
    failed_attempts = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("code de livraison")
        verbose_name_plural = _("codes de livraison")

    def __str__(self) -> str:
        return str(self.order_id)


class DeliveryNotice(TerritoryOwned):
    """An e-mail to the resident that an action calls for, recorded in the action's transaction and sent once."""

    class Kind(models.TextChoices):
        OUT_FOR_DELIVERY = "out_for_delivery", _("En cours de livraison")
        DELIVERED = "delivered", _("Livrée")
        FAILED = "failed", _("Livraison impossible")

    order = models.ForeignKey("order.Order", on_delete=models.CASCADE, related_name="delivery_notices")
    stop = models.ForeignKey("delivery.Stop", on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("avis de livraison")
        verbose_name_plural = _("avis de livraison")
        constraints = [models.UniqueConstraint(fields=["stop", "kind"], name="one_notice_per_stop_and_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.order_id}"
