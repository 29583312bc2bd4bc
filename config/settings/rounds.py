"""The delivery rounds' settings (shop/rounds.py, delivery/planning/), read from the environment.

Travel times come from OSRM's table service when ``OSRM_URL`` is set (e.g. http://osrm.internal:5000), else as the
crow flies × ``DELIVERY_CIRCUITY`` at each vehicle's average speed."""

import environ
from celery.schedules import crontab

env = environ.Env()

OSRM_URL = env("OSRM_URL", default="")
OSRM_TIMEOUT = env.float("OSRM_TIMEOUT", default=10.0)
# The server's --max-table-size: a larger day is asked in blocks of this many sources × destinations.
OSRM_TABLE_SIZE = env.int("OSRM_TABLE_SIZE", default=100)
DELIVERY_CIRCUITY = env.float("DELIVERY_CIRCUITY", default=1.3)
DELIVERY_HOME_WINDOW = env(
    "DELIVERY_HOME_WINDOW", default="09:00-19:00"
)  # until slots are booked at checkout
DELIVERY_PARCEL_LITRES = env.int("DELIVERY_PARCEL_LITRES", default=20)
# What the dispatcher's page (delivery.dispatch) needs from the shop, named rather than imported (core/wiring.py):
# planning a day, planner(day=, now=) -> PlanRun, and moving a parcel, mover(fulfilment_id=, to_round_id=, now=).
DELIVERY_ROUNDS_PLANNER = "shop.rounds.rounds_plan"
DELIVERY_PARCEL_MOVER = "shop.round_moves.round_parcel_move"

# The plan is made after each cut-off: at 12:05 for the afternoon, at 18:05 for the next day.
ROUNDS_BEAT_SCHEDULE = {
    "delivery-plan-today": {
        "task": "shop.tasks.rounds_plan_day",
        "schedule": crontab(hour=12, minute=5),
        "kwargs": {"days_ahead": 0},
    },
    "delivery-plan-tomorrow": {
        "task": "shop.tasks.rounds_plan_day",
        "schedule": crontab(hour=18, minute=5),
        "kwargs": {"days_ahead": 1},
    },
    # Where the municipality set slots: each day is planned as soon as its slots' last cut-off has passed.
    "delivery-plan-after-cut-offs": {
        "task": "shop.tasks.rounds_plan_after_cut_offs",
        "schedule": 5 * 60,
    },
}

__all__ = [
    "DELIVERY_CIRCUITY",
    "DELIVERY_HOME_WINDOW",
    "DELIVERY_PARCEL_LITRES",
    "OSRM_TABLE_SIZE",
    "DELIVERY_PARCEL_MOVER",
    "DELIVERY_ROUNDS_PLANNER",
    "OSRM_TIMEOUT",
    "OSRM_URL",
    "ROUNDS_BEAT_SCHEDULE",
]
