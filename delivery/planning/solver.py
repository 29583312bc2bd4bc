"""The planner: a problem (delivery.planning.problem) solved by VROOM (pyvroom), every task placed or explained.

VROOM minimises the total travel time under the time windows, capacities, skills and pickup-before-delivery
precedence. One more pass then tries the same tasks with one vehicle fewer (the least loaded route's): rounds are
run by people, and a day done by fewer couriers is often shorter too; it is tried when one route carries less
than half the average, since it costs a second solve. What is left unassigned gets its reason from
``reasons.unassigned_reason``."""

import time
from dataclasses import replace
from datetime import timedelta

import numpy
import vroom

from delivery.planning.problem import Plan, Problem, Route, Step, StepKind, Unassigned, Vehicle
from delivery.planning.reasons import unassigned_reason
from delivery.planning.sectors import sectors

EXPLORATION_LEVEL = 5  # VROOM's deepest search
THREADS = 2
SECTOR_TASKS = 400  # beyond this many pickups and deliveries, the day is planned sector by sector
SECTOR_EXPLORATION_LEVEL = 2
TIME_BUDGET_SECONDS = 50.0  # a large day's whole search, shared between its sectors

_KINDS = {
    "start": StepKind.START,
    "end": StepKind.END,
    "pickup": StepKind.PICKUP,
    "delivery": StepKind.DELIVERY,
    "job": StepKind.JOB,
    "break": StepKind.BREAK,
}


def solve(
    problem: Problem,
    *,
    exploration_level: int = EXPLORATION_LEVEL,
    threads: int = THREADS,
    reduce_fleet: bool = True,
) -> Plan:
    started = time.perf_counter()
    if _tasks(problem) > SECTOR_TASKS and len(problem.vehicles) > 1:
        plan = _solve_by_sector(problem, exploration_level, threads)
    else:
        plan = _solve(problem, problem.vehicles, exploration_level, threads)
        if plan.unassigned:
            plan = _without_needless_breaks(problem, plan, exploration_level, threads)
    if reduce_fleet and _has_light_route(plan) and _tasks(problem) <= SECTOR_TASKS:
        fewer = _without_least_loaded(problem, plan)
        second = _solve(problem, fewer, exploration_level, threads)
        if len(second.unassigned) <= len(plan.unassigned) and second.cost < plan.cost:
            plan = second
    plan.unassigned = [
        Unassigned(task=item.task, kind=item.kind, reason=unassigned_reason(problem, item.task, item.kind))
        for item in plan.unassigned
    ]
    plan.solve_seconds = round(time.perf_counter() - started, 3)
    return plan


def _without_needless_breaks(problem: Problem, plan: Plan, exploration_level: int, threads: int) -> Plan:
    """VROOM gives every route its breaks, and cannot end a short morning round by waiting for a lunch window: a
    vehicle left unused is tried again without its break, kept so only if its round then ends before the break
    could start (a courier done by 11:00 takes no lunch break in the round)."""
    used = {route.vehicle for route in plan.routes}
    unused = {
        vehicle.id: vehicle for vehicle in problem.vehicles if vehicle.breaks and vehicle.id not in used
    }
    if not unused:
        return plan
    lighter = [
        replace(vehicle, breaks=()) if vehicle.id in unused else vehicle for vehicle in problem.vehicles
    ]
    second = _solve(problem, lighter, exploration_level, threads)
    if len(second.unassigned) >= len(plan.unassigned):
        return plan
    for route in second.routes:
        if route.vehicle in unused:
            lunch = min(window.start for pause in unused[route.vehicle].breaks for window in pause.windows)
            if route.steps[-1].arrival > lunch:
                return plan
    return second


def _tasks(problem: Problem) -> int:
    return 2 * len(problem.shipments) + len(problem.jobs)


