import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRINT_SETTINGS = (
    "import django, json; django.setup(); from django.conf import settings as s; from shop.celery import app;"
    "print(json.dumps({'engine': s.DATABASES['default']['ENGINE'], 'cache': s.CACHES['default']['BACKEND'],"
    "'eager': app.conf.task_always_eager, 'broker': app.conf.broker_url, 'lang': s.LANGUAGE_CODE,"
    "'langs': [code for code, _ in s.LANGUAGES], 'tz': s.TIME_ZONE, 'currency': s.OSCAR_DEFAULT_CURRENCY}))"
)


def run(code_or_args, **env_overrides):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DEBUG", "SECRET_KEY"}
    }
    env.update(env_overrides)
    env.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")
    args = (
        [sys.executable, "-c", code_or_args]
        if isinstance(code_or_args, str)
        else [sys.executable, *code_or_args]
    )
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_embedded_default_needs_no_server():
    result = run(PRINT_SETTINGS)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["engine"] == "django.db.backends.sqlite3"
    assert values["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert values["eager"] is True
    assert (values["lang"], values["langs"], values["tz"], values["currency"]) == (
        "fr",
        ["fr", "en"],
        "Europe/Paris",
        "EUR",
    )


def test_environment_switches_to_postgresql_redis_and_a_celery_broker():
    result = run(
        PRINT_SETTINGS,
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/comptoir",
        REDIS_URL="redis://127.0.0.1:6379/3",
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["engine"] == "django.db.backends.postgresql"
    assert values["cache"] == "shop.cache.DegradingRedisCache"
    assert values["eager"] is False
    assert values["broker"] == "redis://127.0.0.1:6379/3"


def production(**env):
    return run(["manage.py", "check", "--deploy"], DJANGO_SETTINGS_MODULE="shop.settings.production", **env)


def test_production_settings_pass_the_deploy_check():
    result = production(SECRET_KEY=secrets.token_urlsafe(64), ALLOWED_HOSTS="boutique.mairie.example")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_debug():
    result = production(
        SECRET_KEY=secrets.token_urlsafe(64), ALLOWED_HOSTS="boutique.mairie.example", DEBUG="true"
    )
    assert result.returncode != 0
    assert "DEBUG" in result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = production(ALLOWED_HOSTS="boutique.mairie.example")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
