"""Production: everything from the environment; refuses to start on an insecure default."""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

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
