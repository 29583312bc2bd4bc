"""How good and how fast is the round planner (delivery.planning)?

- The 56 Li & Lim PDPTW instances (100 customers) and the 56 Solomon VRPTW instances, read by the planner's own parser
  from ../shared/data/vrp/: per instance the cost (total Euclidean length), vehicles, gap to BKS.json and solve time,
  for the planner and for a nearest-neighbour baseline run beside it. Targets: Li & Lim mean gap <= 0.5 % and mean
  time <= 1 s; Solomon mean gap <= 1.7 % and mean time <= 4 s. The best known costs are the literature's, which
  minimises vehicles first: where the planner uses more vehicles, its distance can be below them (negative gap);
  ``instances_below_bks_with_more_vehicles`` counts those, and the mean gap over the others is reported too.
- A realistic day in the demo territory (150 parcels from 25 shops, 3 couriers) planned in <= 5 s, and an
  intercommunality's day (2,000 parcels, 200 shops, 20 couriers) in <= 60 s, with kilometres, hours and parcels per
  round and the unassigned parcels by reason.

Every plan is checked by the independent validator (delivery.planning.validator): any violation fails the bench."""

import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._harness import write_result  # noqa: E402
from bench._rounds_day import SHARED, realistic_day  # noqa: E402
from delivery.planning.baseline import nearest_neighbour  # noqa: E402
from delivery.planning.solver import solve  # noqa: E402
from delivery.planning.validator import violations  # noqa: E402
from delivery.planning.vrp_files import read_li_lim, read_solomon  # noqa: E402

SETS = {
    "li_lim_100": (read_li_lim, SHARED / "vrp" / "PDPTW", 0.5, 1.0),
    "solomon": (read_solomon, SHARED / "vrp" / "VRPTW", 1.7, 4.0),
}


def _timed(function, *args):
    started = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - started


def benchmark_set(name: str) -> dict:
    reader, folder, gap_target, time_target = SETS[name]
    best = json.loads((folder / "BKS.json").read_text())
    instances, problems = [], []
    for path in sorted((folder / name).glob("*.txt")):
        instance = reader(path)
        known = best[instance.name]
        plan, seconds = _timed(solve, instance.problem)
        baseline, baseline_seconds = _timed(nearest_neighbour, instance.problem)
        for label, answer in (("planner", plan), ("baseline", baseline)):
            wrong = violations(instance.problem, answer)
            if wrong:
                problems.append(f"{instance.name} ({label}): {wrong[:3]}")
        cost, baseline_cost = instance.cost(plan), instance.cost(baseline)
        instances.append(
            {
                "instance": instance.name,
                "best_known_cost": known["best_known_cost"],
                "best_known_vehicles": known["solved_with_vehicles"],
                "cost": round(cost, 2),
                "vehicles": len(plan.routes),
                "unassigned": len(plan.unassigned),
                "gap_pct": round((cost - known["best_known_cost"]) / known["best_known_cost"] * 100, 3),
                "seconds": round(seconds, 3),
                "baseline_cost": round(baseline_cost, 2),
                "baseline_vehicles": len(baseline.routes),
                "baseline_unassigned": len(baseline.unassigned),
                "baseline_gap_pct": round(
                    (baseline_cost - known["best_known_cost"]) / known["best_known_cost"] * 100, 3
                ),
                "baseline_seconds": round(baseline_seconds, 3),
            }
        )
    below = [row for row in instances if row["gap_pct"] < 0 and row["vehicles"] > row["best_known_vehicles"]]
    others = [row for row in instances if row not in below]
    mean_gap = statistics.mean(row["gap_pct"] for row in instances)
    mean_seconds = statistics.mean(row["seconds"] for row in instances)
    return {
        "instances": len(instances),
        "mean_gap_pct": round(mean_gap, 3),
        "mean_gap_pct_excluding_below_bks_with_more_vehicles": round(
            statistics.mean(row["gap_pct"] for row in others), 3
        )
        if others
        else None,
        "instances_below_bks_with_more_vehicles": len(below),
        "mean_seconds": round(mean_seconds, 3),
        "max_seconds": max(row["seconds"] for row in instances),
        "all_assigned": all(row["unassigned"] == 0 for row in instances),
        "baseline_mean_gap_pct": round(statistics.mean(row["baseline_gap_pct"] for row in instances), 3),
        "baseline_mean_seconds": round(statistics.mean(row["baseline_seconds"] for row in instances), 4),
        "validator_violations": problems,
        "targets": {
            f"mean_gap_le_{gap_target}pct": mean_gap <= gap_target,
            f"mean_seconds_le_{time_target}": mean_seconds <= time_target,
            "no_violation": not problems,
        },
        "per_instance": instances,
    }


def day(*, parcels: int, couriers: int, shops: int, radius_km: float, seconds_target: float) -> dict:
    problem = realistic_day(parcels=parcels, couriers=couriers, shops=shops, radius_km=radius_km)
    plan, seconds = _timed(solve, problem)
    wrong = violations(problem, plan)
    rounds = []
    for route in plan.routes:
        places = [step.place for step in route.steps if step.place is not None]
        metres = sum(problem.distances[a][b] for a, b in zip(places, places[1:], strict=False))
        rounds.append(
            {
                "vehicle": route.vehicle,
                "profile": next(v.profile for v in problem.vehicles if v.id == route.vehicle),
                "parcels": sum(1 for step in route.tasks if step.kind == "delivery"),
                "km": round(metres / 1000, 1),
                "hours": round((route.steps[-1].arrival - route.steps[0].arrival) / 3600, 2),
            }
        )
    return {
        "parcels": parcels,
        "couriers": couriers,
        "shops": shops,
        "places": len(problem.durations["car"]),
        "seconds": round(seconds, 2),
        "delivered_in_plan": sum(r["parcels"] for r in rounds),
        "unassigned_by_reason": dict(Counter(str(item.reason) for item in plan.unassigned)),
        "km_total": round(sum(r["km"] for r in rounds), 1),
        "rounds": rounds,
        "validator_violations": wrong[:10],
        "targets": {f"seconds_le_{seconds_target:g}": seconds <= seconds_target, "no_violation": not wrong},
    }


def main():
    result = {"bench": "rounds"}
    for name in SETS:
        result[name] = benchmark_set(name)
    result["demo_day"] = day(parcels=150, couriers=3, shops=25, radius_km=20, seconds_target=5)
    result["intercommunality_day"] = day(
        parcels=2000, couriers=20, shops=200, radius_km=35, seconds_target=60
    )
    result["targets_met"] = all(
        all(result[key]["targets"].values())
        for key in ("li_lim_100", "solomon", "demo_day", "intercommunality_day")
    )
    write_result("rounds", result)
    return 0 if result["targets_met"] else 1


if __name__ == "__main__":
    sys.exit(main())
