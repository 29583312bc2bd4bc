"""Production: everything from the environment; refuses to start on an insecure default."""

import ipaddress
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import REDIS_URL, env

PRODUCTION = True

if env.bool("DEBUG", default=False):
    raise ImproperlyConfigured("DEBUG doit être désactivé en production (DEBUG=False).")
DEBUG = False

try:
    SECRET_KEY = env.str("SECRET_KEY")
except ImproperlyConfigured as error:
    raise ImproperlyConfigured("SECRET_KEY est obligatoire en production.") from error
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("comptoir-demo"):
    raise ImproperlyConfigured(
        "SECRET_KEY doit être une clé secrète longue (50 caractères ou plus) et propre à ce site."
    )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")

# E-mail links: the shop's public address, by default the first allowed host over HTTPS.
_first_host = ALLOWED_HOSTS[0].lstrip(".") if ALLOWED_HOSTS else ""
SITE_URL = env("SITE_URL", default=f"https://{_first_host}").rstrip("/")
_site = urlsplit(SITE_URL)
if _site.scheme != "https" or _site.hostname in {None, "*", "127.0.0.1", "localhost"}:
    raise ImproperlyConfigured(
        "SITE_URL doit être l'adresse publique de la boutique en https, par exemple "
        "https://boutique.mairie.example : les liens des courriels en dépendent."
    )
OSCAR_URL_SCHEMA = "https"

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
OSCAR_BASKET_COOKIE_SECURE = True
OSCAR_RECENTLY_VIEWED_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")


# Stripe: the demo's keys and its local localstripe server never reach production.
def _stripe_secret(name: str, *, demo_value: str) -> str:
    value = env.str(name, default="")
    if not value or value == demo_value:
        raise ImproperlyConfigured(
            f"{name} est obligatoire en production : donnez la valeur de votre compte Stripe, "
            "la valeur de démonstration est refusée."
        )
    return value


def _is_local(host: str) -> bool:
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return host == "localhost" or host.endswith(".localhost")
    return address.is_loopback or address.is_unspecified


def _stripe_url(name: str, *, default: str) -> str:
    value = env.str(name, default=default)
    host = (urlsplit(value).hostname or "").lower()
    if value and (not host or _is_local(host)):
        raise ImproperlyConfigured(
            f"{name}={value!r} : en production, Stripe ne peut pas être un serveur local "
            "(localhost, 127.0.0.1) ; laissez la valeur par défaut (Stripe) ou donnez une adresse complète."
        )
    return value


STRIPE_SECRET_KEY = _stripe_secret("STRIPE_SECRET_KEY", demo_value="sk_test_comptoir_demo")
STRIPE_PUBLISHABLE_KEY = _stripe_secret("STRIPE_PUBLISHABLE_KEY", demo_value="pk_test_comptoir_demo")
STRIPE_WEBHOOK_SECRET = _stripe_secret("STRIPE_WEBHOOK_SECRET", demo_value="whsec_comptoir_demo")
STRIPE_API_BASE = _stripe_url("STRIPE_API_BASE", default="https://api.stripe.com")
STRIPE_JS_URL = _stripe_url("STRIPE_JS_URL", default="https://js.stripe.com/v3/")
STRIPE_CONNECT_API_BASE = _stripe_url("STRIPE_CONNECT_API_BASE", default="")

# Several gunicorn nodes and the Celery workers share one cache and one queue: no in-process fallback here.
if not REDIS_URL:
    raise ImproperlyConfigured(
        "REDIS_URL est obligatoire en production (cache partagé et file des tâches Celery), "
        "par exemple redis://redis.interne:6379/0."
    )
