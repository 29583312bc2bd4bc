"""Shared pieces of the benchmarks: the bench database, a live gunicorn, timed HTTP clients, JSON results."""

import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PYTHON = sys.executable


def bench_environment(name: str) -> dict[str, str]:
    """Environment for the bench's processes: its own database on the configured server, DEBUG off."""
    env = dict(os.environ)
    configured = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL", "")
    if configured.startswith("postgres"):
        parsed = urllib.parse.urlsplit(configured)
        database_url = urllib.parse.urlunsplit(parsed._replace(path=f"/comptoir_bench_{name}"))
    else:
        database_url = f"sqlite:///{ROOT / 'var' / f'bench_{name}.sqlite3'}"
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": database_url,
            "DEBUG": "false",
            "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            "MEDIA_ROOT": str(ROOT / "var" / "bench-media"),
            "CACHE_KEY_PREFIX": f"bench-{name}",
        }
    )
    (ROOT / "var").mkdir(exist_ok=True)
    return env


def ensure_postgres_database(database_url: str) -> None:
    if not database_url.startswith("postgres"):
        return
    import psycopg

    parsed = urllib.parse.urlsplit(database_url)
    name = parsed.path.lstrip("/")
    admin = urllib.parse.urlunsplit(parsed._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


class LiveServer:
    """gunicorn serving the project with N workers on a free local port, stopped on exit."""

    def __init__(self, env: dict[str, str], workers: int = 2, port: int = 8765, wsgi: str = "config.wsgi"):
        self.env, self.workers, self.port, self.wsgi = env, workers, port, wsgi
        self.process = None

    def __enter__(self):
        gunicorn = str(Path(PYTHON).parent / "gunicorn")
        self.process = subprocess.Popen(
            [
                gunicorn,
                self.wsgi,
                "-w",
                str(self.workers),
                "-b",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=self.env,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                connection.request("GET", "/catalogue/")
                if connection.getresponse().status < 500:
                    return self
            except OSError:
                time.sleep(0.3)
        self.__exit__()
        raise SystemExit("gunicorn did not answer within 60 s")

    def __exit__(self, *exc):
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=30)


class Client:
    """One keep-alive HTTP client with its own cookies (a browser's session)."""

    def __init__(self, port: int):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body)
            headers.update(
                {"Content-Type": "application/x-www-form-urlencoded", "Referer": "http://127.0.0.1/"}
            )
        self.connection.request(method, path, body=data, headers=headers)
        response = self.connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _sep, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, text

    def csrf_token(self, path: str) -> str:
        _status, html = self.request("GET", path)
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        if not match:
            raise RuntimeError(f"no CSRF token on {path}")
        return match.group(1)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def measure(port: int, action, *, clients: int, requests_per_client: int, prepare=None) -> dict:
    """Runs ``action(client, i)`` from ``clients`` threads; returns p50/p95 latency and throughput."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    sessions = [Client(port) for _ in range(clients)]
    states = [prepare(session) if prepare else None for session in sessions]
    barrier = threading.Barrier(clients)

    def run(index: int):
        session, state = sessions[index], states[index]
        barrier.wait()
        for number in range(requests_per_client):
            started = time.perf_counter()
            try:
                ok = action(session, state, index * requests_per_client + number)
            except Exception as error:  # noqa: BLE001 - a failed request is reported, not fatal
                ok = False
                errors.append(repr(error))
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                if ok is False and len(errors) < 5:
                    errors.append(f"request {number} of client {index} failed")

    threads = [threading.Thread(target=run, args=(index,)) for index in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    return {
        "clients": clients,
        "requests": len(latencies),
        "p50_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(percentile(latencies, 0.95), 1),
        "requests_per_s": round(len(latencies) / wall, 1),
        "errors": errors[:5],
    }


def write_result(name: str, result: dict) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    text = json.dumps(result, indent=2, ensure_ascii=False)
    (RESULTS / f"{name}.json").write_text(text + "\n")
    print(json.dumps(result, ensure_ascii=False))
