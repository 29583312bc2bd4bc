"""How fast is browsing 10,000 products of 50 merchants, beside stock django-oscar on the same catalogue?

Seeds the demo at 50 merchants x 200 products in the bench database (on the configured server: PostgreSQL when
DATABASE_URL points at one), serves it with gunicorn (2 workers) and times the home page, the catalogue, search, a
merchant page, a product page and adding to the basket, at 1 and at 8 concurrent clients. In the same run, stock
django-oscar (bench/stock_oscar: Oscar's own apps and templates, as its documentation sets a project up, with a
Whoosh index for the Haystack search Oscar browses through) is seeded with the same shops' catalogues in its own
database and served the same way, and its catalogue, search, product page and add-to-basket are timed by the
same clients; ``vs_stock_oscar`` gives each page's p50 as a share of stock Oscar's. The cached pages (home, catalogue, search, merchant) are timed in their steady state (each of the URLs the clients
cycle through visited once before), and also with their caches off (``uncached``, CATALOGUE_CACHE_SECONDS=0), the
cost of every first visit after a change. Also counts SQL queries per page in-process, and what tenancy costs
each page (bench/_tenancy_cost.py: the same pages served alternately with and without the tenancy layer, in one
process). Only the first demo territory is loaded, so that both serve the same pages. Targets (PostgreSQL):
catalogue, search and merchant page p50 <= 10 ms at 1 client and >= 150 requests/s at 8; product page and add to
basket p50 at most 60 % of stock Oscar's; tenancy costs no page more than 5 % of its Python calls, and the pages'
median CPU overhead stays within 5 %.

Also reports search relevance (for each of a fixed set of queries, whether the product one means is in the first
three results, and the share of them) and times the suggestions endpoint (target: p95 <= 50 ms at 1 client).
BENCH_MERCHANTS and BENCH_PER_MERCHANT set a smaller catalogue while developing."""

import os
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._harness import (  # noqa: E402
    ROOT,
    LiveServer,
    bench_environment,
    ensure_postgres_database,
    manage,
    measure,
    write_result,
)
from bench._tenancy_cost import tenancy_cost  # noqa: E402

MERCHANTS = int(os.environ.get("BENCH_MERCHANTS", 50))
PER_MERCHANT = int(os.environ.get("BENCH_PER_MERCHANT", 200))
SEARCHES = ["pain", "fromage", "pates fraiches", "vin rouge", "tomate", "livre", "chocolat noir", "miel"]
ONE_CLIENT, EIGHT_CLIENTS = (1, 40), (8, 25)
# (query, the title of the product meant, or its beginning: the bench's extra lots add « — lot N » to titles).
RELEVANCE = [
    ("pates fraiches", "Pâtes fraîches"),
    ("pain", "Pain "),
    ("pain de campagne", "Pain de campagne au levain"),
    ("fromage de chevre", "Fromage de chèvre frais"),
    ("fromgae", "Fromage de chèvre frais"),
    ("confiture fraise", "Confiture de fraises"),
    ("miel acacia", "Miel d'acacia"),
    ("tomates marmande", "Tomates de Marmande"),
    ("saucisse toulouse", "Saucisse de Toulouse"),
    ("biere ambree", "Bière ambrée artisanale"),
    ("bierre blonde", "Bière blonde artisanale"),
    ("cafe colombie", "Café Colombie Huila"),
    ("chocolatine", "Chocolatine"),
    ("pruneaux", "Pruneaux"),
]
# What one types on the way to a word: mostly distinct, so that the suggestions' one-minute cache rarely answers.
PREFIXES = [
    word[:length]
    for word in (
        "fromage",
        "pain",
        "confiture",
        "miel",
        "tomate",
        "chocolat",
        "saucisse",
        "biere",
        "cafe",
        "livre",
    )
    for length in range(2, min(len(word), 5) + 1)
]


def prepare_database(env):
    ensure_postgres_database(env["DATABASE_URL"])
    started = time.perf_counter()
    manage(env, "migrate", "--noinput", "-v0")
    manage(
        env,
        "seed_demo",
        "--merchants",
        str(MERCHANTS),
        "--products-per-merchant",
        str(PER_MERCHANT),
        "--territories",
        "1",
    )
    return round(time.perf_counter() - started, 1)


STOCK_PORT, UNCACHED_PORT = 8766, 8767


def stock_environment(env: dict[str, str]) -> dict[str, str]:
    stock = dict(env, DJANGO_SETTINGS_MODULE="bench.stock_oscar.settings")
    if stock["DATABASE_URL"].startswith("postgres"):
        parsed = urllib.parse.urlsplit(stock["DATABASE_URL"])
        stock["DATABASE_URL"] = urllib.parse.urlunsplit(parsed._replace(path="/comptoir_bench_stock_oscar"))
    else:
        stock["DATABASE_URL"] = (
            f"sqlite:///{Path(__file__).resolve().parent.parent / 'var' / 'bench_stock.sqlite3'}"
        )
    return stock


