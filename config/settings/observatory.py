"""The observatory's statistical secrecy thresholds (observatory/secrecy.py), read from the environment.

The defaults are the usual rules of French public statistics on business data: at least 3 contributors, none above
85 % of a cell, at least 11 individuals; a hidden cell must stay uncertain by at least ± 10 % of its value."""

import environ

env = environ.Env()

OBSERVATORY_MIN_MERCHANTS = env.int("OBSERVATORY_MIN_MERCHANTS", default=3)
OBSERVATORY_DOMINANCE = env.float("OBSERVATORY_DOMINANCE", default=0.85)
OBSERVATORY_MIN_COUNT = env.int("OBSERVATORY_MIN_COUNT", default=11)
OBSERVATORY_PROTECTION = env.float("OBSERVATORY_PROTECTION", default=0.10)

__all__ = [
    "OBSERVATORY_DOMINANCE",
    "OBSERVATORY_MIN_COUNT",
    "OBSERVATORY_MIN_MERCHANTS",
    "OBSERVATORY_PROTECTION",
]
