import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRINT_SETTINGS = (
    "import django, json; django.setup(); from django.conf import settings as s; from config.celery import app;"
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
    env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
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
    assert values["cache"] == "core.cache.DegradingRedisCache"
    assert values["eager"] is False
    assert values["broker"] == "redis://127.0.0.1:6379/3"


# What a real deployment gives: no value of the demo's, Stripe and Redis elsewhere than in the demo.
PRODUCTION_ENV = {
    "ALLOWED_HOSTS": "boutique.mairie.example",
    "REDIS_URL": "redis://redis.mairie.example:6379/0",
    "STRIPE_SECRET_KEY": "sk_live_" + "5" * 24,
    "STRIPE_PUBLISHABLE_KEY": "pk_live_" + "5" * 24,
    "STRIPE_WEBHOOK_SECRET": "whsec_" + "5" * 32,
}


def production(*args, **env):
    environment = {"SECRET_KEY": secrets.token_urlsafe(64), **PRODUCTION_ENV, **env}
    environment = {key: value for key, value in environment.items() if value is not None}
    return run(
        ["manage.py", *(args or ("check", "--deploy"))],
        DJANGO_SETTINGS_MODULE="config.settings.production",
        **environment,
    )


def test_production_settings_pass_the_deploy_check():
    result = production()
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_debug():
    result = production(DEBUG="true")
    assert result.returncode != 0
    assert "DEBUG" in result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = production(SECRET_KEY=None)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.parametrize(
    ("name", "demo_value"),
    [
        ("STRIPE_SECRET_KEY", "sk_test_comptoir_demo"),
        ("STRIPE_PUBLISHABLE_KEY", "pk_test_comptoir_demo"),
        ("STRIPE_WEBHOOK_SECRET", "whsec_comptoir_demo"),
    ],
)
@pytest.mark.parametrize("given", ["demo", "missing"])
def test_production_refuses_the_demos_stripe_keys(name, demo_value, given):
    result = production(**{name: demo_value if given == "demo" else None})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"{name} est obligatoire en production" in result.stderr
    assert "la valeur de démonstration est refusée" in result.stderr


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8420", "http://localhost:8420", "http://[::1]:8420", "http://127.0.1.1"]
)
def test_production_refuses_a_local_stripe_api_base(url):
    result = production(STRIPE_API_BASE=url)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "STRIPE_API_BASE" in result.stderr
    assert "Stripe ne peut pas être un serveur local" in result.stderr


def test_production_talks_to_stripe_itself_by_default():
    result = production(
        "shell", "-c", "from django.conf import settings as s; print(s.STRIPE_API_BASE, s.STRIPE_JS_URL)"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == ["https://api.stripe.com", "https://js.stripe.com/v3/"]


@pytest.mark.parametrize("redis_url", [None, ""])
def test_production_refuses_to_start_without_redis(redis_url):
    result = production(REDIS_URL=redis_url)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "REDIS_URL est obligatoire en production" in result.stderr


def test_seed_demo_refuses_to_run_in_production(tmp_path):
    database = tmp_path / "production.sqlite3"
    result = production("seed_demo", DATABASE_URL=f"sqlite:///{database}")
    assert result.returncode != 0
    assert "seed_demo refuse de tourner en production" in result.stderr
    assert not database.exists() or database.stat().st_size == 0
