"""What the planner is asked and what it answers, in plain data: no Django, no solver.

A problem is a travel-time matrix between numbered places, vehicles that start and end at places within a shift,
and tasks: a *shipment* is a pickup-and-delivery pair (a parcel collected at its shop and delivered at home or at a
contact point, in that order, by the same vehicle), a *job* a single visit (the Solomon benchmarks' customers).
Times are integers in the matrix's unit (seconds for a real day; hundredths for the benchmarks). Amounts are vectors
(parcels, volume), skills are integers (``CHILLED``: a refrigerated vehicle)."""

from dataclasses import dataclass, field
from enum import StrEnum

CHILLED = 1  # the skill a chilled parcel needs and a refrigerated vehicle has
# The merchants' sectors (merchants.models.Sector values) whose parcels travel chilled.
CHILLED_SECTORS = frozenset({"boucherie", "fromagerie", "poissonnerie", "traiteur"})


@dataclass(frozen=True)
class Window:
    start: int
    end: int

    def __post_init__(self):
        if self.end < self.start:
            raise ValueError(f"window ends before it starts: {self.start}..{self.end}")


@dataclass(frozen=True)
class Visit:
    """Being at ``place`` for ``service`` time units, starting within one of ``windows``."""

    place: int
    service: int = 0
    windows: tuple[Window, ...] = ()


@dataclass(frozen=True)
class Shipment:
    id: int
    pickup: Visit
    delivery: Visit
    amount: tuple[int, ...]
    skills: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Job:
    id: int
    visit: Visit
    amount: tuple[int, ...]  # delivered from the vehicle's start
    skills: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Break:
    id: int
    windows: tuple[Window, ...]
    duration: int


@dataclass(frozen=True)
class Vehicle:
    id: int
    start: int  # a place
    end: int
    capacity: tuple[int, ...]
    shift: Window
    skills: frozenset[int] = frozenset()
    breaks: tuple[Break, ...] = ()
    profile: str = "car"  # which of the problem's matrices its travel times come from


@dataclass
class Problem:
    vehicles: list[Vehicle]
    shipments: list[Shipment] = field(default_factory=list)
    jobs: list[Job] = field(default_factory=list)
    # durations[profile][from_place][to_place]; a single-profile problem has only "car"
    durations: dict[str, list[list[int]]] = field(default_factory=dict)
    distances: list[list[int]] | None = None  # metres, when known: the kilometres a round drives

    def travel(self, vehicle: Vehicle, origin: int, destination: int) -> int:
        return self.durations[vehicle.profile][origin][destination]


class StepKind(StrEnum):
    START = "start"
    PICKUP = "pickup"
    DELIVERY = "delivery"
    JOB = "job"
    BREAK = "break"
    END = "end"


@dataclass(frozen=True)
class Step:
    kind: StepKind
    place: int | None  # None for a break
    arrival: int  # when the vehicle gets there
    service_start: int  # arrival plus any wait for the window
    task: int | None = None  # the shipment's, job's or break's id
    service: int = 0


@dataclass
class Route:
    vehicle: int
    steps: list[Step]

    @property
    def tasks(self) -> list[Step]:
        return [
            step for step in self.steps if step.kind in (StepKind.PICKUP, StepKind.DELIVERY, StepKind.JOB)
        ]


class Reason(StrEnum):
    """Why a task is left out of every round: said to the dispatcher, never dropped silently."""

    TOO_BIG = "too_big"  # more than any vehicle carries
    NO_VEHICLE_WITH_SKILLS = "no_vehicle_with_skills"  # chilled, and no refrigerated vehicle
    WINDOW_IMPOSSIBLE = "window_impossible"  # no vehicle, even empty, can keep its windows within its shift
    NO_COURIER_FREE = "no_courier_free"  # feasible alone, but the rounds are full


@dataclass(frozen=True)
class Unassigned:
    task: int
    kind: str  # "shipment" or "job"
    reason: Reason


@dataclass
class Plan:
    routes: list[Route]
    unassigned: list[Unassigned]
    cost: int  # the solver's objective: total travel time, in the matrix's unit
    solve_seconds: float = 0.0

    def travel_time(self, problem: Problem) -> int:
        vehicles = {vehicle.id: vehicle for vehicle in problem.vehicles}
        total = 0
        for route in self.routes:
            places = [step.place for step in route.steps if step.place is not None]
            vehicle = vehicles[route.vehicle]
            total += sum(problem.travel(vehicle, a, b) for a, b in zip(places, places[1:], strict=False))
        return total
