"""A resident's mandate to a helper (a counter agent, a town hall agent, a courier on the doorstep) to order on
their behalf, and the log of what each helper did under it, which the resident reads in their account."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from territory.models import TerritoryOwned


class Mandate(TerritoryOwned):
    """Who helps whom, for what, from when until when, and how the resident agreed.

    A mandate is proposed by the helper, then agreed by the resident (a signature on the helper's screen, or the
    code sent to them typed back), and ends when its term passes or when either side revokes it."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("en attente de l'accord")
        ACTIVE = "active", _("en vigueur")
        REVOKED = "revoked", _("révoqué")
        CANCELLED = "cancelled", _("abandonné")

    class Purpose(models.TextChoices):
        ORDERING = "ordering", _("commander en son nom")

    class HelperRole(models.TextChoices):
        COUNTER_AGENT = "counter_agent", _("agent de guichet")
        TOWN_HALL = "town_hall", _("agent de la mairie")
        COURIER = "courier", _("livreur")

    class Consent(models.TextChoices):
        SIGNATURE = "signature", _("signature à l'écran")
        CODE = "code", _("code reçu et redonné")

    # The one declaration of the mandate's life: action → (the status it leaves from, the status it leads to).
    TRANSITIONS = {
        "agree": (Status.PROPOSED, Status.ACTIVE),
        "abandon": (Status.PROPOSED, Status.CANCELLED),
        "revoke": (Status.ACTIVE, Status.REVOKED),
    }

    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="mandates_given",
        verbose_name=_("habitant"),
    )
    helper = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="mandates_held",
        verbose_name=_("aidant"),
    )
    helper_role = models.CharField(_("qualité de l'aidant"), max_length=20, choices=HelperRole.choices)
    helper_place = models.CharField(_("lieu"), max_length=200, blank=True)
    purpose = models.CharField(_("objet"), max_length=20, choices=Purpose.choices, default=Purpose.ORDERING)
    valid_from = models.DateTimeField(_("à partir du"))
    valid_until = models.DateTimeField(_("jusqu'au"))
    status = models.CharField(_("statut"), max_length=20, choices=Status.choices, default=Status.PROPOSED)
    consent = models.CharField(_("accord donné par"), max_length=20, choices=Consent.choices)
    # The resident's signature (an SVG path drawn on the helper's screen), kept as the proof of their agreement.
    signature = models.TextField(blank=True)
    code_hash = models.CharField(max_length=128, blank=True)
    # The clear code, masked with a key derived from SECRET_KEY, only until its e-mail is sent.
    pending_code = models.CharField(max_length=64, blank=True)
    code_expires_at = models.DateTimeField(null=True, blank=True)
    failed_attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    agreed_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("mandat")
        verbose_name_plural = _("mandats")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["helper", "resident", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__gt=models.F("valid_from")),
                name="counter_mandate_term_positive",
            )
        ]

    def __str__(self) -> str:
        return f"{self.helper_id} → {self.resident_id} ({self.status})"

    def can(self, action: str) -> bool:
        return self.status == self.TRANSITIONS[action][0]

    @property
    def awaiting_agreement(self) -> bool:
        return self.can("agree")

    def is_valid(self, *, now=None) -> bool:
        """In force: agreed, not revoked, and within its term."""
        now = now or timezone.now()
        return self.status == self.Status.ACTIVE and self.valid_from <= now < self.valid_until

    @property
    def state_label(self) -> str:
        """What the resident and the helper read: « en vigueur », « expiré », « révoqué »…"""
        if self.status == self.Status.ACTIVE and timezone.now() >= self.valid_until:
            return str(_("expiré"))
        return self.get_status_display()


class HelperAction(TerritoryOwned):
    """One thing a helper did for a resident under a mandate: « helper X for resident Y », shown to the resident."""

    class Kind(models.TextChoices):
        MANDATE_PROPOSED = "mandate_proposed", _("a proposé un mandat")
        MANDATE_AGREED = "mandate_agreed", _("a recueilli votre accord pour le mandat")
        MANDATE_REVOKED = "mandate_revoked", _("a mis fin au mandat")
        ACCOUNT_OPENED = "account_opened", _("a ouvert votre dossier")
        BASKET_CHANGED = "basket_changed", _("a modifié votre panier")
        ORDER_PLACED = "order_placed", _("a passé une commande pour vous")

    # What ``detail`` holds for some kinds, as codes read in the reader's language (``detail_label``).
    BY_RESIDENT, BY_HELPER = "by_resident", "by_helper"

    mandate = models.ForeignKey(Mandate, on_delete=models.CASCADE, related_name="actions")
    helper = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="helper_actions"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    detail = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("action d'un aidant")
        verbose_name_plural = _("actions des aidants")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.helper_id} for {self.resident_id}: {self.kind}"

    @property
    def detail_label(self) -> str:
        """The detail in the reader's language: how the resident agreed, who ended the mandate, or the text."""
        labels = {
            self.BY_RESIDENT: _("par l'habitant"),
            self.BY_HELPER: _("par l'aidant"),
            **dict(Mandate.Consent.choices),
        }
        return str(labels.get(self.detail, self.detail))
