from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.hours import WEEKDAY_CHOICES
from territory.models import TerritoryOwned, scoped_manager


class PointCategory(models.TextChoices):
    """What La Poste's many type labels mean for the resident and for retention."""

    POST_OFFICE = "bureau", _("Bureau de poste")
    POSTAL_AGENCY = "agence", _("Agence postale")
    RELAY = "relais", _("Relais poste")
    OTHER = "autre", _("Autre point")


def category_of(type_label: str) -> str:
    """Maps La Poste's label (2020 or current export, or one never seen) to a category."""
    label = (type_label or "").lower()
    if "bureau" in label:
        return PointCategory.POST_OFFICE
    if "agence" in label:
        return PointCategory.POSTAL_AGENCY
    if "relais" in label or "commer" in label:
        return PointCategory.RELAY
    return PointCategory.OTHER


class ContactPoint(models.Model):
    """A La Poste contact point (bureau de poste, agence postale, relais poste), by La Poste's site id.

    Never deleted: a point no longer listed is made inactive, and past orders keep it."""

    site_id = models.CharField(_("identifiant La Poste"), max_length=20, unique=True)
    name = models.CharField(_("nom"), max_length=200)
    type = models.CharField(_("type"), max_length=100)
    category = models.CharField(_("catégorie"), max_length=10, choices=PointCategory.choices, db_index=True)
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
    is_active = models.BooleanField(_("actif"), default=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("point de contact")
        verbose_name_plural = _("points de contact")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.postcode} {self.city})"

    def save(self, *args, **kwargs):
        self.category = category_of(self.type)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "category"}
        super().save(*args, **kwargs)

    @property
    def full_address(self) -> str:
        parts = [self.address, self.address_complement, self.locality, f"{self.postcode} {self.city}"]
        return ", ".join(part for part in parts if part)


class IndexState(models.Model):
    """One row whose version goes up with every change to the points, so every process rebuilds its
    in-memory nearest-point index without a restart."""

    version = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"version {self.version}"


