"""The round planner on small cases whose optimum is known by enumeration, its reasons for what it leaves out, the
benchmark parsers, the baseline, the sectors of a large day; every plan goes through the independent validator."""

import itertools
from pathlib import Path

import pytest

from delivery.planning import solver
from delivery.planning.baseline import nearest_neighbour
from delivery.planning.problem import (
    CHILLED,
    Break,
    Job,
    Plan,
    Problem,
    Reason,
    Route,
    Shipment,
    Step,
    StepKind,
    Vehicle,
    Visit,
    Window,
)
from delivery.planning.solver import solve
from delivery.planning.validator import violations
from delivery.planning.vrp_files import BenchmarkFileError, read_li_lim, read_solomon

VRP = Path(__file__).resolve().parents[3] / "shared" / "data" / "vrp"
DAY = Window(0, 100_000)

# Six places on a line and off it: travel time is the Manhattan distance between them, in seconds.
COORDINATES = [(0, 0), (10, 0), (20, 5), (5, 25), (30, 30), (0, 40), (40, 10)]
MATRIX = [[abs(ax - bx) + abs(ay - by) for bx, by in COORDINATES] for ax, ay in COORDINATES]


def vehicle(number=1, capacity=(10,), skills=frozenset(), shift=DAY, breaks=()):
    return Vehicle(id=number, start=0, end=0, capacity=capacity, shift=shift, skills=skills, breaks=breaks)


def checked(problem: Problem, plan: Plan) -> Plan:
    assert violations(problem, plan) == []
    return plan


def test_jobs_are_visited_in_the_shortest_order():
    jobs = [Job(id=place, visit=Visit(place=place, service=5), amount=(1,)) for place in range(1, 7)]
    problem = Problem(vehicles=[vehicle()], jobs=jobs, durations={"car": MATRIX})
    optimum = min(
        sum(MATRIX[a][b] for a, b in itertools.pairwise((0, *order, 0)))
        for order in itertools.permutations(range(1, 7))
    )
    plan = checked(problem, solve(problem))
    assert plan.travel_time(problem) == optimum
    assert plan.cost == optimum


def test_parcels_are_collected_before_delivery_in_the_shortest_order():
    pairs = [(1, 4), (2, 5), (3, 6)]
    shipments = [
        Shipment(id=number, pickup=Visit(place=a), delivery=Visit(place=b), amount=(1,))
        for number, (a, b) in enumerate(pairs, start=1)
    ]
    problem = Problem(vehicles=[vehicle()], shipments=shipments, durations={"car": MATRIX})

    def valid(order):
        return all(order.index(a) < order.index(b) for a, b in pairs)

    optimum = min(
        sum(MATRIX[a][b] for a, b in itertools.pairwise((0, *order, 0)))
        for order in itertools.permutations(range(1, 7))
        if valid(order)
    )
    plan = checked(problem, solve(problem))
    assert plan.travel_time(problem) == optimum
    kinds = [(step.kind, step.task) for step in plan.routes[0].tasks]
    for number in (1, 2, 3):
        assert kinds.index((StepKind.PICKUP, number)) < kinds.index((StepKind.DELIVERY, number))


def test_time_windows_decide_the_order_and_are_kept():
    # Place 3 must be visited by 40 and place 1 from 200: only 3, 2, 1 keeps both (and it is the shortest).
    jobs = [
        Job(id=1, visit=Visit(place=1, windows=(Window(200, 300),)), amount=(1,)),
        Job(id=2, visit=Visit(place=2), amount=(1,)),
        Job(id=3, visit=Visit(place=3, windows=(Window(0, 40),)), amount=(1,)),
    ]
    problem = Problem(vehicles=[vehicle()], jobs=jobs, durations={"car": MATRIX})
    plan = checked(problem, solve(problem))
    assert [step.task for step in plan.routes[0].tasks] == [3, 2, 1]
    by_task = {step.task: step for step in plan.routes[0].tasks}
    assert by_task[3].service_start <= 40
    assert 200 <= by_task[1].service_start <= 300


def test_a_chilled_parcel_rides_only_in_a_refrigerated_vehicle():
    chilled = Shipment(
        id=1, pickup=Visit(place=1), delivery=Visit(place=4), amount=(1,), skills=frozenset({CHILLED})
    )
    plain = Shipment(id=2, pickup=Visit(place=2), delivery=Visit(place=5), amount=(1,))
    bike, van = vehicle(1), vehicle(2, skills=frozenset({CHILLED}))
    problem = Problem(vehicles=[bike, van], shipments=[chilled, plain], durations={"car": MATRIX})
    plan = checked(problem, solve(problem, reduce_fleet=False))
    carrier = next(route.vehicle for route in plan.routes if any(step.task == 1 for step in route.tasks))
    assert carrier == van.id

    alone = Problem(vehicles=[bike], shipments=[chilled, plain], durations={"car": MATRIX})
    plan = checked(alone, solve(alone))
    assert [(item.task, item.reason) for item in plan.unassigned] == [(1, Reason.NO_VEHICLE_WITH_SKILLS)]


