"""Why a task was left out: the first of too big, no vehicle with the skills, a window no vehicle can keep even with
nothing else to do, and otherwise rounds too full for it."""

from delivery.planning.problem import Problem, Reason
from delivery.planning.validator import sequence_feasible


def unassigned_reason(problem: Problem, task_id: int, kind: str) -> Reason:
    if kind == "job":
        task = next(job for job in problem.jobs if job.id == task_id)
        visits = [task.visit]
    else:
        task = next(shipment for shipment in problem.shipments if shipment.id == task_id)
        visits = [task.pickup, task.delivery]
    skilled = [vehicle for vehicle in problem.vehicles if task.skills <= vehicle.skills]
    if not skilled:
        big = all(not _fits(task.amount, vehicle.capacity) for vehicle in problem.vehicles)
        return Reason.TOO_BIG if big and problem.vehicles else Reason.NO_VEHICLE_WITH_SKILLS
    roomy = [vehicle for vehicle in skilled if _fits(task.amount, vehicle.capacity)]
    if not roomy:
        return Reason.TOO_BIG
    if not any(sequence_feasible(problem, vehicle, visits) for vehicle in roomy):
        return Reason.WINDOW_IMPOSSIBLE
    return Reason.NO_COURIER_FREE


def _fits(amount: tuple[int, ...], capacity: tuple[int, ...]) -> bool:
    return all(part <= room for part, room in zip(amount, capacity, strict=True))
