"""A nearest-neighbour baseline, run beside the planner by the benchmark to show what the solver gains.

One vehicle at a time leaves its start when its shift opens and goes, again and again, to the nearest place where
it can do something now: collect a parcel whose delivery it could still make straight after, deliver one it carries,
or visit a job, keeping every window, its capacity and the way back before its shift ends. When nothing fits, it
delivers what it carries (earliest deadline first) and goes home; the next vehicle takes what is left."""

from delivery.planning.problem import Plan, Problem, Route, Step, StepKind, Unassigned, Vehicle, Visit
from delivery.planning.reasons import unassigned_reason
from delivery.planning.validator import earliest_start


def nearest_neighbour(problem: Problem) -> Plan:
    waiting = {shipment.id: shipment for shipment in problem.shipments}
    jobs = {job.id: job for job in problem.jobs}
    routes = []
    for vehicle in problem.vehicles:
        if not waiting and not jobs:
            break
        route = _one_route(problem, vehicle, waiting, jobs)
        if route is not None:
            routes.append(route)
    unassigned = [
        Unassigned(task=task, kind=kind, reason=unassigned_reason(problem, task, kind))
        for kind, tasks in (("shipment", waiting), ("job", jobs))
        for task in tasks
    ]
    plan = Plan(routes=routes, unassigned=unassigned, cost=0)
    plan.cost = plan.travel_time(problem)
    return plan


def _one_route(problem: Problem, vehicle: Vehicle, waiting: dict, jobs: dict) -> Route | None:
    now, place = vehicle.shift.start, vehicle.start
    load = [0] * len(vehicle.capacity)
    aboard: dict[int, object] = {}
    steps = [Step(StepKind.START, vehicle.start, now, now)]

    def reach(visit: Visit, at: int, origin: int) -> int | None:
        start = earliest_start(at + problem.travel(vehicle, origin, visit.place), visit.windows)
        return None if start is None else start + visit.service

    def can_finish(at: int, origin: int, carried) -> bool:
        """Delivering ``carried`` by earliest deadline, then home, within every window and the shift."""
        for shipment in sorted(carried, key=lambda s: min((w.end for w in s.delivery.windows), default=0)):
            at = reach(shipment.delivery, at, origin)
            if at is None:
                return False
            origin = shipment.delivery.place
        return at + problem.travel(vehicle, origin, vehicle.end) <= vehicle.shift.end

    while True:
        candidates = []
        for shipment in aboard.values():
            done = reach(shipment.delivery, now, place)
            others = [other for other in aboard.values() if other.id != shipment.id]
            if done is not None and can_finish(done, shipment.delivery.place, others):
                candidates.append(
                    (problem.travel(vehicle, place, shipment.delivery.place), "delivery", shipment)
                )
        for shipment in waiting.values():
            if not shipment.skills <= vehicle.skills or not _fits(load, shipment.amount, vehicle.capacity):
                continue
            done = reach(shipment.pickup, now, place)
            if done is not None and can_finish(done, shipment.pickup.place, [*aboard.values(), shipment]):
                candidates.append((problem.travel(vehicle, place, shipment.pickup.place), "pickup", shipment))
        for job in jobs.values():
            if not job.skills <= vehicle.skills or not _fits(load, job.amount, vehicle.capacity):
                continue
            done = reach(job.visit, now, place)
            if done is not None and can_finish(done, job.visit.place, list(aboard.values())):
                candidates.append((problem.travel(vehicle, place, job.visit.place), "job", job))
        if not candidates:
            break
        _distance, kind, task = min(candidates, key=lambda item: (item[0], item[1], item[2].id))
        visit = {"pickup": getattr(task, "pickup", None), "delivery": getattr(task, "delivery", None)}.get(
            kind
        ) or getattr(task, "visit", None)
        arrival = now + problem.travel(vehicle, place, visit.place)
        start = earliest_start(arrival, visit.windows)
        steps.append(Step(StepKind(kind), visit.place, arrival, start, task.id, visit.service))
        now, place = start + visit.service, visit.place
        if kind == "pickup":
            aboard[task.id] = waiting.pop(task.id)
            load = [a + b for a, b in zip(load, task.amount, strict=True)]
        elif kind == "delivery":
            del aboard[task.id]
            load = [a - b for a, b in zip(load, task.amount, strict=True)]
        else:
            del jobs[task.id]
            # a job's goods leave the start with the vehicle: they take room for the rest of the route
            load = [a + b for a, b in zip(load, task.amount, strict=True)]
    if len(steps) == 1:
        return None
    arrival = now + problem.travel(vehicle, place, vehicle.end)
    steps.append(Step(StepKind.END, vehicle.end, arrival, arrival))
    return Route(vehicle=vehicle.id, steps=steps)


def _fits(load, amount, capacity) -> bool:
    return all(a + b <= c for a, b, c in zip(load, amount, capacity, strict=True))
