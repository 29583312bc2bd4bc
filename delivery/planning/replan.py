"""Re-planning during the day, after an order is added or cancelled: what is done stays done, a started round keeps
its parcels, and a late order goes into a started round when it fits.

A started round is described by its ``Progress``: where its vehicle is and when, the parcels aboard (collected, not
yet delivered) and the parcels it is committed to collect. The new problem starts that vehicle where it is; a parcel
aboard becomes a delivery from the vehicle (a job whose load leaves with it), and the parcels aboard or committed are
bound to that vehicle by a skill only it has. Everything else (new orders, rounds not started) is planned freely."""

from dataclasses import dataclass, replace

from delivery.planning.problem import Job, Plan, Problem, StepKind, Window
from delivery.planning.solver import solve

OWN_SKILL_BASE = 1_000_000  # vehicle-binding skills, far from the real ones (CHILLED, ...)


@dataclass(frozen=True)
class Progress:
    vehicle: int
    place: int
    time: int
    aboard: frozenset[int] = frozenset()
    committed: frozenset[int] = frozenset()
    break_taken: bool = False


def replan_problem(
    problem: Problem, progress: list[Progress], finished: set[int], now: int | None = None
) -> Problem:
    """The problem still to solve at ``now``: ``finished`` shipments (delivered, failed, cancelled) are out of it,
    and no round not yet started leaves before ``now``."""
    by_vehicle = {item.vehicle: item for item in progress}
    owner: dict[int, int] = {}
    for item in progress:
        for shipment_id in item.aboard | item.committed:
            owner[shipment_id] = item.vehicle
    vehicles = []
    for vehicle in problem.vehicles:
        item = by_vehicle.get(vehicle.id)
        if item is None:
            if now is not None and now > vehicle.shift.start:
                vehicle = replace(vehicle, shift=Window(min(now, vehicle.shift.end), vehicle.shift.end))
            vehicles.append(vehicle)
            continue
        breaks = (
            ()
            if item.break_taken
            else tuple(b for b in vehicle.breaks if max(w.end for w in b.windows) >= item.time)
        )
        vehicles.append(
            replace(
                vehicle,
                start=item.place,
                shift=Window(max(vehicle.shift.start, min(item.time, vehicle.shift.end)), vehicle.shift.end),
                skills=vehicle.skills | {OWN_SKILL_BASE + vehicle.id},
                breaks=breaks,
            )
        )
    shipments, jobs = [], list(problem.jobs)
    for shipment in problem.shipments:
        if shipment.id in finished:
            continue
        vehicle_id = owner.get(shipment.id)
        if vehicle_id is None:
            shipments.append(shipment)
            continue
        skills = shipment.skills | {OWN_SKILL_BASE + vehicle_id}
        if shipment.id in by_vehicle[vehicle_id].aboard:
            jobs.append(Job(id=shipment.id, visit=shipment.delivery, amount=shipment.amount, skills=skills))
        else:
            shipments.append(replace(shipment, skills=skills))
    return Problem(
        vehicles=vehicles,
        shipments=shipments,
        jobs=jobs,
        durations=problem.durations,
        distances=problem.distances,
    )


def replan(
    problem: Problem, progress: list[Progress], finished: set[int], now: int | None = None, **options
) -> tuple[Problem, Plan]:
    """Solves what is left; the plan is the remaining problem's (a parcel aboard appears as a job: its delivery)."""
    remaining = replan_problem(problem, progress, finished, now)
    return remaining, solve(remaining, reduce_fleet=False, **options)


def deliveries_aboard(plan: Plan, progress: list[Progress]) -> dict[int, int]:
    """Which vehicle delivers each parcel that was aboard: always the one carrying it."""
    aboard = {shipment_id for item in progress for shipment_id in item.aboard}
    return {
        step.task: route.vehicle
        for route in plan.routes
        for step in route.steps
        if step.kind is StepKind.JOB and step.task in aboard
    }
