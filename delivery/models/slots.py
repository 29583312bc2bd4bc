"""Home delivery slots: the municipality's weekly templates and dated exceptions, the day's slot rows that bookings
lock, and the bookings themselves (a place held during payment, then the order's)."""

from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.hours import WEEKDAY_CHOICES
from territory.models import TerritoryOwned, scoped_manager

WEEKDAYS = WEEKDAY_CHOICES


class SlotTemplate(TerritoryOwned):
    """A window offered every week on one weekday, with its capacity in parcels and its cut-off: orders are taken
    until ``cutoff_time`` on the slot's day minus ``cutoff_days_before`` days."""

    weekday = models.PositiveSmallIntegerField(_("jour"), choices=WEEKDAYS)
    starts_at = models.TimeField(_("début"))
    ends_at = models.TimeField(_("fin"))
    capacity = models.PositiveSmallIntegerField(_("capacité (colis)"), validators=[MaxValueValidator(10_000)])
    cutoff_days_before = models.PositiveSmallIntegerField(
        _("commandes closes … jours avant"), default=0, validators=[MaxValueValidator(6)]
    )
    cutoff_time = models.TimeField(_("heure limite de commande"))

    class Meta:
        verbose_name = _("créneau hebdomadaire")
        verbose_name_plural = _("créneaux hebdomadaires")
        ordering = ["weekday", "starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["territory", "weekday", "starts_at"], name="delivery_slot_template_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.starts_at:%H:%M}-{self.ends_at:%H:%M}"

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("La fin du créneau doit être après son début.")})
        if (
            self.cutoff_days_before == 0
            and self.cutoff_time
            and self.starts_at
            and self.cutoff_time > self.starts_at
        ):
            # An order taken after the window opened could not be prepared and collected in time.
            raise ValidationError(
                {
                    "cutoff_time": _(
                        "Le jour même, l'heure limite de commande doit précéder le début du créneau."
                    )
                }
            )

    def cutoff_on(self, day: date) -> datetime:
        """When ordering for this window on ``day`` closes."""
        moment = datetime.combine(day - timedelta(days=self.cutoff_days_before), self.cutoff_time)
        return timezone.make_aware(moment)


class SlotException(TerritoryOwned):
    """A dated exception to the weekly templates: no delivery that day (a holiday), or another capacity."""

    day = models.DateField(_("date"))
    closed = models.BooleanField(_("pas de livraison ce jour-là"), default=True)
    capacity = models.PositiveSmallIntegerField(
        _("capacité de chaque créneau (colis)"), null=True, blank=True, validators=[MaxValueValidator(10_000)]
    )
    label = models.CharField(_("motif"), max_length=80, blank=True)

    class Meta:
        verbose_name = _("exception de livraison")
        verbose_name_plural = _("exceptions de livraison")
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(fields=["territory", "day"], name="delivery_slot_exception_unique")
        ]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.label}"


class DeliverySlot(TerritoryOwned):
    """One dated window, materialised when a first place is held in it: the row every hold locks, so that two
    payments never both take its last place. Its day and window are what the order was booked under."""

    day = models.DateField(_("jour"))
    starts_at = models.TimeField(_("début"))
    ends_at = models.TimeField(_("fin"))

    class Meta:
        verbose_name = _("créneau de livraison")
        verbose_name_plural = _("créneaux de livraison")
        ordering = ["day", "starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["territory", "day", "starts_at"], name="delivery_slot_unique")
        ]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.starts_at:%H:%M}-{self.ends_at:%H:%M}"

    @property
    def window(self) -> tuple[time, time]:
        return self.starts_at, self.ends_at


class SlotBooking(models.Model):
    """A place in a slot: held by a payment attempt while it is paid, the order's once placed, released when the
    payment fails or is abandoned. A place counts while it is not released and its order is placed or its
    attempt still pending within its hold."""

    slot = models.ForeignKey(DeliverySlot, on_delete=models.PROTECT, related_name="bookings")
    attempt = models.OneToOneField(
        "payments.PaymentAttempt",
        on_delete=models.CASCADE,
        related_name="slot_booking",
        null=True,
        blank=True,
    )
    order = models.OneToOneField(
        "order.Order", on_delete=models.PROTECT, related_name="slot_booking", null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    released_at = models.DateTimeField(null=True, blank=True)

    objects = scoped_manager("slot__territory")

    class Meta:
        verbose_name = _("réservation de créneau")
        verbose_name_plural = _("réservations de créneau")
        indexes = [models.Index(fields=["slot", "released_at"])]

    def __str__(self) -> str:
        return f"{self.slot} ({self.order_id or self.attempt_id})"
