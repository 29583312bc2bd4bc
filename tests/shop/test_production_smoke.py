"""Production really starts: deploy_prepare (collectstatic with the manifest, Oscar's missing image), then one
multi-threaded gunicorn on config.settings.production, a fresh PostgreSQL database and the run's Redis.

Its first requests are 16 parallel ones to the OpenAPI schema (none may fail), then the home page, a product and
the login page, each with a Content-Security-Policy whose nonce is the one its inline scripts carry. Without
PostgreSQL, Redis or gunicorn the test fails: production needs them, so does its smoke test."""

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import environ
import pytest

ROOT = Path(__file__).resolve().parents[2]
PARALLEL_FIRST_REQUESTS = 16
START_TIMEOUT = 60


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(args: list[str], env: dict[str, str], timeout: int = 300) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result


def get(url: str) -> tuple[int, dict[str, str], str]:
    request = urllib.request.Request(url, headers={"Accept-Language": "fr"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode(errors="replace")
    except OSError as error:
        return 0, {}, repr(error)


def _missing_service(message: str) -> None:
    """Skipped on the embedded default (SQLite, no Redis); in CI, where both run, a failure."""
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture
def smoke_database():
    """A database of its own on the run's PostgreSQL server, created empty and dropped afterwards."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        _missing_service("The production smoke test needs PostgreSQL: set DATABASE_URL=postgres://…")
    import psycopg

    config = environ.Env.db_url_config(url)
    name = f"{config['NAME']}_smoke_{uuid.uuid4().hex[:8]}"
    server = {
        "host": config.get("HOST") or "127.0.0.1",
        "port": config.get("PORT") or 5432,
        "user": config.get("USER") or "postgres",
        "password": config.get("PASSWORD") or None,
        "dbname": "postgres",
        "autocommit": True,
    }
    with psycopg.connect(**server) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    yield urlsplit(url)._replace(path=f"/{name}").geturl()
    with psycopg.connect(**server) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def production_env(smoke_database, tmp_path):
    redis_url = os.environ.get("REDIS_URL", "")
    if not redis_url:
        _missing_service("The production smoke test needs Redis: set REDIS_URL=redis://…")
    env = {key: value for key, value in os.environ.items() if key not in {"DEBUG", "SECRET_KEY"}}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DATABASE_URL=smoke_database,
        REDIS_URL=redis_url,
        CACHE_KEY_PREFIX=f"smoke-{uuid.uuid4().hex[:8]}",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="127.0.0.1",
        SITE_URL="https://boutique.mairie.example",
        # Plain HTTP on loopback: no TLS proxy in front of this gunicorn.
        SECURE_SSL_REDIRECT="false",
        STATIC_ROOT=str(tmp_path / "static"),
        MEDIA_ROOT=str(tmp_path / "media"),
        # Real-looking keys, and a Stripe that does not exist: none of the pages loaded here calls it.
        STRIPE_SECRET_KEY="sk_live_" + secrets.token_hex(12),
        STRIPE_PUBLISHABLE_KEY="pk_live_" + secrets.token_hex(12),
        STRIPE_WEBHOOK_SECRET="whsec_" + secrets.token_hex(16),
        STRIPE_API_BASE="https://stripe-api.invalid",
    )
    return env


@pytest.fixture
def gunicorn(production_env, tmp_path):
    """Migrated, seeded with a little demo data, deploy_prepare'd, then served; yields (base URL, env, log)."""
    executable = Path(sys.executable).with_name("gunicorn")
    if not executable.exists() and shutil.which("gunicorn") is None:
        pytest.fail("gunicorn is not installed (pip install -e '.[dev]')")
    executable = executable if executable.exists() else Path(shutil.which("gunicorn"))
    run(["migrate", "--noinput", "-v0"], production_env)
    # seed_demo refuses production settings: the data is loaded as the demo would, into the same database.
    demo_env = {**production_env, "DJANGO_SETTINGS_MODULE": "config.settings", "REDIS_URL": ""}
    run(["seed_demo", "--merchants", "1", "--products-per-merchant", "3"], demo_env)
    run(["deploy_prepare", "-v0"], production_env)

    port = free_port()
    log_path = tmp_path / "gunicorn.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [
                str(executable),
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--threads",
                "8",
            ]
            + ["--no-control-socket", "--timeout", "120"],
            cwd=ROOT,
            env=production_env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        # Wait for the socket only: the schema's parallel requests must be the first the application sees.
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if process.poll() is not None:
                pytest.fail(f"gunicorn stopped ({process.returncode}):\n{log_path.read_text()}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"gunicorn did not listen within {START_TIMEOUT} s:\n{log_path.read_text()}")
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}", production_env, log_path
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def static_names_in_templates() -> set[str]:
    names = set()
    for template in (ROOT / "templates").rglob("*.html"):
        names.update(re.findall(r"""{%\s*static\s+["']([^"']+)["']\s*%}""", template.read_text()))
    return names


def assert_csp_with_nonce(headers: dict[str, str], body: str, url: str) -> None:
    policy = headers.get("Content-Security-Policy", "")
    assert policy, f"{url}: no Content-Security-Policy header"
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if " " in part.strip())
    script_src = directives["script-src"].split()
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src, policy
    assert "https://js.stripe.com" in script_src, policy
    nonces = {source[len("'nonce-") : -1] for source in script_src if source.startswith("'nonce-")}
    inline = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)([^>]*)>", body)
    assert inline, f"{url}: expected Oscar's inline body-load script"
    for attributes in inline:
        match = re.search(r'nonce="([^"]+)"', attributes)
        assert match and match.group(1) in nonces, f"{url}: inline <script{attributes}> without the nonce"


