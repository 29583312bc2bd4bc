"""The observatory's statistical secrecy thresholds (observatory/secrecy.py), read from the environment.

The defaults are the usual rules of French public statistics on business data: at least 3 contributors, none above
85 % of a cell, at least 11 individuals; a hidden cell must stay uncertain by at least ± 10 % of its value."""

import environ

env = environ.Env()

OBSERVATORY_MIN_MERCHANTS = env.int("OBSERVATORY_MIN_MERCHANTS", default=3)
OBSERVATORY_DOMINANCE = env.float("OBSERVATORY_DOMINANCE", default=0.85)
OBSERVATORY_MIN_COUNT = env.int("OBSERVATORY_MIN_COUNT", default=11)
OBSERVATORY_PROTECTION = env.float("OBSERVATORY_PROTECTION", default=0.10)


# The shop feeds the observatory its facts and names its keys (core.wiring: the observatory imports no domain).
OBSERVATORY_FEED = "shop.observatory_feed.observatory_feed"
OBSERVATORY_LABELS = "shop.observatory_feed.observatory_labels"
# The merchant space's user → (merchant id, sector), or None: the merchant's own figures beside their sector's.
OBSERVATORY_MERCHANT_OF = "shop.observatory_feed.observatory_merchant_of"
# Minutes between two incremental refreshes by Celery beat.
OBSERVATORY_REFRESH_MINUTES = env.int("OBSERVATORY_REFRESH_MINUTES", default=10)
# How far before the last refresh the next one reads again, for changes that committed late.
OBSERVATORY_REFRESH_OVERLAP_SECONDS = env.int("OBSERVATORY_REFRESH_OVERLAP_SECONDS", default=600)

# kg of CO2 equivalent per kilometre driven, by vehicle kind, and where each figure comes from (shown beside the
# figures). ADEME's Base Empreinte as published by impactco2.fr (life cycle, per vehicle-km): a thermal car
# 0.218, an electric car 0.103, an electric-assist bicycle 0.0109. ADEME gives no figure there for a small electric
# van: the electric car's stands for it until the municipality sets its own.
OBSERVATORY_EMISSION_FACTORS = {
    "car": {"kg_per_km": 0.218, "source": "ADEME, Base Empreinte (impactco2.fr) : voiture thermique"},
    "electric_van": {
        "kg_per_km": 0.103,
        "source": "ADEME, Base Empreinte (impactco2.fr) : voiture électrique, faute de valeur pour l'utilitaire",
    },
    "cargo_bike": {
        "kg_per_km": 0.0109,
        "source": "ADEME, Base Empreinte (impactco2.fr) : vélo à assistance électrique",
    },
}

OBSERVATORY_BEAT_SCHEDULE = {
    "observatory-refresh": {
        "task": "observatory.tasks.observatory_refresh_all",
        "schedule": OBSERVATORY_REFRESH_MINUTES * 60.0,
    },
}

__all__ = [
    "OBSERVATORY_BEAT_SCHEDULE",
    "OBSERVATORY_DOMINANCE",
    "OBSERVATORY_EMISSION_FACTORS",
    "OBSERVATORY_FEED",
    "OBSERVATORY_LABELS",
    "OBSERVATORY_MERCHANT_OF",
    "OBSERVATORY_REFRESH_MINUTES",
    "OBSERVATORY_REFRESH_OVERLAP_SECONDS",
    "OBSERVATORY_MIN_COUNT",
    "OBSERVATORY_MIN_MERCHANTS",
    "OBSERVATORY_PROTECTION",
]