def test_what_is_left_out_says_why():
    too_big = Shipment(id=1, pickup=Visit(place=1), delivery=Visit(place=2), amount=(11,))
    # the shop opens at 0 and the home window closes at 20: 10 + 15 of travel cannot make it
    too_late = Shipment(
        id=2, pickup=Visit(place=1), delivery=Visit(place=2, windows=(Window(0, 20),)), amount=(1,)
    )
    # two deliveries far apart in the same narrow window: one courier keeps one of them
    first = Shipment(
        id=3, pickup=Visit(place=1), delivery=Visit(place=5, windows=(Window(60, 70),)), amount=(1,)
    )
    second = Shipment(
        id=4, pickup=Visit(place=1), delivery=Visit(place=6, windows=(Window(60, 70),)), amount=(1,)
    )
    problem = Problem(
        vehicles=[vehicle(capacity=(10,))],
        shipments=[too_big, too_late, first, second],
        durations={"car": MATRIX},
    )
    plan = checked(problem, solve(problem))
    reasons = {item.task: item.reason for item in plan.unassigned}
    assert reasons[1] == Reason.TOO_BIG
    assert reasons[2] == Reason.WINDOW_IMPOSSIBLE
    assert sorted(reasons) in ([1, 2, 3], [1, 2, 4])
    assert reasons.get(3, reasons.get(4)) == Reason.NO_COURIER_FREE


def test_the_courier_takes_the_break_within_its_window():
    jobs = [Job(id=place, visit=Visit(place=place, service=60), amount=(1,)) for place in range(1, 7)]
    pause = Break(id=7, windows=(Window(150, 250),), duration=100)
    problem = Problem(vehicles=[vehicle(breaks=(pause,))], jobs=jobs, durations={"car": MATRIX})
    plan = checked(problem, solve(problem))
    taken = next(step for step in plan.routes[0].steps if step.kind is StepKind.BREAK)
    assert 150 <= taken.service_start <= 250


def test_the_validator_catches_each_kind_of_fault():
    shipment = Shipment(
        id=1, pickup=Visit(place=1), delivery=Visit(place=2, windows=(Window(0, 100),)), amount=(6,)
    )
    other = Shipment(id=2, pickup=Visit(place=3), delivery=Visit(place=4), amount=(6,))
    problem = Problem(
        vehicles=[vehicle(capacity=(10,))], shipments=[shipment, other], durations={"car": MATRIX}
    )

    def route(*steps):
        return Plan(
            routes=[Route(vehicle=1, steps=[Step(StepKind.START, 0, 0, 0), *steps])], unassigned=[], cost=0
        )

    def at(kind, place, task):
        return Step(kind, place, 0, 0, task)

    end = Step(StepKind.END, 0, 0, 0)
    good = route(
        at(StepKind.PICKUP, 1, 1),
        at(StepKind.DELIVERY, 2, 1),
        at(StepKind.PICKUP, 3, 2),
        at(StepKind.DELIVERY, 4, 2),
        end,
    )
    assert violations(problem, good) == []
    faults = {
        "delivers 1 before collecting": route(
            at(StepKind.DELIVERY, 2, 1),
            at(StepKind.PICKUP, 1, 1),
            at(StepKind.PICKUP, 3, 2),
            at(StepKind.DELIVERY, 4, 2),
            end,
        ),
        "over capacity": route(
            at(StepKind.PICKUP, 1, 1),
            at(StepKind.PICKUP, 3, 2),
            at(StepKind.DELIVERY, 2, 1),
            at(StepKind.DELIVERY, 4, 2),
            end,
        ),
        "after its window": route(
            at(StepKind.PICKUP, 3, 2),
            at(StepKind.DELIVERY, 4, 2),
            at(StepKind.PICKUP, 1, 1),
            at(StepKind.DELIVERY, 2, 1),
            end,
        ),
        "placed 0 times": route(at(StepKind.PICKUP, 1, 1), at(StepKind.DELIVERY, 2, 1), end),
        "wrong place": route(
            at(StepKind.PICKUP, 5, 1),
            at(StepKind.DELIVERY, 2, 1),
            at(StepKind.PICKUP, 3, 2),
            at(StepKind.DELIVERY, 4, 2),
            end,
        ),
    }
    for words, plan in faults.items():
        found = violations(problem, plan)
        assert any(words in text for text in found), (words, found)
    cold = Problem(
        vehicles=[vehicle(capacity=(10,))],
        shipments=[
            Shipment(
                id=1, pickup=Visit(place=1), delivery=Visit(place=2), amount=(1,), skills=frozenset({CHILLED})
            )
        ],
        durations={"car": MATRIX},
    )
    plan = route(at(StepKind.PICKUP, 1, 1), at(StepKind.DELIVERY, 2, 1), end)
    assert any("needs skills" in text for text in violations(cold, plan))
    late = Problem(vehicles=[vehicle(shift=Window(0, 30))], shipments=[other], durations={"car": MATRIX})
    plan = route(at(StepKind.PICKUP, 3, 2), at(StepKind.DELIVERY, 4, 2), end)
    assert any("after its shift" in text for text in violations(late, plan))


