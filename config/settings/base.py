from base64 import b64encode
from hashlib import sha256
from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONCE
from django.utils.translation import gettext_lazy as _
from oscar.defaults import *  # noqa: F403

from .oscar import *  # noqa: F403

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False) if (BASE_DIR / ".env").exists() else None

DEBUG = env.bool("DEBUG", default=True)
# config.settings.production sets it: what only the demo may do (seed_demo) refuses to run there.
PRODUCTION = False
SECRET_KEY = env("SECRET_KEY", default="comptoir-demo-only-not-secret")
# ".localhost": the demo's territories on their own host names (valdegaronne.localhost, villeneuve.localhost).
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", ".localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# A refused token gets French, and JSON for the payment steps' script (shop.views.csrf_failure).
CSRF_FAILURE_VIEW = "shop.views.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.flatpages",
    "django.contrib.humanize",
    "django.forms",
    "oscar.config.Shop",
    "oscar.apps.analytics.apps.AnalyticsConfig",
    "shop.apps.checkout.apps.CheckoutConfig",
    "oscar.apps.address.apps.AddressConfig",
    "shop.apps.shipping.apps.ShippingConfig",
    "shop.apps.catalogue.apps.CatalogueConfig",
    "oscar.apps.catalogue.reviews.apps.CatalogueReviewsConfig",
    "oscar.apps.communication.apps.CommunicationConfig",
    "shop.apps.partner.apps.PartnerConfig",
    "shop.apps.basket.apps.BasketConfig",
    "oscar.apps.payment.apps.PaymentConfig",
    "oscar.apps.offer.apps.OfferConfig",
    "shop.apps.order.apps.OrderConfig",
    "shop.apps.customer.apps.CustomerConfig",
    "shop.apps.search.apps.SearchConfig",
    "oscar.apps.voucher.apps.VoucherConfig",
    "oscar.apps.wishlists.apps.WishlistsConfig",
    "shop.apps.dashboard_home.DashboardConfig",
    "oscar.apps.dashboard.reports.apps.ReportsDashboardConfig",
    "shop.apps.operator_dashboards.UsersDashboardConfig",
    "shop.apps.orders_dashboard.OrdersDashboardConfig",
    "shop.apps.catalogue_dashboard.apps.CatalogueDashboardConfig",
    "shop.apps.operator_dashboards.OffersDashboardConfig",
    "shop.apps.operator_dashboards.PartnersDashboardConfig",
    "shop.apps.operator_dashboards.PagesDashboardConfig",
    "shop.apps.operator_dashboards.RangesDashboardConfig",
    "shop.apps.operator_dashboards.ReviewsDashboardConfig",
    "shop.apps.operator_dashboards.VouchersDashboardConfig",
    "shop.apps.operator_dashboards.CommunicationsDashboardConfig",
    "shop.apps.operator_dashboards.ShippingDashboardConfig",
    "widget_tweaks",
    "haystack",
    "treebeard",
    "django_tables2",
    "rest_framework",
    "drf_spectacular",
    "core.apps.CoreConfig",
    "territory.apps.TerritoryConfig",
    "payments.apps.PaymentsConfig",
    "shop.apps.ShopConfig",
    "merchants.apps.MerchantsConfig",
    "delivery.apps.DeliveryConfig",
    "pickup.apps.PickupConfig",
    "counter.apps.CounterConfig",
    "observatory.apps.ObservatoryConfig",
]

SITE_ID = 1
# The shop's public address: every link in an e-mail is built on it (core/links.py), and Django's Site takes
# its domain after each migrate, for Oscar's own e-mails.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
OSCAR_URL_SCHEMA = urlsplit(SITE_URL).scheme

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "territory.middleware.TerritoryMiddleware",
    "shop.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "shop.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "territory.middleware.TerritoryAccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "oscar.apps.basket.middleware.BasketMiddleware",
    "django.contrib.flatpages.middleware.FlatpageFallbackMiddleware",
]

