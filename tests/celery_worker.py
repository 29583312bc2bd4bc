"""A real `celery worker` process on the test database, for the tests whose behaviour depends on one."""

import os
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.db import connection


class WorkerLog:
    text = ""


@contextmanager
def celery_worker_process(*, queue: str = "celery", broker_url: str | None = None, env: dict | None = None):
    """Runs a solo-pool worker consuming ``queue`` on ``broker_url`` (REDIS_URL by default), with the test
    database and ``env`` on top; yields a WorkerLog whose text is filled in once the worker has stopped."""
    test_database_url = urlsplit(os.environ["DATABASE_URL"])._replace(
        path="/" + connection.settings_dict["NAME"]
    )
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": test_database_url.geturl(),
        "REDIS_URL": broker_url or settings.REDIS_URL,
        "CONN_MAX_AGE": "0",
        **(env or {}),
    }
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--loglevel=INFO"]
    command += [
        "-Q",
        queue,
        "-n",
        f"{queue}@%h",
        "--without-heartbeat",
        "--without-gossip",
        "--without-mingle",
    ]
    log = Path(tempfile.mkstemp(prefix=f"{queue}-", suffix=".log")[1])
    result = WorkerLog()
    with log.open("w") as output:
        worker = subprocess.Popen(
            command, cwd=settings.BASE_DIR, env=environment, stdout=output, stderr=subprocess.STDOUT
        )
    try:
        yield result
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
        result.text = log.read_text()
        log.unlink()
    assert worker.returncode in (0, -15), (
        f"the Celery worker ended with {worker.returncode}:\n{result.text[-4000:]}"
    )
