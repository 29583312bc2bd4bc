from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.text import html_sanitise
from territory.models import TerritoryOwned, scoped_manager
from territory.models import postcode as postcode_validator

from .validators import validate_siret


class Sector(models.TextChoices):
    BAKERY = "boulangerie", _("Boulangerie-pâtisserie")
    BUTCHER = "boucherie", _("Boucherie-charcuterie")
    CHEESE = "fromagerie", _("Fromagerie")
    GREENGROCER = "primeur", _("Primeur")
    FISHMONGER = "poissonnerie", _("Poissonnerie")
    BOOKSHOP = "librairie", _("Librairie")
    FLORIST = "fleuriste", _("Fleuriste")
    HARDWARE = "quincaillerie", _("Quincaillerie")
    WINE = "caviste", _("Caviste")
    DELICATESSEN = "epicerie_fine", _("Épicerie fine")
    CHOCOLATE = "chocolatier", _("Chocolatier")
    CATERER = "traiteur", _("Traiteur")
    COFFEE = "torrefacteur", _("Torréfacteur")
    TOYS = "jouets", _("Jouets")
    CLOTHING = "pret_a_porter", _("Prêt-à-porter")
    DRUGSTORE = "droguerie", _("Droguerie")
    GARDEN = "jardinerie", _("Jardinerie")
    ORGANIC = "bio", _("Épicerie bio")
    STATIONERY = "papeterie", _("Papeterie")
    HONEY = "producteur", _("Producteur local")


class Merchant(TerritoryOwned):
    """A local shop selling on the marketplace; its catalogue's stock records belong to its Partner."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("Candidature")
        APPROVED = "approved", _("Approuvé")
        REJECTED = "rejected", _("Refusé")
        SUSPENDED = "suspended", _("Suspendu")

    partner = models.OneToOneField("partner.Partner", on_delete=models.PROTECT, related_name="merchant")
    slug = models.SlugField(_("identifiant d'adresse"), max_length=120, unique=True)
    trade_name = models.CharField(_("enseigne"), max_length=120)
    legal_name = models.CharField(_("raison sociale"), max_length=200)
    siret = models.CharField(_("SIRET"), max_length=14, unique=True, validators=[validate_siret])
    sector = models.CharField(_("secteur"), max_length=30, choices=Sector.choices)
    address_line1 = models.CharField(_("adresse"), max_length=200)
    address_line2 = models.CharField(_("complément d'adresse"), max_length=200, blank=True)
    postcode = models.CharField(_("code postal"), max_length=5, validators=[postcode_validator])
    city = models.CharField(_("commune"), max_length=100)
    insee_code = models.CharField(_("code INSEE"), max_length=5, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    phone = models.CharField(_("téléphone"), max_length=20, blank=True)
    email = models.EmailField(_("courriel"), blank=True)
    description = models.TextField(_("présentation"), blank=True)
    photo = models.ImageField(_("photo"), upload_to="merchants/", blank=True)
    # Shown beside the shop's name wherever a basket or an order is grouped by shop (merchants.storefront).
    logo = models.ImageField(_("logo"), upload_to="merchants/logos/", blank=True)
    status = models.CharField(_("statut"), max_length=20, choices=Status.choices, default=Status.APPLIED)
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merchant_applications",
        verbose_name=_("candidat"),
    )
    rejection_reason = models.TextField(_("motif du refus"), blank=True)
    reviewed_at = models.DateTimeField(_("examinée le"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("examinée par"),
    )
    municipality_notified_at = models.DateTimeField(null=True, blank=True)
    decision_notified_at = models.DateTimeField(null=True, blank=True)
    notify_each_order = models.BooleanField(_("un courriel à chaque nouvelle commande"), default=True)
    daily_digest = models.BooleanField(_("un récapitulatif chaque matin"), default=False)
    digest_sent_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("commerçant")
        verbose_name_plural = _("commerçants")
        ordering = ["trade_name"]
        indexes = [models.Index(fields=["status", "trade_name"])]

    def __str__(self) -> str:
        return self.trade_name

    def save(self, *args, **kwargs):
        # The merchant's page shows the presentation as rich text: whoever writes it (application, admin),
        # it is stored through the allowlist.
        self.description = html_sanitise(self.description)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("merchants:detail", kwargs={"slug": self.slug})

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED

    @property
    def full_address(self) -> str:
        parts = [self.address_line1, self.address_line2, f"{self.postcode} {self.city}"]
        return ", ".join(part for part in parts if part)


class OpeningHours(models.Model):
    """One opening range of a weekday; a day may have several (morning and afternoon)."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("lundi")
        TUESDAY = 1, _("mardi")
        WEDNESDAY = 2, _("mercredi")
        THURSDAY = 3, _("jeudi")
        FRIDAY = 4, _("vendredi")
        SATURDAY = 5, _("samedi")
        SUNDAY = 6, _("dimanche")

    merchant = models.ForeignKey(Merchant, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(_("jour"), choices=Weekday.choices)
    opens_at = models.TimeField(_("ouverture"))
    closes_at = models.TimeField(_("fermeture"))

    objects = scoped_manager("merchant__territory")

    class Meta:
        verbose_name = _("horaire d'ouverture")
        verbose_name_plural = _("horaires d'ouverture")
        ordering = ["weekday", "opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")), name="opening_range_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens_at:%H:%M}–{self.closes_at:%H:%M}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError(_("L'heure de fermeture doit suivre l'heure d'ouverture."))