# Widgets render through TEMPLATES, so that templates/ can override one of Oscar's (its image widget, for the CSP).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.template.context_processors.i18n",
                "django.contrib.messages.context_processors.messages",
                "oscar.apps.search.context_processors.search_form",
                "oscar.apps.checkout.context_processors.checkout",
                "oscar.apps.communication.notifications.context_processors.notifications",
                "oscar.core.context_processors.metadata",
                "shop.context_processors.branding",
            ],
        },
    }
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'comptoir.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(exist_ok=True)
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            # Degrades to no cache while Redis is unreachable (core/cache.py).
            "BACKEND": "core.cache.DegradingRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="comptoir"),
            "KEY_FUNCTION": "territory.tenancy.cache_key",
            "OPTIONS": {
                "socket_connect_timeout": env.float("CACHE_CONNECT_TIMEOUT", default=0.5),
                "socket_timeout": env.float("CACHE_TIMEOUT", default=1.0),
            },
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "KEY_FUNCTION": "territory.tenancy.cache_key",
        }
    }
# The catalogue's rendered parts (shop.catalogue_cache): invalidated at once by any change to what they show, and
# expired after this many seconds for what changes with time alone (checkout holds running out). 0: no cache.
CATALOGUE_CACHE_SECONDS = env.int("CATALOGUE_CACHE_SECONDS", default=300)

# Celery: with no broker the tasks run in-process (embedded default); with REDIS_URL, on Redis.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "Europe/Paris"
# Publishing never keeps a request waiting on a broker that is down: the outbox relays later (core/outbox.py).
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECTION_TIMEOUT", default=2.0)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": CELERY_BROKER_CONNECTION_TIMEOUT,
    # A producer tries the broker twice, not for seconds: what it cannot publish stays in the outbox.
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
# A task relayed from the outbox that has not finished after this long is relayed again (it was lost).
OUTBOX_LEASE_SECONDS = env.int("OUTBOX_LEASE_SECONDS", default=6 * 3600)
# What every task runs inside: the territory it was enqueued in (territory/tenancy.py).
TASK_CONTEXT = "territory.tenancy.task_context"

AUTHENTICATION_BACKENDS = (
    "territory.auth_backends.TerritoryEmailBackend",
    "territory.auth_backends.TerritoryModelBackend",
)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_REDIRECT_URL = "/"

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "shop" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env("MEDIA_ROOT", default=str(VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=str(VAR_DIR / "mails"))  # for the file-based backend
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Comptoir <ne-pas-repondre@comptoir.localhost>")

HAYSTACK_CONNECTIONS = {"default": {"ENGINE": "haystack.backends.simple_backend.SimpleEngine"}}
HAYSTACK_SIGNAL_PROCESSOR = "haystack.signals.BaseSignalProcessor"

# Requests per client address to the JSON API (core/ratelimit.py), « 60/minute » (second, minute, hour or day;
# empty: none), and the reverse proxies in front of the app whose X-Forwarded-For tells that address.
API_THROTTLE_RATE = env("API_THROTTLE_RATE", default="60/minute")
NUM_PROXIES = env.int("NUM_PROXIES", default=0)
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_THROTTLE_CLASSES": ["core.ratelimit.ApiRateThrottle"],
    "EXCEPTION_HANDLER": "core.ratelimit.api_exception_handler",
    "NUM_PROXIES": NUM_PROXIES,
}
SPECTACULAR_SETTINGS = {"TITLE": "Comptoir API", "VERSION": "1.0.0"}

# Reference data from La Poste's open data (see ../shared/data/README.md).
LAPOSTE_DATA_DIR = Path(env("LAPOSTE_DATA_DIR", default=str(BASE_DIR.parent / "shared" / "data" / "laposte")))
POSTCODES_FILE = Path(
    env("POSTCODES_FILE", default=str(BASE_DIR / "shop" / "data" / "laposte_hexasmal.csv.gz"))
)

# Map tiles for the pages that show a map; pages work when they cannot load.
MAP_TILE_URL = env("MAP_TILE_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")

# Content-Security-Policy (django-csp), the same in the demo as in production so that a page breaking it breaks
# in development. Scripts: our static files, and inline blocks carrying the request's nonce; Oscar's templates'
# few inline handlers (a "cancel" link going back, "print this page") are allowed by their hash, nothing else
# inline. Styles allow inline: Oscar's templates, Bootstrap, TinyMCE and Stripe.js set style attributes, and a
# nonce would void 'unsafe-inline'. No form-action: the payouts page's form redirects to Stripe's onboarding.
# shop.csp adds, per request, the hosts of STRIPE_JS_URL, MAP_TILE_URL, MEDIA_URL and STATIC_URL.
CSP_INLINE_HANDLERS = [
    "history.go(-1);return false",
    "window.history.go(-1);return false",
    "window.close();return false;",
    "window.print()",
    "javascript:history.go(-1);",
]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": [
            "'self'",
            NONCE,
            "'unsafe-hashes'",
            "'report-sample'",
            *(
                f"'sha256-{b64encode(sha256(code.encode()).digest()).decode()}'"
                for code in CSP_INLINE_HANDLERS
            ),
        ],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}