def _solve_by_sector(problem: Problem, exploration_level: int, threads: int) -> Plan:
    """A large day (an intercommunality's) is cut into sectors around its deliveries, each with its share of the
    couriers, and each sector is planned on its own: VROOM's search grows faster than linearly with the tasks."""
    parts = sectors(problem, max(1, -(-_tasks(problem) // SECTOR_TASKS)))
    routes, unassigned, cost = [], [], 0
    deadline = time.monotonic() + TIME_BUDGET_SECONDS
    for number, (vehicles, shipments, jobs) in enumerate(parts):
        part = Problem(vehicles=vehicles, shipments=shipments, jobs=jobs, durations=problem.durations)
        if not vehicles:
            plan = Plan(routes=[], unassigned=[Unassigned(s.id, "shipment", None) for s in shipments], cost=0)
            plan.unassigned += [Unassigned(j.id, "job", None) for j in jobs]
        else:
            budget = max(1.0, (deadline - time.monotonic()) / (len(parts) - number))
            plan = _solve(part, vehicles, min(exploration_level, SECTOR_EXPLORATION_LEVEL), threads, budget)
        routes += plan.routes
        unassigned += plan.unassigned
        cost += plan.cost
    return Plan(routes=routes, unassigned=unassigned, cost=cost)


def _has_light_route(plan: Plan) -> bool:
    """A route carrying less than half the average is worth trying to spread over the others."""
    if len(plan.routes) < 2:
        return False
    loads = [len(route.tasks) for route in plan.routes]
    return min(loads) * 2 < sum(loads) / len(loads)


def _without_least_loaded(problem: Problem, plan: Plan) -> list[Vehicle]:
    used = {route.vehicle: len(route.tasks) for route in plan.routes}
    dropped = min(used, key=lambda vehicle_id: (used[vehicle_id], vehicle_id))
    return [vehicle for vehicle in problem.vehicles if vehicle.id in used and vehicle.id != dropped]


def _solve(
    problem: Problem,
    vehicles: list[Vehicle],
    exploration_level: int,
    threads: int,
    timeout: float | None = None,
) -> Plan:
    if not problem.shipments and not problem.jobs:
        return Plan(routes=[], unassigned=[], cost=0)
    solver_input = vroom.Input()
    for profile, matrix in problem.durations.items():
        solver_input.set_durations_matrix(profile, numpy.asarray(matrix, dtype=numpy.uint32))
    for vehicle in vehicles:
        solver_input.add_vehicle(_vehicle(vehicle))
    for job in problem.jobs:
        solver_input.add_job(
            vroom.Job(
                job.id,
                location=job.visit.place,
                default_service=job.visit.service,
                delivery=vroom.Amount(list(job.amount)),
                skills=set(job.skills),
                time_windows=_windows(job.visit.windows),
            )
        )
    for shipment in problem.shipments:
        solver_input.add_shipment(
            _shipment_step(shipment.id, shipment.pickup),
            _shipment_step(shipment.id, shipment.delivery),
            amount=vroom.Amount(list(shipment.amount)),
            skills=set(shipment.skills),
        )
    answer = solver_input.solve(
        exploration_level=exploration_level,
        nb_threads=threads,
        timeout=timedelta(seconds=timeout) if timeout else None,
    ).to_dict()
    routes = [
        Route(vehicle=route["vehicle"], steps=[_step(step) for step in route["steps"]])
        for route in answer.get("routes", [])
    ]
    unassigned, seen = [], set()
    for item in answer.get("unassigned", []):
        kind = "job" if item["type"] == "job" else "shipment"
        if (kind, item["id"]) not in seen:  # a shipment is listed once, not as its two halves
            seen.add((kind, item["id"]))
            unassigned.append(Unassigned(task=item["id"], kind=kind, reason=None))
    return Plan(routes=routes, unassigned=unassigned, cost=answer["summary"]["cost"])


def _vehicle(vehicle: Vehicle) -> vroom.Vehicle:
    return vroom.Vehicle(
        vehicle.id,
        start=vehicle.start,
        end=vehicle.end,
        profile=vehicle.profile,
        capacity=vroom.Amount(list(vehicle.capacity)),
        skills=set(vehicle.skills),
        time_window=vroom.TimeWindow(vehicle.shift.start, vehicle.shift.end),
        breaks=[
            vroom.Break(pause.id, time_windows=_windows(pause.windows), service=pause.duration)
            for pause in vehicle.breaks
        ],
    )


def _shipment_step(task_id: int, visit) -> vroom.ShipmentStep:
    return vroom.ShipmentStep(
        task_id, location=visit.place, default_service=visit.service, time_windows=_windows(visit.windows)
    )


def _windows(windows) -> list[vroom.TimeWindow]:
    return [vroom.TimeWindow(window.start, window.end) for window in windows] or [vroom.TimeWindow()]


def _step(step: dict) -> Step:
    kind = _KINDS[step["type"]]
    arrival = int(step["arrival"])
    return Step(
        kind=kind,
        place=step.get("location_index") if kind is not StepKind.BREAK else None,
        arrival=arrival,
        service_start=arrival + int(step.get("waiting_time", 0)),
        task=step.get("id"),
        service=int(step.get("service", 0)),
    )
