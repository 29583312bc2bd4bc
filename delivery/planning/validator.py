"""An independent check of a plan against its problem: the solver's answer is never trusted as it is.

It recomputes each route's timeline from the problem alone (travel times from the matrix, waiting allowed, service
within a window), and checks the shift, the windows, the loads along the route, the skills, that each parcel is
collected before it is delivered and by the same vehicle, that breaks are taken within their windows, and that
every task is placed exactly once or listed as unassigned. ``violations`` lists what is wrong, in words."""

from delivery.planning.problem import Plan, Problem, StepKind, Vehicle, Visit, Window


def earliest_start(arrival: int, windows: tuple[Window, ...]) -> int | None:
    """When service can start at the earliest, arriving at ``arrival``; None if every window has closed."""
    if not windows:
        return arrival
    for window in sorted(windows, key=lambda w: w.start):
        if arrival <= window.end:
            return max(arrival, window.start)
    return None


def sequence_feasible(problem: Problem, vehicle: Vehicle, visits: list[Visit]) -> bool:
    """Can ``vehicle``, leaving its start when its shift opens, make these visits in order and reach its end
    before the shift closes (breaks aside)? The planner's reasons use it for a task alone."""
    now, place = vehicle.shift.start, vehicle.start
    for visit in visits:
        start = earliest_start(now + problem.travel(vehicle, place, visit.place), visit.windows)
        if start is None:
            return False
        now, place = start + visit.service, visit.place
    return now + problem.travel(vehicle, place, vehicle.end) <= vehicle.shift.end


def violations(problem: Problem, plan: Plan) -> list[str]:
    found: list[str] = []
    vehicles = {vehicle.id: vehicle for vehicle in problem.vehicles}
    shipments = {shipment.id: shipment for shipment in problem.shipments}
    jobs = {job.id: job for job in problem.jobs}
    placed: dict[tuple[str, int], int] = {}
    for route in plan.routes:
        vehicle = vehicles.get(route.vehicle)
        if vehicle is None:
            found.append(f"route of unknown vehicle {route.vehicle}")
            continue
        found += _route_violations(problem, vehicle, route, shipments, jobs, placed)
    for item in plan.unassigned:
        key = ("job" if item.kind == "job" else "pickup", item.task)
        if key in placed:
            found.append(f"{item.kind} {item.task} both placed and unassigned")
        placed[key] = placed.get(key, 0) + 1
        if item.kind != "job":
            placed[("delivery", item.task)] = placed.get(("delivery", item.task), 0) + 1
    for shipment_id in shipments:
        for half in ("pickup", "delivery"):
            if placed.get((half, shipment_id), 0) != 1:
                found.append(
                    f"shipment {shipment_id}: {half} placed {placed.get((half, shipment_id), 0)} times"
                )
    for job_id in jobs:
        if placed.get(("job", job_id), 0) != 1:
            found.append(f"job {job_id} placed {placed.get(('job', job_id), 0)} times")
    return found


def _route_violations(problem, vehicle, route, shipments, jobs, placed) -> list[str]:
    found: list[str] = []
    name = f"vehicle {vehicle.id}"
    steps = route.steps
    if not steps or steps[0].kind is not StepKind.START or steps[-1].kind is not StepKind.END:
        return [f"{name}: a route goes from its start to its end"]
    if steps[0].place != vehicle.start or steps[-1].place != vehicle.end:
        found.append(f"{name}: starts or ends at the wrong place")
    now, place = steps[0].arrival, vehicle.start
    if now < vehicle.shift.start:
        found.append(f"{name}: leaves before its shift")
    load = [
        sum(job.amount[i] for job in jobs.values() if _on_route(route, "job", job.id))
        for i in range(len(vehicle.capacity))
    ]
    if any(amount > capacity for amount, capacity in zip(load, vehicle.capacity, strict=True)):
        found.append(f"{name}: leaves loaded beyond its capacity")
    onboard: set[int] = set()
    breaks = {pause.id: pause for pause in vehicle.breaks}
    for step in steps[1:]:
        if step.kind is StepKind.BREAK:
            pause = breaks.get(step.task)
            if pause is None:
                found.append(f"{name}: a break it does not have")
                continue
            start = earliest_start(now, pause.windows)
            if start is None:
                found.append(f"{name}: break {pause.id} taken after its windows")
                start = now
            now = start + pause.duration
            continue
        arrival = now + problem.travel(vehicle, place, step.place)
        place = step.place
        if step.kind is StepKind.END:
            now = arrival
            break
        task, visit, amount, sign = _task(step, shipments, jobs)
        if task is None:
            found.append(f"{name}: unknown {step.kind} {step.task}")
            continue
        key = (str(step.kind), step.task)
        placed[key] = placed.get(key, 0) + 1
        if visit.place != step.place:
            found.append(f"{name}: {step.kind} {step.task} at the wrong place")
        if not task.skills <= vehicle.skills:
            found.append(f"{name}: {step.kind} {step.task} needs skills {sorted(task.skills)}")
        start = earliest_start(arrival, visit.windows)
        if start is None:
            found.append(f"{name}: {step.kind} {step.task} reached after its window")
            start = arrival
        now = start + visit.service
        if step.kind is StepKind.PICKUP:
            onboard.add(step.task)
        elif step.kind is StepKind.DELIVERY:
            if step.task not in onboard:
                found.append(f"{name}: delivers {step.task} before collecting it")
            onboard.discard(step.task)
        load = [current + sign * part for current, part in zip(load, amount, strict=True)]
        if any(current > capacity for current, capacity in zip(load, vehicle.capacity, strict=True)):
            found.append(f"{name}: over capacity after {step.kind} {step.task}")
    if now > vehicle.shift.end:
        found.append(f"{name}: back after its shift ({now} > {vehicle.shift.end})")
    if onboard:
        found.append(f"{name}: ends with parcels {sorted(onboard)} still aboard")
    taken = {step.task for step in steps if step.kind is StepKind.BREAK}
    for pause in vehicle.breaks:
        # A break is owed to a round that lasts into its window: one done before lunch takes none.
        owed = len(steps) > 2 and now > min(window.start for window in pause.windows)
        if pause.id not in taken and owed:
            found.append(f"{name}: break {pause.id} not taken")
    return found


def _on_route(route, kind: str, task_id: int) -> bool:
    return any(step.kind == kind and step.task == task_id for step in route.steps)


def _task(step, shipments, jobs):
    if step.kind is StepKind.JOB:
        job = jobs.get(step.task)
        return (job, job.visit, job.amount, -1) if job else (None, None, None, 0)
    shipment = shipments.get(step.task)
    if shipment is None:
        return None, None, None, 0
    if step.kind is StepKind.PICKUP:
        return shipment, shipment.pickup, shipment.amount, 1
    return shipment, shipment.delivery, shipment.amount, -1