class Fulfilment(models.Model):
    """One order's lines of one merchant, prepared by that merchant."""

    class Status(models.TextChoices):
        NEW = "new", _("Nouvelle")
        ACCEPTED = "accepted", _("Acceptée")
        READY = "ready", _("Prête")
        HANDED_OVER = "handed_over", _("Remise au livreur")
        DELIVERED = "delivered", _("Livrée")
        CANCELLED = "cancelled", _("Annulée")

    # The statuses in which the merchant still has the part at the shop: a line may still be declared
    # unavailable, and a contact-point parcel waiting for this part is not complete.
    PREPARING = (Status.NEW, Status.ACCEPTED, Status.READY)
    # The one declaration of the workflow: action → (the statuses it leaves from, the status it leads to).
    # The services check it; views and templates read it through ``can`` and ``allowed_actions``.
    TRANSITIONS = {
        "accept": ((Status.NEW,), Status.ACCEPTED),
        "mark_ready": ((Status.ACCEPTED,), Status.READY),
        "hand_over": ((Status.READY,), Status.HANDED_OVER),
        "mark_delivered": ((Status.HANDED_OVER,), Status.DELIVERED),
        "cancel": (PREPARING, Status.CANCELLED),
    }

    order = models.ForeignKey("order.Order", on_delete=models.PROTECT, related_name="fulfilments")
    merchant = models.ForeignKey(Merchant, on_delete=models.PROTECT, related_name="fulfilments")
    # The delivery round's pass at the shop, or the resident's earliest visit for click-and-collect.
    collection_at = models.DateTimeField(_("enlèvement prévu"), null=True, blank=True)
    lines = models.ManyToManyField("order.Line", related_name="fulfilments")
    status = models.CharField(_("statut"), max_length=20, choices=Status.choices, default=Status.NEW)
    merchant_notified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = scoped_manager("merchant__territory")

    class Meta:
        verbose_name = _("préparation")
        verbose_name_plural = _("préparations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["order", "merchant"], name="one_fulfilment_per_merchant")
        ]

    def __str__(self) -> str:
        return f"{self.order.number} — {self.merchant}"

    def can(self, action: str) -> bool:
        """Whether the workflow allows ``action`` from the current status."""
        sources, _target = self.TRANSITIONS[action]
        return self.status in sources

    @property
    def allowed_actions(self) -> frozenset[str]:
        return frozenset(action for action in self.TRANSITIONS if self.can(action))

    @property
    def is_preparing(self) -> bool:
        return self.status in self.PREPARING

    @property
    def collected_by_resident(self) -> bool:
        return self.order.shipping_code == "click-and-collect"

    @property
    def collection_label(self) -> str:
        if self.collected_by_resident:
            return _("Retrait par le client à partir du")
        return _("Enlèvement par la tournée")


class PayoutAccount(models.Model):
    """The merchant's Stripe Connect Express account."""

    merchant = models.OneToOneField(Merchant, on_delete=models.CASCADE, related_name="payout_account")
    stripe_account_id = models.CharField(max_length=255, unique=True)
    payouts_enabled = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = scoped_manager("merchant__territory")

    def __str__(self) -> str:
        return f"{self.merchant} → {self.stripe_account_id}"


class Payout(models.Model):
    """A merchant's share of one order, to transfer once: written with the state change that earns it, sent
    by a retried task with an idempotency key per (order, merchant)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("À verser")
        SENT = "sent", _("Versé")
        FAILED = "failed", _("En échec, nouvel essai prévu")

    order = models.ForeignKey("order.Order", on_delete=models.PROTECT, related_name="payouts")
    merchant = models.ForeignKey(Merchant, on_delete=models.PROTECT, related_name="payouts")
    gross = models.DecimalField(_("ventes livrées TTC"), max_digits=12, decimal_places=2)
    refunded = models.DecimalField(_("remboursé"), max_digits=12, decimal_places=2, default=0)
    commission = models.DecimalField(_("commission"), max_digits=12, decimal_places=2)
    amount = models.DecimalField(_("net versé"), max_digits=12, decimal_places=2)
    idempotency_key = models.CharField(max_length=255, unique=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    stripe_transfer_id = models.CharField(max_length=255, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = scoped_manager("merchant__territory")

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["order", "merchant"], name="one_payout_per_order_and_merchant")
        ]

    def __str__(self) -> str:
        return f"{self.order.number} → {self.merchant}: {self.amount} €"


class CatalogueImport(models.Model):
    """One CSV file of a merchant's catalogue, imported by a background task; its progress and its report."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("En attente")
        RUNNING = "running", _("En cours")
        DONE = "done", _("Terminé")
        FAILED = "failed", _("Échec")

    merchant = models.ForeignKey(Merchant, on_delete=models.CASCADE, related_name="catalogue_imports")
    file = models.FileField(_("fichier"), upload_to="merchants/imports/%Y/%m/")
    images_archive = models.FileField(
        _("archive de photos"), upload_to="merchants/imports/%Y/%m/", blank=True
    )
    original_name = models.CharField(_("nom du fichier"), max_length=255, blank=True)
    status = models.CharField(_("statut"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    total_rows = models.PositiveIntegerField(_("lignes"), default=0)
    processed_rows = models.PositiveIntegerField(_("lignes traitées"), default=0)
    created = models.PositiveIntegerField(_("produits créés"), default=0)
    updated = models.PositiveIntegerField(_("produits mis à jour"), default=0)
    rejected = models.JSONField(_("lignes rejetées"), default=list, blank=True)
    warnings = models.JSONField(_("avertissements"), default=list, blank=True)
    error = models.CharField(_("erreur"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = scoped_manager("merchant__territory")

    class Meta:
        verbose_name = _("import de catalogue")
        verbose_name_plural = _("imports de catalogue")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.merchant} — {self.original_name or self.file.name}"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.total_rows:
            return 0
        return min(100, self.processed_rows * 100 // self.total_rows)

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


from .food_information import FoodInformation  # noqa: E402, F401  (registers the model)
