"""How long until a new territory is online, and do migrations cost more with more territories?

Creates 20 territories one after the other with the operator's service (`territory_create`, as
`manage.py territory_create` does), each with two communes, and times each one from the call until its home page
answers 200 on its own domain and on its /t/<slug>/ prefix. Times a `migrate` (nothing to apply: the schema is
shared, territories are rows) with one territory and with 21. Targets: a territory online in <= 60 s; the
migrate with 21 territories within 20 % (and 1 s) of the one with 1."""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._harness import bench_environment, ensure_postgres_database, manage, write_result  # noqa: E402

TERRITORIES = 20
COMMUNES = ["47323", "47027", "47215", "47049", "47252", "47145", "47001", "47310"]


def timed_migrate(env) -> float:
    started = time.perf_counter()
    manage(env, "migrate", "--noinput", "-v0")
    return round(time.perf_counter() - started, 2)


def main():
    env = bench_environment("tenancy")
    env["ALLOWED_HOSTS"] = ".bench.localhost,testserver"
    ensure_postgres_database(env["DATABASE_URL"])
    manage(env, "migrate", "--noinput", "-v0")
    os.environ.update(env)
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from territory.models import Territory
    from territory.services import territory_create
    from territory.tenancy import territory_all

    with territory_all():
        Territory.objects.filter(slug__startswith="bench-").delete()
        if not Territory.objects.exists():
            territory_create(name="Territoire de départ", slug="bench-0", insee_codes=["47157"])
    migrate_with_one = timed_migrate(env)
    client = Client()
    online = []
    for number in range(1, TERRITORIES + 1):
        started = time.perf_counter()
        with territory_all():
            territory = territory_create(
                name=f"Territoire {number}",
                slug=f"bench-{number}",
                domain=f"t{number}.bench.localhost",
                insee_codes=[COMMUNES[number % len(COMMUNES)], COMMUNES[(number + 1) % len(COMMUNES)]],
            )
        on_domain = client.get("/", HTTP_HOST=territory.domain)
        on_prefix = client.get(f"/t/{territory.slug}/")
        seconds = time.perf_counter() - started
        assert on_domain.status_code == on_prefix.status_code == 200, (on_domain, on_prefix)
        assert territory.name in on_domain.content.decode()
        online.append(round(seconds, 3))
    with territory_all():
        count = Territory.objects.count()
    migrate_with_many = timed_migrate(env)
    worst = max(online)
    write_result(
        "tenancy",
        {
            "database": connection.vendor,
            "territories": count,
            "online_seconds": {"max": worst, "mean": round(sum(online) / len(online), 3)},
            "migrate_seconds": {"with_1": migrate_with_one, f"with_{count}": migrate_with_many},
            "targets": {
                "online_le_60s": worst <= 60,
                "migrate_same_time": migrate_with_many <= max(migrate_with_one * 1.2, migrate_with_one + 1),
            },
        },
    )


if __name__ == "__main__":
    main()
