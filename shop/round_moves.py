"""The dispatcher moves a parcel (its collection at the shop and its delivery) from its round, or from the planning
run's unassigned list, to another round of the same day. That round is solved again for its own parcels and the
moved one, from where it stands if it has started; when the result does not keep the courier's shift, capacity or
skills, nothing is changed and the dispatcher is told why. Called by delivery's dispatch page through the
DELIVERY_PARCEL_MOVER setting (core/wiring.py): delivery does not import the shop."""

import logging
from datetime import datetime, time, timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from delivery.dispatch import DispatchRefused, reason_label
from delivery.models import PlanRun, Round, Stop
from delivery.planning.problem import Problem
from delivery.planning.replan import replan
from delivery.planning.solver import solve
from delivery.planning.validator import violations
from merchants.models import Fulfilment
from shop.rounds import (
    DELIVERED_BY_ROUND,
    _parcels,
    _Places,
    _progress,
    _redirected,
    _vehicle,
    route_km,
    route_stops,
    travel_provider,
)
from territory.selectors import territory_current

logger = logging.getLogger(__name__)


def round_parcel_move(*, fulfilment_id: int, to_round_id: int, now: datetime | None = None) -> Round:
    """Moves the parcel of fulfilment ``fulfilment_id`` into round ``to_round_id`` and re-sequences that round;
    DispatchRefused (a French message) when it cannot be done, and then nothing is changed."""
    with transaction.atomic():
        target = (
            Round.objects.select_for_update(of=("self",))
            .select_related("courier__user", "courier__vehicle")
            .filter(pk=to_round_id)
            .first()
        )
        if target is None:
            raise DispatchRefused(_("Cette tournée n'existe pas."))
        who = {"courier": str(target.courier)}
        if target.status == Round.Status.DONE:
            raise DispatchRefused(
                _("La tournée de %(courier)s est terminée : elle ne prend plus de colis.") % who
            )
        if target.locked:
            raise DispatchRefused(
                _("La tournée de %(courier)s est verrouillée : déverrouillez-la avant d'y ajouter un colis.")
                % who
            )
        fulfilment = Fulfilment.objects.select_related("order").filter(pk=fulfilment_id).first()
        if (
            fulfilment is None
            or fulfilment.status not in Fulfilment.PREPARING
            or fulfilment.order.shipping_code not in DELIVERED_BY_ROUND
        ):
            raise DispatchRefused(_("Ce colis n'est pas (ou plus) à livrer par une tournée."))
        current = list(
            Stop.objects.select_for_update(of=("self",))
            .filter(fulfilment=fulfilment, round__day=target.day)
            .select_related("round")
        )
        if any(stop.round_id == target.pk for stop in current):
            raise DispatchRefused(_("Ce colis est déjà dans la tournée de %(courier)s.") % who)
        if any(stop.round.locked for stop in current):
            raise DispatchRefused(
                _("Ce colis est dans une tournée verrouillée : déverrouillez-la avant de l'en sortir.")
            )
        if any(stop.status != Stop.Status.PLANNED for stop in current):
            raise DispatchRefused(_("Ce colis a déjà été enlevé : il reste dans la tournée qui le porte."))
        route, plan_parts = _resequenced(target, fulfilment, now)
        problem, by_id, places, midnight = plan_parts
        Stop.objects.filter(pk__in=[stop.pk for stop in current]).delete()
        target.stops.filter(status=Stop.Status.PLANNED).delete()
        first = (target.stops.aggregate(last=Max("sequence"))["last"] or 0) + 1
        Stop.objects.bulk_create(route_stops(target, route, by_id, places, midnight, first))
        if target.status == Round.Status.PLANNED:
            target.planned_start = midnight + timedelta(seconds=route.steps[0].arrival)
            target.planned_km = route_km(problem, route)
        target.planned_end = midnight + timedelta(seconds=route.steps[-1].arrival)
        target.save(update_fields=["planned_start", "planned_end", "planned_km"])
        run = PlanRun.objects.filter(day=target.day).order_by("-created_at").first()
        if run is not None and any(item["fulfilment"] == fulfilment.pk for item in run.unassigned):
            run.unassigned = [item for item in run.unassigned if item["fulfilment"] != fulfilment.pk]
            run.save(update_fields=["unassigned"])
    return target


def _resequenced(target: Round, fulfilment: Fulfilment, now: datetime | None):
    """The target round solved for what it still has to do and the moved parcel, or DispatchRefused."""
    territory = territory_current()
    midnight = timezone.make_aware(datetime.combine(target.day, time(0)))
    clock = int(((now or timezone.now()) - midnight).total_seconds())
    places = _Places()
    base = places.add(territory.latitude, territory.longitude)
    stops = list(target.stops.all())
    pending = {
        stop.fulfilment_id
        for stop in stops
        if stop.kind == Stop.Kind.PICKUP and stop.status == Stop.Status.PLANNED
    }
    vehicle = _vehicle(target.courier, places, base)
    # This round's parcels whose home delivery failed: they stay aboard, for their contact point.
    mine = {stop.fulfilment_id for stop in stops}
    redirected = {pk: point for pk, point in _redirected(target.day).items() if pk in mine}
    started = target.status == Round.Status.STARTED
    progress = [_progress(target, vehicle, places, clock, redirected)] if started else []
    aboard = progress[0].aboard if progress else frozenset()
    parcels, refused = _parcels(
        target.day,
        midnight,
        places,
        taken=set(),
        aboard=aboard,
        only=pending | {fulfilment.pk},
        redirected=redirected,
        base=base,
    )
    if refused:
        raise DispatchRefused(
            _("Ce colis ne peut pas être placé : %(reason)s.")
            % {"reason": reason_label(refused[0]["reason"])}
        )
    problem = Problem(vehicles=[vehicle], shipments=[parcel.shipment for parcel in parcels])
    matrices = travel_provider().matrices(places.points, {vehicle.profile})
    problem.durations, problem.distances = matrices.durations, matrices.distances
    today = clock if 0 <= clock < 86_400 else None
    who = {"courier": str(target.courier)}
    try:
        if progress or today is not None:
            problem, plan = replan(problem, progress, finished=set(), now=today)
        else:
            plan = solve(problem, reduce_fleet=False)
    except Exception as error:  # noqa: BLE001 - the solver refuses an inconsistent courier (a break off shift)
        logger.warning("Re-sequencing round %s failed: %s", target.pk, error)
        raise DispatchRefused(
            _("La tournée de %(courier)s ne peut pas être recalculée (vérifiez son service et sa pause).")
            % who
        ) from error
    if plan.unassigned or len(plan.routes) != 1:
        moved = next((item for item in plan.unassigned if item.task == fulfilment.pk), None)
        reason = reason_label(str(moved.reason)) if moved else _("la tournée ne pourrait plus tout faire")
        raise DispatchRefused(
            _("Ce colis ne tient pas dans la tournée de %(courier)s (%(reason)s) : rien n'a été changé.")
            % {**who, "reason": reason}
        )
    if violations(problem, plan):
        raise DispatchRefused(
            _("La tournée de %(courier)s ne respecterait plus ses horaires : rien n'a été changé.") % who
        )
    by_id = {parcel.shipment.id: parcel for parcel in parcels}
    return plan.routes[0], (problem, by_id, places, midnight)