def stock_run(stock_env, *args: str) -> str:
    """``python -m <args>`` under stock Oscar's settings; its output, or the bench stops with its errors."""
    result = subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, env=stock_env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise SystemExit(f"stock Oscar: {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def prepare_stock_oscar(stock_env) -> list[tuple[int, str]]:
    """Stock Oscar's database, migrated and seeded once, and its search index (Whoosh, stock_oscar/settings.py)
    built once; 50 of its products (id, URL), drawn at random."""
    ensure_postgres_database(stock_env["DATABASE_URL"])
    stock_run(stock_env, "django", "migrate", "--noinput", "-v0")
    stock_run(stock_env, "bench.stock_oscar.seed", str(MERCHANTS), str(PER_MERCHANT))
    if not (ROOT / "var" / "bench-stock-oscar" / "whoosh").exists():
        stock_run(stock_env, "django", "rebuild_index", "--noinput", "-v0")
    listing = stock_run(stock_env, "bench.stock_oscar.sample")
    return [(int(pk), url) for pk, url in (line.split(" ", 1) for line in listing.splitlines())]


def sample_urls():
    from oscar.core.loading import get_model

    from merchants.models import Merchant

    Product = get_model("catalogue", "Product")
    merchants = list(Merchant.objects.order_by("pk").values_list("slug", flat=True))
    products = list(Product.objects.order_by("?")[:50])
    return {
        "merchants": [f"/commercants/{slug}/" for slug in merchants],
        "products": [product.get_absolute_url() for product in products],
        "product_ids": [product.pk for product in products],
    }


def count_queries(urls):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    pages = {
        "home": "/",
        "catalogue": "/catalogue/",
        "search": "/search/?q=pates+fraiches",
        "suggestions": "/search/suggestions/?q=fro",
        "merchant": urls["merchants"][0],
        "product": urls["products"][0],
    }
    counts = {}
    for name, url in pages.items():
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            status = client.get(url).status_code
        assert status == 200, (name, url, status)
        counts[name] = len(queries)
    client.get(urls["products"][0])
    with CaptureQueriesContext(connection) as queries:
        status = client.post(f"/basket/add/{urls['product_ids'][0]}/", {"quantity": 1}).status_code
    assert status == 302, status
    counts["add_to_basket"] = len(queries)
    return counts


def relevance_report():
    """For each query of RELEVANCE, whether the product meant is among the first three results of the search
    page's order (the same selector, in-process)."""
    from shop.selectors import products_browse

    checks = []
    for query, expected in RELEVANCE:
        top = list(products_browse(query=query, sort="relevance").values_list("title", flat=True)[:3])
        checks.append(
            {
                "query": query,
                "expected": expected,
                "top3": top,
                "found": any(t.startswith(expected) for t in top),
            }
        )
    found = sum(check["found"] for check in checks)
    return {"queries": checks, "found_in_top3": found, "share": round(found / len(checks), 3)}


def actions(urls, products=None):
    """What the clients do, page by page; ``products`` (ids and URLs) replaces the sample's for stock Oscar."""
    if products is not None:
        urls = dict(urls, products=[url for _pk, url in products], product_ids=[pk for pk, _url in products])

    def get(path_for):
        def action(client, _state, number):
            status, _body = client.request("GET", path_for(number))
            return status == 200

        return action

    def add_to_basket(client, state, number):
        product_id = urls["product_ids"][number % len(urls["product_ids"])]
        status, _body = client.request(
            "POST", f"/basket/add/{product_id}/", {"quantity": "1", "csrfmiddlewaretoken": state}
        )
        return status == 302

    return {
        "home": (get(lambda n: "/"), None),
        "catalogue": (get(lambda n: f"/catalogue/?page={n % 20 + 1}"), None),
        "search": (get(lambda n: "/search/?q=" + SEARCHES[n % len(SEARCHES)].replace(" ", "+")), None),
        "suggestions": (get(lambda n: f"/search/suggestions/?q={PREFIXES[n % len(PREFIXES)]}"), None),
        "merchant": (get(lambda n: urls["merchants"][n % len(urls["merchants"])]), None),
        "product": (get(lambda n: urls["products"][n % len(urls["products"])]), None),
        "add_to_basket": (add_to_basket, lambda client: client.csrf_token(urls["products"][0])),
    }


def timed(port, action, prepare, distinct: int = 0):
    """The page at 1 and at 8 clients after a warm-up; with ``distinct`` (a cached page: how many different URLs
    the clients cycle through), the warm-up visits each once, so the timing is of the steady state that residents
    browsing shared pages meet; the first visits are timed on the uncached server."""
    measure(port, action, clients=2, requests_per_client=3, prepare=prepare)  # warm-up
    if distinct:
        measure(port, action, clients=1, requests_per_client=distinct, prepare=prepare)
    one = measure(port, action, clients=ONE_CLIENT[0], requests_per_client=ONE_CLIENT[1], prepare=prepare)
    eight = measure(
        port, action, clients=EIGHT_CLIENTS[0], requests_per_client=EIGHT_CLIENTS[1], prepare=prepare
    )
    return {"1_client": one, "8_clients": eight}


STOCK_PAGES = ["catalogue", "search", "product", "add_to_basket"]
CACHED_PAGES = ["home", "catalogue", "search", "merchant"]


def _error_count(measured) -> int:
    return sum(len(page["1_client"]["errors"]) + len(page["8_clients"]["errors"]) for page in measured)


def main():
    env = bench_environment("catalogue")
    seed_seconds = prepare_database(env)
    stock_env = stock_environment(env)
    stock_products = prepare_stock_oscar(stock_env)
    os.environ.update(env)
    import django

    django.setup()
    from django.db import connection

    from territory.selectors import territory_default
    from territory.tenancy import territory_activate

    with territory_activate(territory_default()):  # the territory the bench's requests are served
        urls = sample_urls()
        relevance = relevance_report()
    queries = count_queries(urls)
    tenancy = tenancy_cost(
        {
            "home": "/",
            "catalogue": "/catalogue/?page=3",
            "search": "/search/?q=pates+fraiches",
            "merchant": urls["merchants"][0],
            "product": urls["products"][0],
        }
    )
    pages, stock, uncached = {}, {}, {}
    ours, theirs = actions(urls), actions(urls, stock_products)
    with (
        LiveServer(env, workers=2) as server,
        LiveServer(stock_env, workers=2, port=STOCK_PORT, wsgi="bench.stock_oscar.wsgi") as stock_server,
        LiveServer(dict(env, CATALOGUE_CACHE_SECONDS="0"), workers=2, port=UNCACHED_PORT) as uncached_server,
    ):
        distinct = {"home": 1, "catalogue": 20, "search": len(SEARCHES), "merchant": len(urls["merchants"])}
        for name, (action, prepare) in ours.items():
            steady = timed(server.port, action, prepare, distinct.get(name, 0))
            pages[name] = {"sql_queries": queries.get(name), **steady}
            if name in STOCK_PAGES:  # the same clients, right after, on stock Oscar
                stock[name] = timed(stock_server.port, *theirs[name])
            if name in CACHED_PAGES:
                uncached[name] = timed(uncached_server.port, action, prepare)
    versus = {
        name: {
            "p50_1_client_share": round(
                pages[name]["1_client"]["p50_ms"] / stock[name]["1_client"]["p50_ms"], 3
            ),
            "p50_8_clients_share": round(
                pages[name]["8_clients"]["p50_ms"] / stock[name]["8_clients"]["p50_ms"], 3
            ),
            "speed_up_1_client": round(
                stock[name]["1_client"]["p50_ms"] / pages[name]["1_client"]["p50_ms"], 1
            ),
        }
        for name in STOCK_PAGES
    }
    targeted = ["catalogue", "search", "merchant"]
    checks = {
        name: {
            "p50_1_client_le_10ms": pages[name]["1_client"]["p50_ms"] <= 10,
            "rps_8_clients_ge_150": pages[name]["8_clients"]["requests_per_s"] >= 150,
        }
        for name in targeted
    }
    for name in ("product", "add_to_basket"):
        checks[name] = {"p50_1_client_le_60pct_of_stock_oscar": versus[name]["p50_1_client_share"] <= 0.6}
    checks["suggestions"] = {"p95_1_client_le_50ms": pages["suggestions"]["1_client"]["p95_ms"] <= 50}
    checks["relevance"] = {"share_top3_ge_90pct": relevance["share"] >= 0.9}
    cpu_overheads = sorted(page["cpu_overhead_pct"] for page in tenancy.values())
    checks["tenancy"] = {
        "python_calls_overhead_le_5pct": all(page["calls_overhead_pct"] <= 5 for page in tenancy.values()),
        "median_cpu_overhead_le_5pct": cpu_overheads[len(cpu_overheads) // 2] <= 5,
    }
    vendor = connection.vendor
    ours = [*pages.values(), *uncached.values()]
    result = {
        "bench": "catalogue",
        "database": vendor,
        "merchants": MERCHANTS,
        "products": MERCHANTS * PER_MERCHANT,
        "gunicorn_workers": 2,
        "seed_seconds": seed_seconds,
        "pages": pages,
        "stock_oscar": {"version": stock_oscar_version(), "pages": stock},
        "vs_stock_oscar": versus,
        "uncached": uncached,
        "suggestions": {
            "p50_ms": pages["suggestions"]["1_client"]["p50_ms"],
            "p95_ms": pages["suggestions"]["1_client"]["p95_ms"],
        },
        "relevance": relevance,
        "tenancy_cost": tenancy,
        "targets": checks,
        "targets_apply_to": "postgresql",
        "targets_met": all(all(check.values()) for check in checks.values())
        if vendor == "postgresql"
        else None,
        "errors": _error_count(ours),
        # Stock Oscar's own failures (its product view races on the first views of a product under 8 clients:
        # a duplicate analytics row, a 500) are reported, not counted against us.
        "stock_oscar_errors": _error_count(stock.values()),
    }
    write_result("catalogue", result)
    return 0 if result["errors"] == 0 and result["targets_met"] is not False else 1


def stock_oscar_version() -> str:
    from importlib.metadata import version

    return version("django-oscar")


if __name__ == "__main__":
    sys.exit(main())