# Delivery fees, VAT included (the municipality's settings issue will make them editable).
DELIVERY_HOME_FEE = env("DELIVERY_HOME_FEE", default="4.90")
PICKUP_FEE = env("PICKUP_FEE", default="2.90")
# When the delivery round passes at the shops to collect the parcels ("HH:MM" times, comma separated), and the
# time a merchant has to prepare an order before its first possible collection; the municipality may change both.
COLLECTION_TIMES = env("COLLECTION_TIMES", default="10:30,16:00")
PREPARATION_MINUTES = env.int("PREPARATION_MINUTES", default=60)

# Geocoding (core/geocoding.py): offline from the postcode base by default; "ban" (Base Adresse Nationale) or
# "nominatim" ask a web service and fall back to the postcode base when it fails or times out.
GEOCODER = env("GEOCODER", default="postcode")
if GEOCODER not in {"postcode", "ban", "nominatim"}:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"GEOCODER={GEOCODER!r}: use postcode, ban or nominatim.")
GEOCODER_BAN_DOMAIN = env("GEOCODER_BAN_DOMAIN", default="data.geopf.fr/geocodage")
GEOCODER_NOMINATIM_DOMAIN = env("GEOCODER_NOMINATIM_DOMAIN", default="nominatim.openstreetmap.org")
GEOCODER_SCHEME = env("GEOCODER_SCHEME", default="https")
if GEOCODER_SCHEME not in {"https", "http"}:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        f"GEOCODER_SCHEME={GEOCODER_SCHEME!r}: use https (or http for a local service)."
    )
GEOCODER_TIMEOUT = env.float("GEOCODER_TIMEOUT", default=3.0)
GEOCODER_CACHE_SECONDS = env.int("GEOCODER_CACHE_SECONDS", default=86400)
# Web geocoder calls per client address (answers already cached aside); the postcode base is never limited.
GEOCODER_RATE_LIMIT = env("GEOCODER_RATE_LIMIT", default="20/minute")
import re  # noqa: E402

for _name, _rate in (("API_THROTTLE_RATE", API_THROTTLE_RATE), ("GEOCODER_RATE_LIMIT", GEOCODER_RATE_LIMIT)):
    if _rate and not re.fullmatch(r"\d+/(s|sec|second|m|min|minute|h|hour|d|day)", _rate):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"{_name}={_rate!r}: write it as 60/minute (second, minute, hour or day).")

# Seconds between two checks of the nearest-point index version in each process (0: every search).
PICKUP_INDEX_CHECK_SECONDS = env.int("PICKUP_INDEX_CHECK_SECONDS", default=2)

# Celery beat: the periodic jobs (run `celery -A config beat` beside the workers).
CELERY_BEAT_SCHEDULE = {
    "pickup-parcels-expire-overdue": {"task": "pickup.tasks.parcels_expire_overdue", "schedule": 15 * 60},
    "pickup-parcels-send-reminders": {"task": "pickup.tasks.parcels_send_reminders", "schedule": 60 * 60},
    "pickup-parcels-notify-ready-pending": {
        "task": "pickup.tasks.parcels_notify_ready_pending",
        "schedule": 15 * 60,
    },
    "payments-stock-holds-release-expired": {
        "task": "payments.tasks.stock_holds_release_expired",
        "schedule": 60,
    },
    "core-outbox-relay": {"task": "core.tasks.outbox_relay", "schedule": 60},
}