class WeeklyOpening(models.Model):
    """One opening range of a weekday at a point; up to two a day (morning, afternoon)."""

    contact_point = models.ForeignKey(ContactPoint, on_delete=models.CASCADE, related_name="weekly_openings")
    weekday = models.PositiveSmallIntegerField(
        _("jour"),
        choices=WEEKDAY_CHOICES,
    )
    opens_at = models.TimeField(_("ouverture"))
    closes_at = models.TimeField(_("fermeture"))

    class Meta:
        verbose_name = _("horaire hebdomadaire")
        ordering = ["contact_point", "weekday", "opens_at"]
        indexes = [models.Index(fields=["contact_point", "weekday"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")), name="weekly_range_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens_at:%H:%M}–{self.closes_at:%H:%M}"


class OpeningException(models.Model):
    """A dated exception to the weekly hours: a closure (holiday, works) or special hours that day."""

    contact_point = models.ForeignKey(
        ContactPoint, on_delete=models.CASCADE, related_name="opening_exceptions"
    )
    date = models.DateField(_("date"))
    is_closed = models.BooleanField(_("fermé toute la journée"), default=True)
    label = models.CharField(_("motif"), max_length=120, blank=True)
    opens_at = models.TimeField(_("ouverture"), null=True, blank=True)
    closes_at = models.TimeField(_("fermeture"), null=True, blank=True)
    second_opens_at = models.TimeField(_("réouverture"), null=True, blank=True)
    second_closes_at = models.TimeField(_("seconde fermeture"), null=True, blank=True)

    class Meta:
        verbose_name = _("exception d'ouverture")
        ordering = ["contact_point", "date"]
        constraints = [
            models.UniqueConstraint(fields=["contact_point", "date"], name="one_exception_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.label or ('fermé' if self.is_closed else 'horaires spéciaux')}"


class RetentionPolicy(TerritoryOwned):
    """How long a parcel waits at a point of a category before it goes back; set by the municipality."""

    category = models.CharField(_("catégorie de point"), max_length=10, choices=PointCategory.choices)
    days = models.PositiveSmallIntegerField(_("durée de garde (jours)"))
    reminder_days_before = models.PositiveSmallIntegerField(_("rappel (jours avant la fin)"), default=2)

    class Meta:
        verbose_name = _("durée de garde")
        verbose_name_plural = _("durées de garde")
        constraints = [
            models.UniqueConstraint(fields=["territory", "category"], name="unique_retention_per_territory")
        ]

    DEFAULT_DAYS = {
        PointCategory.POST_OFFICE: 14,
        PointCategory.POSTAL_AGENCY: 14,
        PointCategory.RELAY: 8,
        PointCategory.OTHER: 8,
    }

    def __str__(self) -> str:
        return f"{self.get_category_display()} : {self.days} j"


class CounterAgent(TerritoryOwned):
    """A counter agent works at one contact point and sees only its parcels."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="counter_agent"
    )
    contact_point = models.ForeignKey(ContactPoint, on_delete=models.PROTECT, related_name="agents")

    class Meta:
        verbose_name = _("agent de guichet")
        verbose_name_plural = _("agents de guichet")

    def __str__(self) -> str:
        return f"{self.user} @ {self.contact_point.site_id}"


class OrderPickup(models.Model):
    """The contact point chosen at checkout, with a copy of what the order must keep saying about it."""

    order = models.OneToOneField("order.Order", on_delete=models.CASCADE, related_name="pickup")
    contact_point = models.ForeignKey(ContactPoint, on_delete=models.PROTECT, related_name="order_pickups")
    point_name = models.CharField(_("nom du point"), max_length=200)
    point_type = models.CharField(_("type du point"), max_length=100)
    point_address = models.CharField(_("adresse du point"), max_length=400)
    point_postcode = models.CharField(_("code postal du point"), max_length=5)
    point_city = models.CharField(_("localité du point"), max_length=100)
    distance_m = models.PositiveIntegerField(_("distance depuis l'adresse (m)"), null=True, blank=True)

    objects = scoped_manager("order__territory")

    class Meta:
        verbose_name = _("retrait en point de contact")

    def __str__(self) -> str:
        return f"{self.order.number} → {self.point_name}"


class Parcel(models.Model):
    """An order's parcel at a contact point, from its announcement to its hand-over or return."""

    class Status(models.TextChoices):
        AWAITING = "awaiting", _("En attente d'arrivée")
        READY = "ready", _("Disponible au retrait")
        COLLECTED = "collected", _("Retiré")
        EXPIRED = "expired", _("Délai de garde dépassé")
        RETURNED = "returned", _("Retourné au commerçant")
        CANCELLED = "cancelled", _("Annulé")

    # The one declaration of the parcel's life: action → (the status it leaves from, the status it leads to).
    # The services check it; the counter pages read it through ``can`` and ``allowed_actions``.
    TRANSITIONS = {
        "mark_ready": (Status.AWAITING, Status.READY),
        "hand_over": (Status.READY, Status.COLLECTED),
        "expire": (Status.READY, Status.EXPIRED),
        "return_to_merchant": (Status.EXPIRED, Status.RETURNED),
        # The order was cancelled, or nothing of it is left to deliver, before the parcel came.
        "cancel": (Status.AWAITING, Status.CANCELLED),
    }

    order = models.OneToOneField("order.Order", on_delete=models.PROTECT, related_name="parcel")
    contact_point = models.ForeignKey(ContactPoint, on_delete=models.PROTECT, related_name="parcels")
    status = models.CharField(_("statut"), max_length=20, choices=Status.choices, default=Status.AWAITING)
    code_hash = models.CharField(max_length=128, blank=True)
    # The clear code, masked with a key derived from SECRET_KEY, only until the "ready" message is sent.
    pending_code = models.CharField(max_length=64, blank=True)
    ready_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True, db_index=True)
    collected_at = models.DateTimeField(null=True, blank=True)
    expired_at = models.DateTimeField(null=True, blank=True)
    returned_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    ready_notified_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    failed_attempts = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = scoped_manager("order__territory")

    class Meta:
        verbose_name = _("colis")
        verbose_name_plural = _("colis")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["contact_point", "status"])]

    def __str__(self) -> str:
        return f"{self.order.number} @ {self.contact_point.site_id}"

    def can(self, action: str) -> bool:
        """Whether the parcel's life allows ``action`` from its current status."""
        return self.status == self.TRANSITIONS[action][0]

    @property
    def allowed_actions(self) -> frozenset[str]:
        return frozenset(action for action in self.TRANSITIONS if self.can(action))

    @property
    def parts(self) -> list:
        """The shops' parts of the order (its fulfilments, cancelled ones left out), merchant's name order.

        Reads ``order.fulfilments`` through the prefetch cache when the caller prefetched it."""
        parts = [part for part in self.order.fulfilments.all() if part.status != part.Status.CANCELLED]
        return sorted(parts, key=lambda part: (part.merchant.trade_name, part.pk))

    @property
    def parts_missing(self) -> list:
        """The parts still at their shop, not yet handed to the round: the parcel is not complete without them."""
        return [part for part in self.parts if part.is_preparing]


class ParcelEvent(models.Model):
    """Every status change of a parcel: who, when, from what to what."""

    parcel = models.ForeignKey(Parcel, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    note = models.CharField(max_length=255, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    objects = scoped_manager("parcel__order__territory")

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.parcel_id}: {self.from_status} → {self.to_status}"


class CodeAttempt(models.Model):
    """Each code typed at the counter for a parcel, right or wrong."""

    parcel = models.ForeignKey(Parcel, on_delete=models.CASCADE, related_name="code_attempts")
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    succeeded = models.BooleanField()
    refused_locked = models.BooleanField(default=False)
    at = models.DateTimeField(auto_now_add=True)

    objects = scoped_manager("parcel__order__territory")

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.parcel_id}: {'ok' if self.succeeded else 'refusé'}"
