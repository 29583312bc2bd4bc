"""The dispatcher's reads and writes: a day's rounds with their stops and progress, the last planning run's
unassigned parcels with their reasons in French, locking a round, and editing couriers and vehicles.

Planning the day again and moving a parcel need the merchants' side (shops, their hours, the parcels due), which
only the shop wires: they are called through the DELIVERY_ROUNDS_PLANNER and DELIVERY_PARCEL_MOVER settings."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.wiring import wired
from delivery.models import Courier, PlanRun, Round, Stop, Vehicle
from delivery.planning.problem import Reason


class DispatchRefused(Exception):
    """A dispatcher's action that cannot be done: the message says why, in French; nothing was changed."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# The planner's reasons (delivery.planning.reasons) and the shop's own (shop/rounds.py), as the dispatcher reads them.
REASON_LABELS = {
    Reason.TOO_BIG: gettext_lazy("trop volumineux pour tous les véhicules"),
    Reason.NO_VEHICLE_WITH_SKILLS: gettext_lazy("produit frais : aucun véhicule réfrigéré disponible"),
    Reason.WINDOW_IMPOSSIBLE: gettext_lazy("horaires impossibles à tenir dans le service des livreurs"),
    Reason.NO_COURIER_FREE: gettext_lazy("tournées complètes : aucun livreur libre"),
    "shop_not_open": gettext_lazy("boutique fermée après l'heure où le colis est prêt"),
    "shop_not_located": gettext_lazy("boutique sans coordonnées"),
    "contact_point_closed": gettext_lazy("point de contact fermé ce jour-là"),
    "address_not_geocoded": gettext_lazy("adresse introuvable sur la carte"),
}

# One colour per round on the map and in the table, distinguishable on white and by most colour-blind readers.
ROUND_COLOURS = ["#1d4e89", "#c2410c", "#15803d", "#7e22ce", "#b91c1c", "#0e7490", "#a16207", "#be185d"]


def reason_label(reason: str) -> str:
    """The French words for a reason a parcel was left out."""
    return str(REASON_LABELS.get(reason, _("raison inconnue (%(code)s)") % {"code": reason}))


@dataclass
class RoundRow:
    tour: Round
    colour: str
    stops: list[Stop]
    done: int
    total: int


@dataclass
class DispatchDay:
    day: date
    rounds: list[RoundRow]
    run: PlanRun | None
    unassigned: list[dict] = field(default_factory=list)

    def map_data(self, *, tile_url: str) -> dict:
        """What dispatch-map.js draws: each round's located stops in sequence, with its colour."""
        return {
            "tileUrl": tile_url,
            "rounds": [
                {
                    "id": row.tour.pk,
                    "colour": row.colour,
                    "courier": str(row.tour.courier),
                    "stops": [
                        {
                            "n": number,
                            "lat": stop.latitude,
                            "lon": stop.longitude,
                            "label": f"{number}. {stop.get_kind_display()}",
                            "done": stop.status != Stop.Status.PLANNED,
                        }
                        for number, stop in enumerate(row.stops, start=1)
                        if stop.latitude is not None and stop.longitude is not None
                    ],
                }
                for row in self.rounds
            ],
        }


def dispatch_day(*, day: date) -> DispatchDay:
    """The day's rounds of the active territory with their stops, and the last planning run's unassigned
    parcels; a constant number of queries whatever the number of rounds."""
    stops = Stop.objects.select_related("fulfilment__merchant", "fulfilment__order").order_by("sequence")
    rounds = list(
        Round.objects.filter(day=day)
        .select_related("courier__user", "vehicle", "locked_by")
        .prefetch_related(Prefetch("stops", queryset=stops))
        .annotate(
            parcels_total=Count("stops", filter=~Q(stops__kind=Stop.Kind.BREAK)),
            parcels_done=Count(
                "stops", filter=~Q(stops__kind=Stop.Kind.BREAK) & ~Q(stops__status=Stop.Status.PLANNED)
            ),
        )
        .order_by("planned_start", "pk")
    )
    rows = [
        RoundRow(
            tour=tour,
            colour=ROUND_COLOURS[index % len(ROUND_COLOURS)],
            stops=[stop for stop in tour.stops.all() if stop.kind != Stop.Kind.BREAK],
            done=tour.parcels_done,
            total=tour.parcels_total,
        )
        for index, tour in enumerate(rounds)
    ]
    run = PlanRun.objects.filter(day=day).order_by("-created_at").first()
    unassigned = [
        {**item, "reason_label": reason_label(item.get("reason", ""))}
        for item in (run.unassigned if run else [])
    ]
    return DispatchDay(day=day, rounds=rows, run=run, unassigned=unassigned)


def dispatch_rounds(*, day: date) -> list[Round]:
    """The day's rounds of the active territory with their couriers, for choosing where a parcel goes."""
    return list(Round.objects.filter(day=day).select_related("courier__user").order_by("planned_start", "pk"))


def dispatch_round(*, pk: int) -> Round | None:
    """One round of the active territory; another territory's is not there."""
    return Round.objects.filter(pk=pk).select_related("courier__user").first()


def dispatch_couriers() -> list[Courier]:
    return list(Courier.objects.select_related("user", "vehicle").order_by("user__last_name", "pk"))


def dispatch_vehicles() -> list[Vehicle]:
    return list(Vehicle.objects.order_by("name", "pk"))


@transaction.atomic
def round_lock(*, tour: Round, by) -> Round:
    """Locks ``tour``: re-planning keeps it as it is, its parcels are given to no one else."""
    tour = Round.objects.select_for_update().get(pk=tour.pk)
    if not tour.can("lock"):
        raise DispatchRefused(_("Cette tournée est déjà verrouillée, ou terminée."))
    tour.locked, tour.locked_at, tour.locked_by = True, timezone.now(), by
    tour.save(update_fields=["locked", "locked_at", "locked_by"])
    return tour


@transaction.atomic
def round_unlock(*, tour: Round, by) -> Round:
    """Unlocks ``tour``: the next planning may change it again."""
    tour = Round.objects.select_for_update().get(pk=tour.pk)
    if not tour.can("unlock"):
        raise DispatchRefused(_("Cette tournée n'est pas verrouillée."))
    tour.locked, tour.locked_at, tour.locked_by = False, None, None
    tour.save(update_fields=["locked", "locked_at", "locked_by"])
    return tour


def day_replan(*, day: date, now: datetime | None = None) -> PlanRun:
    """Plans ``day`` again through the planner the shop wires (DELIVERY_ROUNDS_PLANNER)."""
    return wired(setting="DELIVERY_ROUNDS_PLANNER")(day=day, now=now)


def parcel_move(*, fulfilment_id: int, to_round: Round, now: datetime | None = None) -> Round:
    """Moves a parcel into ``to_round`` through the shop's mover (DELIVERY_PARCEL_MOVER); DispatchRefused when
    it does not fit."""
    return wired(setting="DELIVERY_PARCEL_MOVER")(
        fulfilment_id=fulfilment_id, to_round_id=to_round.pk, now=now
    )


def courier_update(*, courier: Courier, data: dict) -> Courier:
    """Saves a courier's shift, break, vehicle, base and whether they are on duty (already validated)."""
    for name, value in data.items():
        setattr(courier, name, value)
    courier.save(update_fields=list(data))
    return courier


def vehicle_update(*, vehicle: Vehicle, data: dict) -> Vehicle:
    """Saves a vehicle's kind, capacities, refrigeration and whether it is in service (already validated)."""
    for name, value in data.items():
        setattr(vehicle, name, value)
    vehicle.save(update_fields=list(data))
    return vehicle
