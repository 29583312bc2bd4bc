"""The planner's own reader of the classic benchmark files, so that its quality is measured on known instances.

- Li & Lim's PDPTW (``li_lim_100/*.txt``): a first line ``vehicles capacity speed``, then one line per place:
  ``index x y demand ready due service pickup_index delivery_index``; place 0 is the depot; a pickup has a positive
  demand and names its delivery, which names it back.
- Solomon's VRPTW (``solomon/*.txt``): a title, ``VEHICLE`` with ``NUMBER CAPACITY``, then ``CUSTOMER`` rows
  ``number x y demand ready due service``; customer 0 is the depot.

Travel times are Euclidean distances; both are kept in hundredths (``SCALE``) as integers for the solver, and
``cost`` gives a route set's length in the benchmarks' own unit, unrounded, as the best known costs are."""

import math
from dataclasses import dataclass
from pathlib import Path

from delivery.planning.problem import Job, Plan, Problem, Shipment, Vehicle, Visit, Window

SCALE = 100


class BenchmarkFileError(ValueError):
    pass


@dataclass
class Instance:
    name: str
    problem: Problem
    points: list[tuple[float, float]]

    def cost(self, plan: Plan) -> float:
        """The routes' total Euclidean length, in the file's unit."""
        total = 0.0
        for route in plan.routes:
            places = [step.place for step in route.steps if step.place is not None]
            total += sum(
                math.dist(self.points[a], self.points[b]) for a, b in zip(places, places[1:], strict=False)
            )
        return total


def _numbers(line: str, path: Path, count: int) -> list[float]:
    try:
        values = [float(part) for part in line.split()]
    except ValueError as error:
        raise BenchmarkFileError(f"{path.name}: not a number in « {line.strip()} »") from error
    if len(values) < count:
        raise BenchmarkFileError(f"{path.name}: {count} numbers expected in « {line.strip()} »")
    return values


def _matrix(points: list[tuple[float, float]]) -> list[list[int]]:
    return [[round(math.dist(a, b) * SCALE) for b in points] for a in points]


def _visit(place: int, ready: float, due: float, service: float) -> Visit:
    return Visit(
        place=place,
        service=round(service * SCALE),
        windows=(Window(round(ready * SCALE), round(due * SCALE)),),
    )


def _fleet(count: int, capacity: int, depot: list[float]) -> list[Vehicle]:
    shift = Window(round(depot[4] * SCALE), round(depot[5] * SCALE))
    return [
        Vehicle(id=number, start=0, end=0, capacity=(capacity,), shift=shift)
        for number in range(1, count + 1)
    ]


def read_li_lim(path: Path) -> Instance:
    path = Path(path)
    lines = [line for line in path.read_text().splitlines() if line.strip()]
    if len(lines) < 3:
        raise BenchmarkFileError(f"{path.name}: too short for a Li & Lim instance")
    vehicles, capacity = (int(value) for value in _numbers(lines[0], path, 2)[:2])
    rows = [_numbers(line, path, 9) for line in lines[1:]]
    by_index = {int(row[0]): row for row in rows}
    if sorted(by_index) != list(range(len(rows))):
        raise BenchmarkFileError(f"{path.name}: places are not numbered 0..{len(rows) - 1}")
    points = [(by_index[i][1], by_index[i][2]) for i in range(len(rows))]
    shipments = []
    for index in range(1, len(rows)):
        row = by_index[index]
        if row[3] <= 0:
            continue  # a delivery: read with its pickup
        delivery = by_index.get(int(row[8]))
        if delivery is None or int(delivery[7]) != index:
            raise BenchmarkFileError(f"{path.name}: pickup {index} and its delivery do not name each other")
        shipments.append(
            Shipment(
                id=index,
                pickup=_visit(index, *row[4:7]),
                delivery=_visit(int(delivery[0]), *delivery[4:7]),
                amount=(int(row[3]),),
            )
        )
    problem = Problem(
        vehicles=_fleet(vehicles, capacity, by_index[0]),
        shipments=shipments,
        durations={"car": _matrix(points)},
    )
    return Instance(name=path.stem, problem=problem, points=points)


def read_solomon(path: Path) -> Instance:
    path = Path(path)
    lines = [line for line in path.read_text().splitlines() if line.strip()]
    try:
        vehicle_line = next(i for i, line in enumerate(lines) if line.strip().upper() == "VEHICLE") + 2
        customer_line = next(i for i, line in enumerate(lines) if line.strip().upper() == "CUSTOMER") + 2
    except StopIteration as error:
        raise BenchmarkFileError(f"{path.name}: no VEHICLE or CUSTOMER section") from error
    vehicles, capacity = (int(value) for value in _numbers(lines[vehicle_line], path, 2)[:2])
    rows = [_numbers(line, path, 7) for line in lines[customer_line:]]
    if not rows or int(rows[0][0]) != 0:
        raise BenchmarkFileError(f"{path.name}: the depot (customer 0) comes first")
    points = [(row[1], row[2]) for row in rows]
    jobs = [
        Job(id=int(row[0]), visit=_visit(place, *row[4:7]), amount=(int(row[3]),))
        for place, row in enumerate(rows)
        if place > 0
    ]
    problem = Problem(
        vehicles=_fleet(vehicles, capacity, rows[0]), jobs=jobs, durations={"car": _matrix(points)}
    )
    return Instance(name=path.stem, problem=problem, points=points)
