"""What tenancy costs a page, measured in one process so that the machine's noise cancels out.

Each page is served alternately by two handlers on the same database: the project's own (the territory middlewares
resolve the host and the account, the ORM guard adds the territory filter to every owned query, the cache keys carry
the territory) and the same stack with the tenancy layer taken out (no territory middleware, the guard switched off:
the queries the pre-tenancy shop ran). The bench's database holds one territory, so both serve the same page; the
assertion below checks it. Reported per page: the median CPU time of each, their ratio, and the Python function calls
each makes (an exact count, from the profiler), whose ratio does not depend on the machine's load at all."""

import cProfile
import gc
import pstats
import re
import statistics
import time

ROUNDS = 30  # alternations per page
REQUESTS_PER_ROUND = 5


def _handlers():
    from django.conf import settings
    from django.test import Client
    from django.test.client import ClientHandler
    from django.test.utils import override_settings

    from territory.tenancy import territory_all

    class WithoutTenancy(ClientHandler):
        def load_middleware(self, is_async=False):
            kept = [name for name in settings.MIDDLEWARE if not name.startswith("territory.")]
            with override_settings(MIDDLEWARE=kept):
                super().load_middleware(is_async)

        def __call__(self, environ):
            with territory_all(database=False):
                return super().__call__(environ)

    with_tenancy = Client()
    without_tenancy = Client()
    without_tenancy.handler = WithoutTenancy()
    return with_tenancy, without_tenancy


def _page(response) -> str:
    """The page without what differs between two visitors anyway (CSRF token, CSP nonce)."""
    html = response.content.decode()
    return re.sub(r'(csrfmiddlewaretoken" value|nonce)="[^"]*"', "", html)


def _times_ms(client, url: str) -> tuple[float, float]:
    """CPU and wall time of one request (the wall time includes the database's). The garbage collector waits
    outside the timed requests: a full collection landing in one side's round would weigh more than tenancy."""
    gc.collect()
    gc.disable()
    try:
        cpu, wall = time.process_time(), time.perf_counter()
        for _ in range(REQUESTS_PER_ROUND):
            client.get(url)
        return (
            (time.process_time() - cpu) * 1000 / REQUESTS_PER_ROUND,
            (time.perf_counter() - wall) * 1000 / REQUESTS_PER_ROUND,
        )
    finally:
        gc.enable()


def _overhead_pct(on: list[float], off: list[float]) -> float:
    """The median of the paired rounds' ratios: a slow moment of the machine hits both of a pair alike."""
    return round((statistics.median(a / b for a, b in zip(on, off, strict=True)) - 1) * 100, 1)


def _calls(client, url: str) -> int:
    profile = cProfile.Profile()
    profile.enable()
    client.get(url)
    profile.disable()
    return pstats.Stats(profile).total_calls


def tenancy_cost(pages: dict[str, str]) -> dict:
    with_tenancy, without_tenancy = _handlers()
    results = {}
    for name, url in pages.items():
        first, second = with_tenancy.get(url), without_tenancy.get(url)
        assert first.status_code == second.status_code == 200, (name, first.status_code, second.status_code)
        assert _page(first) == _page(second), f"{name}: the two handlers do not serve the same page"
        for _ in range(3):  # warm both
            with_tenancy.get(url), without_tenancy.get(url)
        on, off = [], []
        for number in range(ROUNDS):
            if number % 2:  # each goes first in half the rounds
                off.append(_times_ms(without_tenancy, url))
                on.append(_times_ms(with_tenancy, url))
            else:
                on.append(_times_ms(with_tenancy, url))
                off.append(_times_ms(without_tenancy, url))
        calls_on, calls_off = _calls(with_tenancy, url), _calls(without_tenancy, url)
        cpu_on, wall_on = zip(*on, strict=True)
        cpu_off, wall_off = zip(*off, strict=True)
        results[name] = {
            "cpu_ms_with_tenancy": round(statistics.median(cpu_on), 2),
            "cpu_ms_without_tenancy": round(statistics.median(cpu_off), 2),
            "cpu_overhead_pct": _overhead_pct(cpu_on, cpu_off),
            "wall_ms_with_tenancy": round(statistics.median(wall_on), 2),
            "wall_ms_without_tenancy": round(statistics.median(wall_off), 2),
            "wall_overhead_pct": _overhead_pct(wall_on, wall_off),
            "python_calls_with_tenancy": calls_on,
            "python_calls_without_tenancy": calls_off,
            "calls_overhead_pct": round((calls_on / calls_off - 1) * 100, 1),
        }
    return results