def test_li_lim_files_are_read_and_solved_to_the_best_known_cost():
    instance = read_li_lim(VRP / "PDPTW" / "li_lim_100" / "lc101.txt")
    problem = instance.problem
    assert len(problem.shipments) == 53
    assert len(problem.vehicles) == 25 and problem.vehicles[0].capacity == (200,)
    plan = checked(problem, solve(problem))
    assert plan.unassigned == []
    assert instance.cost(plan) == pytest.approx(828.94, abs=0.01)
    baseline = checked(problem, nearest_neighbour(problem))
    assert instance.cost(baseline) > instance.cost(plan)


def test_solomon_files_are_read_and_solved_within_the_windows():
    instance = read_solomon(VRP / "VRPTW" / "solomon" / "C101.txt")
    problem = instance.problem
    assert len(problem.jobs) == 100 and problem.vehicles[0].capacity == (200,)
    plan = checked(problem, solve(problem))
    assert plan.unassigned == []
    assert instance.cost(plan) == pytest.approx(828.94, rel=0.005)
    checked(problem, nearest_neighbour(problem))


@pytest.mark.parametrize(
    "text, words",
    [
        ("", "too short"),
        ("25 200 1\n0 40 50 0 0 1236 0 0 0\n1 45 x -10 912 967 90 11 0\n", "not a number"),
        (
            "25 200 1\n0 40 50 0 0 1236 0 0 0\n1 45 68 10 912 967 90 0 2\n2 45 70 -10 825 870 90 0 0\n",
            "name each other",
        ),
    ],
)
def test_a_broken_benchmark_file_is_refused_with_its_reason(tmp_path, text, words):
    path = tmp_path / "broken.txt"
    path.write_text(text)
    with pytest.raises(BenchmarkFileError, match=words):
        read_li_lim(path)


def test_a_large_day_is_planned_sector_by_sector(monkeypatch):
    monkeypatch.setattr(solver, "SECTOR_TASKS", 12)
    grid = [(x * 7, y * 7) for x in range(6) for y in range(6)]
    matrix = [[abs(ax - bx) + abs(ay - by) for bx, by in grid] for ax, ay in grid]
    shipments = [
        Shipment(
            id=place, pickup=Visit(place=1, service=2), delivery=Visit(place=place, service=2), amount=(1,)
        )
        for place in range(2, 36)
    ]
    problem = Problem(
        vehicles=[vehicle(number, capacity=(20,)) for number in range(1, 5)],
        shipments=shipments,
        durations={"car": matrix},
    )
    plan = checked(problem, solve(problem))
    assert len(plan.routes) > 1
    assert plan.unassigned == []


def test_a_round_done_before_its_break_window_takes_no_break_and_is_not_left_out():
    # VROOM gives every route its break: alone, a morning parcel would stay unassigned waiting for lunch.
    morning = Shipment(
        id=1,
        pickup=Visit(place=1, service=60),
        delivery=Visit(place=2, service=60, windows=(Window(100, 300),)),
        amount=(1,),
    )
    lunch = Break(id=9, windows=(Window(5_000, 6_000),), duration=1_000)
    problem = Problem(
        vehicles=[vehicle(breaks=(lunch,), shift=Window(0, 10_000))],
        shipments=[morning],
        durations={"car": MATRIX},
    )
    plan = checked(problem, solve(problem))
    assert plan.unassigned == []
    assert [step.kind for step in plan.routes[0].steps] == [
        StepKind.START,
        StepKind.PICKUP,
        StepKind.DELIVERY,
        StepKind.END,
    ]
    assert plan.routes[0].steps[-1].arrival < 5_000


def test_the_validator_still_asks_for_a_break_owed_to_a_round_that_runs_into_its_window():
    lunch = Break(id=9, windows=(Window(50, 60),), duration=10)
    job = Job(id=1, visit=Visit(place=4, service=10), amount=(1,))
    problem = Problem(vehicles=[vehicle(breaks=(lunch,))], jobs=[job], durations={"car": MATRIX})
    steps = [
        Step(kind=StepKind.START, task=None, place=0, arrival=0, service_start=0),
        Step(kind=StepKind.JOB, task=1, place=4, arrival=60, service_start=60),
        Step(kind=StepKind.END, task=None, place=0, arrival=130, service_start=130),
    ]
    plan = Plan(routes=[Route(vehicle=1, steps=steps)], unassigned=[], cost=130)
    assert any("break 9 not taken" in fault for fault in violations(problem, plan))