def test_production_starts_serves_its_first_requests_and_sends_a_csp(gunicorn):
    base, env, log_path = gunicorn
    media_root = Path(env["MEDIA_ROOT"])
    missing_image = media_root / "image_not_found.jpg"
    assert missing_image.is_file() and not missing_image.is_symlink(), "deploy_prepare left no missing image"
    installed = missing_image.stat()

    manifest = json.loads((Path(env["STATIC_ROOT"]) / "staticfiles.json").read_text())["paths"]
    missing = sorted(name for name in static_names_in_templates() if name not in manifest)
    assert not missing, f"templates name static files that collectstatic did not collect: {missing}"

    with ThreadPoolExecutor(PARALLEL_FIRST_REQUESTS) as pool:
        answers = list(
            pool.map(lambda _: get(f"{base}/api/schema/?format=json"), range(PARALLEL_FIRST_REQUESTS))
        )
    errors = [(status, body[:200]) for status, _headers, body in answers if status != 200]
    assert errors == [], (
        f"{len(errors)} of {PARALLEL_FIRST_REQUESTS} first schema requests failed: {errors[:3]}"
    )
    assert all(json.loads(body)["paths"]["/api/pickup-points/"] for _status, _headers, body in answers)

    status, headers, home = get(f"{base}/")
    assert status == 200, home[:2000]
    assert_csp_with_nonce(headers, home, "/")
    products = re.findall(r'href="(/catalogue/[^"/]+_\d+/)"', home)
    assert products, "the home page links to no product"

    status, headers, product = get(f"{base}{products[0]}")
    assert status == 200, product[:2000]
    assert_csp_with_nonce(headers, product, products[0])
    assert re.search(r'<script src="/static/oscar/js/jquery/jquery\.min\.[0-9a-f]{12}\.js"', product)

    status, headers, login = get(f"{base}/accounts/login/")
    assert status == 200, login[:2000]
    assert_csp_with_nonce(headers, login, "/accounts/login/")

    status, _headers, stylesheet = get(f"{base}/static/{manifest['shop/comptoir.css']}")
    assert status == 200 and stylesheet

    log = log_path.read_text()
    assert "Traceback" not in log and "Internal Server Error" not in log, log[-5000:]
    # The missing image was put in place at deploy time, never re-created by a page view.
    assert not missing_image.is_symlink() and missing_image.stat().st_ino == installed.st_ino


def test_deploy_prepare_puts_oscars_missing_image_in_media_root_so_no_view_writes_it(settings, monkeypatch):
    from django.core.management import call_command
    from oscar.apps.catalogue.abstract_models import MissingProductImage

    target = Path(settings.MEDIA_ROOT) / settings.OSCAR_MISSING_IMAGE_URL
    target.parent.mkdir(parents=True, exist_ok=True)
    target.symlink_to(
        Path(settings.MEDIA_ROOT) / "gone.jpg"
    )  # what a moved virtualenv leaves of Oscar's link
    for _ in range(2):
        call_command("deploy_prepare", "--skip-collectstatic", verbosity=0)
        assert target.is_file() and not target.is_symlink()
        assert target.read_bytes()[:3] == b"\xff\xd8\xff"  # a JPEG
    # A product page without a picture then finds it in place: nothing to create while serving.
    monkeypatch.setattr(os, "symlink", lambda *args: pytest.fail("Oscar wrote its missing image on a view"))
    assert MissingProductImage().name == settings.OSCAR_MISSING_IMAGE_URL
