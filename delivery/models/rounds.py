"""The delivery rounds: the territory's vehicles and couriers, and each day's planned rounds with their stops.

A parcel is one merchant's part of an order (a ``merchants.Fulfilment``): a round collects it at the shop and
delivers it at the resident's home or drops it at the order's contact point. A planning run keeps what it could not
place, with the reason, for the dispatcher."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from delivery.models.actions import FailReason
from territory.models import TerritoryOwned, scoped_manager


class VehicleKind(models.TextChoices):
    CARGO_BIKE = "cargo_bike", _("Vélo cargo")
    ELECTRIC_VAN = "electric_van", _("Utilitaire électrique")
    CAR = "car", _("Voiture")


class Vehicle(TerritoryOwned):
    name = models.CharField(_("nom"), max_length=80)
    kind = models.CharField(_("type"), max_length=20, choices=VehicleKind.choices)
    capacity_parcels = models.PositiveSmallIntegerField(_("capacité (colis)"))
    capacity_litres = models.PositiveIntegerField(_("capacité (litres)"))
    refrigerated = models.BooleanField(_("réfrigéré"), default=False)
    active = models.BooleanField(_("en service"), default=True)

    class Meta:
        verbose_name = _("véhicule")
        verbose_name_plural = _("véhicules")
        ordering = ["name"]

    def __str__(self) -> str:
        kind = self.get_kind_display()
        return self.name if self.name.casefold() == str(kind).casefold() else f"{self.name} ({kind})"


class Courier(TerritoryOwned):
    """A courier's usual day: the vehicle, the shift and the lunch break; rounds start and end at the base."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="courier")
    vehicle = models.ForeignKey(Vehicle, on_delete=models.PROTECT, related_name="couriers")
    shift_start = models.TimeField(_("début de service"), default="08:00")
    shift_end = models.TimeField(_("fin de service"), default="18:00")
    break_from = models.TimeField(_("pause au plus tôt"), null=True, blank=True, default="12:00")
    break_until = models.TimeField(_("pause au plus tard"), null=True, blank=True, default="14:00")
    break_minutes = models.PositiveSmallIntegerField(_("durée de la pause (min)"), default=30)
    base_latitude = models.FloatField(_("latitude du départ"), null=True, blank=True)
    base_longitude = models.FloatField(_("longitude du départ"), null=True, blank=True)
    active = models.BooleanField(_("en service"), default=True)

    class Meta:
        verbose_name = _("livreur")
        verbose_name_plural = _("livreurs")

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.email


class PlanRun(TerritoryOwned):
    """One planning of a day: when, how long, where travel times came from, and what could not be placed."""

    day = models.DateField(_("jour"))
    created_at = models.DateTimeField(auto_now_add=True)
    solve_seconds = models.FloatField(default=0)
    travel_source = models.CharField(max_length=20)
    # [{"fulfilment": id, "order": number, "merchant": name, "reason": Reason}, ...]
    unassigned = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("planification")
        verbose_name_plural = _("planifications")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} ({self.created_at:%H:%M})"


class Round(TerritoryOwned):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planifiée")
        STARTED = "started", _("En cours")
        DONE = "done", _("Terminée")

    # The one declaration of the workflow: action → (the statuses it leaves from, the status it leads to).
    TRANSITIONS = {
        "start": ((Status.PLANNED,), Status.STARTED),
        "finish": ((Status.STARTED,), Status.DONE),
    }
    # Locking stands beside the status: the dispatcher freezes a round not yet done, and re-planning then keeps it
    # as it is (its stops, its parcels). Action → (whether it leaves from a locked round, the statuses allowed).
    LOCK_TRANSITIONS = {
        "lock": (False, (Status.PLANNED, Status.STARTED)),
        "unlock": (True, (Status.PLANNED, Status.STARTED, Status.DONE)),
    }

    day = models.DateField(_("jour"))
    courier = models.ForeignKey(Courier, on_delete=models.PROTECT, related_name="rounds")
    vehicle = models.ForeignKey(Vehicle, on_delete=models.PROTECT, related_name="rounds")
    plan_run = models.ForeignKey(PlanRun, on_delete=models.SET_NULL, null=True, related_name="rounds")
    status = models.CharField(_("statut"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    planned_start = models.DateTimeField(_("départ prévu"))
    planned_end = models.DateTimeField(_("retour prévu"))
    planned_km = models.FloatField(_("distance prévue (km)"), default=0)
    locked = models.BooleanField(_("verrouillée"), default=False)
    locked_at = models.DateTimeField(_("verrouillée le"), null=True, blank=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("tournée")
        verbose_name_plural = _("tournées")
        ordering = ["day", "planned_start"]
        constraints = [
            models.UniqueConstraint(fields=["day", "courier"], name="one_round_per_courier_and_day")
        ]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} — {self.courier}"

    def can(self, action: str) -> bool:
        if action in self.LOCK_TRANSITIONS:
            from_locked, statuses = self.LOCK_TRANSITIONS[action]
            return self.locked == from_locked and self.status in statuses
        sources, _target = self.TRANSITIONS[action]
        return self.status in sources


class Stop(models.Model):
    class Kind(models.TextChoices):
        PICKUP = "pickup", _("Enlèvement en boutique")
        HOME = "home", _("Livraison à domicile")
        CONTACT_POINT = "contact_point", _("Dépôt au point de contact")
        BREAK = "break", _("Pause")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Prévu")
        DONE = "done", _("Fait")
        FAILED = "failed", _("Échec")

    TRANSITIONS = {
        "complete": ((Status.PLANNED,), Status.DONE),
        "fail": ((Status.PLANNED,), Status.FAILED),
    }

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="stops")
    sequence = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    fulfilment = models.ForeignKey(
        "merchants.Fulfilment", on_delete=models.PROTECT, null=True, blank=True, related_name="stops"
    )
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    planned_arrival = models.DateTimeField(_("arrivée prévue"))
    planned_service_start = models.DateTimeField(_("début prévu"))
    status = models.CharField(_("statut"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    # When the courier recorded the stop done or failed: the round's progress, from which later arrivals are
    # re-estimated.
    done_at = models.DateTimeField(_("fait à"), null=True, blank=True)
    # A drop stop's point; on a failed home stop, the point the parcel was sent to instead.
    contact_point = models.ForeignKey(
        "pickup.ContactPoint", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    failure_reason = models.CharField(
        _("motif de l'échec"), max_length=30, choices=FailReason.choices, blank=True
    )

    objects = scoped_manager("round__territory")

    class Meta:
        verbose_name = _("arrêt")
        verbose_name_plural = _("arrêts")
        ordering = ["round", "sequence"]
        constraints = [models.UniqueConstraint(fields=["round", "sequence"], name="one_stop_per_sequence")]

    def __str__(self) -> str:
        return f"{self.round} #{self.sequence} {self.get_kind_display()}"

    def can(self, action: str) -> bool:
        sources, _target = self.TRANSITIONS[action]
        return self.status in sources
