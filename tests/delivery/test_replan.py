"""Re-planning during the day: done stops stay done, a started round keeps what it carries and what it is committed
to, a late order goes into a started round when it fits, a cancelled one leaves the plan."""

from delivery.planning.problem import Problem, Shipment, StepKind, Vehicle, Visit, Window
from delivery.planning.replan import Progress, deliveries_aboard, replan
from delivery.planning.solver import solve
from delivery.planning.validator import violations

COORDINATES = [(0, 0), (10, 0), (20, 0), (30, 0), (40, 0), (10, 10), (20, 10), (30, 10), (40, 10), (35, 5)]
MATRIX = [[abs(ax - bx) + abs(ay - by) for bx, by in COORDINATES] for ax, ay in COORDINATES]


def shipment(number, pickup, delivery):
    return Shipment(
        id=number,
        pickup=Visit(place=pickup, service=1),
        delivery=Visit(place=delivery, service=1),
        amount=(1,),
    )


def morning(vehicles=1):
    return Problem(
        vehicles=[
            Vehicle(id=number, start=0, end=0, capacity=(4,), shift=Window(0, 400))
            for number in range(1, vehicles + 1)
        ],
        shipments=[shipment(1, 1, 5), shipment(2, 2, 6), shipment(3, 3, 7)],
        durations={"car": MATRIX},
    )


def test_a_started_round_keeps_its_parcels_and_takes_a_late_order_that_fits():
    problem = morning(vehicles=2)
    first = solve(problem)
    assert violations(problem, first) == []
    # Vehicle 1 is out: it delivered 1, carries 2, still has 3 to collect; a late order (4) comes in near it.
    problem.shipments.append(shipment(4, 4, 8))
    progress = [Progress(vehicle=1, place=6, time=60, aboard=frozenset({2}), committed=frozenset({3}))]
    remaining, plan = replan(problem, progress, finished={1}, now=60)
    assert violations(remaining, plan) == []
    assert plan.unassigned == []
    assert {step.task for route in plan.routes for step in route.tasks} == {
        2,
        3,
        4,
    }  # 1 is done: not replanned
    assert deliveries_aboard(plan, progress) == {2: 1}
    on_one = {step.task for route in plan.routes if route.vehicle == 1 for step in route.tasks}
    assert {2, 3} <= on_one
    started = next(route for route in plan.routes if route.vehicle == 1)
    assert started.steps[0].place == 6 and started.steps[0].arrival >= 60
    assert all(route.steps[0].arrival >= 60 for route in plan.routes)


def test_a_late_order_is_inserted_into_the_only_started_round():
    problem = morning(vehicles=1)
    problem.shipments.append(shipment(4, 4, 9))
    progress = [Progress(vehicle=1, place=5, time=40, aboard=frozenset({2}), committed=frozenset({3}))]
    remaining, plan = replan(problem, progress, finished={1}, now=40)
    assert violations(remaining, plan) == []
    assert [route.vehicle for route in plan.routes] == [1]
    kinds = {(step.kind, step.task) for step in plan.routes[0].tasks}
    assert (StepKind.PICKUP, 4) in kinds and (StepKind.DELIVERY, 4) in kinds


def test_a_cancelled_order_leaves_the_plan_and_a_late_one_that_does_not_fit_is_explained():
    problem = morning(vehicles=1)
    too_late = Shipment(
        id=4, pickup=Visit(place=4), delivery=Visit(place=8, windows=(Window(0, 50),)), amount=(1,)
    )
    problem.shipments.append(too_late)
    progress = [Progress(vehicle=1, place=5, time=40, committed=frozenset({2, 3}))]
    remaining, plan = replan(problem, progress, finished={1, 3}, now=40)
    assert violations(remaining, plan) == []
    assert {step.task for route in plan.routes for step in route.tasks} == {2}
    assert [(item.task, str(item.reason)) for item in plan.unassigned] == [(4, "window_impossible")]