# Stripe: real keys in production; `make demo` and the tests use a local localstripe server.
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY", default="sk_test_comptoir_demo")
STRIPE_PUBLISHABLE_KEY = env("STRIPE_PUBLISHABLE_KEY", default="pk_test_comptoir_demo")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", default="whsec_comptoir_demo")
STRIPE_API_BASE = env("STRIPE_API_BASE", default="http://127.0.0.1:8420")
# Where the browser loads Stripe.js from: localstripe serves it at /js.stripe.com/v3/.
STRIPE_JS_URL = env("STRIPE_JS_URL", default=f"{STRIPE_API_BASE}/js.stripe.com/v3/")
# How long a checkout holds the units it is paying for.
STOCK_HOLD_MINUTES = env.int("STOCK_HOLD_MINUTES", default=15)
# What the payments need from the layers above them, named here rather than imported (core/wiring.py): placing
# the order an attempt paid for, placer(attempt=, basket=) -> Order, and e-mailing its confirmation, send(order=).
PAYMENTS_ORDER_PLACER = "shop.placement.order_place_from_attempt"
PAYMENTS_ORDER_CONFIRMATION = "shop.placement.order_confirmation_send"
# What a checkout holds besides stock while it is paid (a delivery slot's place): hold(attempt=), called in the
# attempt's transaction and refusing with a ValidationError, and release(attempt=) when the payment is given up.
PAYMENTS_CHECKOUT_HOLD = "delivery.slots.slot_hold"
PAYMENTS_CHECKOUT_RELEASE = "delivery.slots.slot_release"
# What a contact point's parcel sets off on the merchants' side, orchestrated by the shop (shop/orders.py):
# collected, its parts are delivered and paid; returned, the resident is refunded. Both called (order=, by=).
PICKUP_PARCEL_COLLECTED = "shop.orders.order_parcel_collected"
PICKUP_PARCEL_RETURNED = "shop.orders.order_parcel_returned"
# The brand every e-mail wears (core/mail.py): brand() -> core.mail.EmailBrand, the current territory's.
EMAIL_BRAND = "territory.selectors.territory_email_brand"
# The municipality's share of merchants' sales, and who keeps the delivery fee ("municipality" or "merchants").
COMMISSION_RATE = env("COMMISSION_RATE", default="0.05")
# The territory served where no domain and no /t/<slug>/ prefix names one (a slug; empty: the oldest territory).
TERRITORY_DEFAULT = env("TERRITORY_DEFAULT", default="")
DELIVERY_FEE_KEPT_BY = env("DELIVERY_FEE_KEPT_BY", default="municipality")
STRIPE_CONNECT_API_BASE = env("STRIPE_CONNECT_API_BASE", default="")
# What a parcel left uncollected and returned to its merchant gets back: "goods_only" (the delivery fee is kept)
# or "full".
RETURNED_PARCEL_REFUND = env("RETURNED_PARCEL_REFUND", default="goods_only")
if RETURNED_PARCEL_REFUND not in {"goods_only", "full"}:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"RETURNED_PARCEL_REFUND={RETURNED_PARCEL_REFUND!r}: use goods_only or full.")
# What is personal in old orders goes after the periods each municipality sets (shop.retention).
CELERY_BEAT_SCHEDULE["personal-data-retention"] = {
    "task": "shop.tasks.personal_data_retention",
    "schedule": 24 * 60 * 60,
}
CELERY_BEAT_SCHEDULE["payouts-retry-pending"] = {
    "task": "merchants.tasks.payouts_retry_pending",
    "schedule": 5 * 60,
}
CELERY_BEAT_SCHEDULE["refund-notices-send-pending"] = {
    "task": "merchants.tasks.refund_notices_send_pending",
    "schedule": 15 * 60,
}
OSCAR_DASHBOARD_NAVIGATION.append(  # noqa: F405
    {"label": _("Mes versements"), "icon": "fas fa-euro-sign", "url_name": "merchant-space:payouts"}
)
# Merchants' digest of the last 24 hours' orders, every morning at 7 (CELERY_TIMEZONE).
from celery.schedules import crontab  # noqa: E402

CELERY_BEAT_SCHEDULE["merchants-daily-digest"] = {
    "task": "merchants.tasks.merchants_send_daily_digest",
    "schedule": crontab(hour=7, minute=0),
}

from config.settings.rounds import *  # noqa: E402, F403 - the delivery rounds' settings

CELERY_BEAT_SCHEDULE.update(ROUNDS_BEAT_SCHEDULE)  # noqa: F405

from config.settings.observatory import *  # noqa: E402, F403 - the observatory: secrecy thresholds, feed, emission factors

CELERY_BEAT_SCHEDULE.update(OBSERVATORY_BEAT_SCHEDULE)  # noqa: F405
