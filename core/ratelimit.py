"""Rate limits kept in Django's cache: the JSON API's throttle (DRF) and the per-client limit on web geocoding.

Both let the request through when the cache does not answer (Redis down, or no cache at all): a limit that
cannot count does not apply, and never turns into a 500.

Settings: ``API_THROTTLE_RATE`` and ``GEOCODER_RATE_LIMIT`` (« 60/minute »: a number, then second, minute, hour
or day; empty: no limit), ``NUM_PROXIES`` (reverse proxies in front of the app, whose X-Forwarded-For tells the
client's address; 0: the peer's address)."""

import logging
import math
import re
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import ngettext
from rest_framework import exceptions
from rest_framework.throttling import SimpleRateThrottle

logger = logging.getLogger(__name__)

# As config/settings/base.py checks it at start.
_RATE = re.compile(r"(\d+)/(s|sec|second|m|min|minute|h|hour|d|day)")
_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def rate_parse(rate: str | None) -> tuple[int, int] | None:
    """(requests, seconds) of a rate such as « 60/minute »; None for no limit; raises ValueError if unreadable."""
    if rate is None or not str(rate).strip():
        return None
    match = _RATE.fullmatch(str(rate).strip())
    if not match:
        raise ValueError(f"Rate {rate!r}: write it as a number, a slash and second, minute, hour or day.")
    return int(match.group(1)), _PERIODS[match.group(2)[0]]


def client_ip(request: HttpRequest) -> str:
    """The client's address: the peer's, or behind ``NUM_PROXIES`` trusted proxies the address the first of them
    saw (X-Forwarded-For is the client's to write otherwise). The same rule as DRF's throttles."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = getattr(settings, "NUM_PROXIES", 0) or 0
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    if proxies and forwarded:
        addresses = [part.strip() for part in forwarded.split(",") if part.strip()]
        if addresses:
            return addresses[-min(proxies, len(addresses))]
    return remote


def rate_limit_hit(*, scope: str, ident: str, rate: str | None) -> int | None:
    """Counts one request of ``ident`` in ``scope``: the seconds to wait when it goes over ``rate``, else None.

    A fixed window per period, counted with the cache's atomic add and incr."""
    limit = rate_parse(rate)
    if limit is None:
        return None
    allowed, period = limit
    now = time.time()
    window = int(now // period)
    key = f"ratelimit:{scope}:{ident}:{window}"
    try:
        count = 1 if cache.add(key, 1, timeout=period + 1) else cache.incr(key)
    except Exception as error:
        # Redis down, or a cache that keeps nothing (DummyCache's incr raises ValueError): no count, no limit.
        logger.warning("Rate limit %s not counted (%s): request let through.", scope, type(error).__name__)
        return None
    if count <= allowed:
        return None
    return max(1, math.ceil((window + 1) * period - now))


class ApiThrottled(exceptions.Throttled):
    """DRF's 429 with a French message (DRF formats its own before translating it)."""

    def __init__(self, wait: float | None, detail: str | None = None):
        wait = max(1, math.ceil(wait or 1))
        if detail is None:
            detail = ngettext(
                "Trop de requêtes : réessayez dans %(wait)d seconde.",
                "Trop de requêtes : réessayez dans %(wait)d secondes.",
                wait,
            ) % {"wait": wait}
        exceptions.APIException.__init__(self, detail, "throttled")
        self.wait = wait


class ApiRateThrottle(SimpleRateThrottle):
    """Every API client, signed in or not, by address, at ``API_THROTTLE_RATE``; lets the request through when
    the cache does not answer."""

    scope = "api"

    def get_rate(self) -> str | None:
        return getattr(settings, "API_THROTTLE_RATE", "") or None

    def parse_rate(self, rate: str | None) -> tuple[int | None, int | None]:
        return rate_parse(rate) or (None, None)

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request)}

    def allow_request(self, request, view) -> bool:
        try:
            return super().allow_request(request, view)
        except Exception as error:
            logger.warning("API throttle not counted (%s): request let through.", type(error).__name__)
            return True


def api_exception_handler(exc, context):
    """DRF's handler, with the throttle's answer in French (Retry-After is DRF's)."""
    # rest_framework.views reads the settings naming this module's throttle: imported here, not above.
    from rest_framework.views import exception_handler

    if isinstance(exc, exceptions.Throttled) and not isinstance(exc, ApiThrottled):
        exc = ApiThrottled(exc.wait)
    return exception_handler(exc, context)
