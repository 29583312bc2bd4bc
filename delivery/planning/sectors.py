"""Cutting a large day into sectors: each gets the deliveries nearest its centre and a share of the couriers in
proportion to its parcels, refrigerated vehicles first to the sectors with the most chilled parcels."""

from delivery.planning.problem import Problem


def _delivery_place(task) -> int:
    return task.delivery.place if hasattr(task, "delivery") else task.visit.place


def sectors(problem: Problem, count: int) -> list[tuple[list, list, list]]:
    """``count`` parts of ``(vehicles, shipments, jobs)``: fewer when there are fewer vehicles."""
    tasks = [*problem.shipments, *problem.jobs]
    count = max(1, min(count, len(problem.vehicles), len(tasks)))
    if count == 1:
        return [(list(problem.vehicles), list(problem.shipments), list(problem.jobs))]
    matrix = problem.durations[problem.vehicles[0].profile]
    places = sorted({_delivery_place(task) for task in tasks})

    def both_ways(a: int, b: int) -> int:
        return matrix[a][b] + matrix[b][a]

    # centres spread out by farthest-point sampling from the couriers' base, then two rounds of k-medoid-like moves
    base = problem.vehicles[0].start
    centres = [max(places, key=lambda place: both_ways(base, place))]
    while len(centres) < count:
        centres.append(max(places, key=lambda place: min(both_ways(place, centre) for centre in centres)))
    for _ in range(2):
        members = {centre: [] for centre in centres}
        for place in places:
            members[min(centres, key=lambda centre: both_ways(place, centre))].append(place)
        centres = [
            min(group, key=lambda candidate: sum(both_ways(candidate, other) for other in group))
            if group
            else centre
            for centre, group in members.items()
        ]
    nearest = {
        place: min(range(count), key=lambda index: both_ways(place, centres[index])) for place in places
    }
    parts = [([], [], []) for _ in range(count)]
    for shipment in problem.shipments:
        parts[nearest[shipment.delivery.place]][1].append(shipment)
    for job in problem.jobs:
        parts[nearest[job.visit.place]][2].append(job)
    _share_vehicles(problem, parts)
    return parts


def _share_vehicles(problem: Problem, parts) -> None:
    def chilled(part) -> int:
        return sum(1 for task in [*part[1], *part[2]] if task.skills)

    def demand(part) -> float:
        return (len(part[1]) + len(part[2])) / max(1, len(part[0]))

    cold = [vehicle for vehicle in problem.vehicles if vehicle.skills]
    other = [vehicle for vehicle in problem.vehicles if not vehicle.skills]
    for vehicle in cold:  # to the sector whose chilled parcels have the fewest refrigerated vehicles for them
        part = max(parts, key=lambda p: chilled(p) / (1 + sum(1 for v in p[0] if v.skills)))
        part[0].append(vehicle)
    for vehicle in other:  # a vehicle for each sector without one, then to the most tasks per vehicle
        max(parts, key=lambda p: (not p[0] and bool(p[1] or p[2]), demand(p)))[0].append(vehicle)
