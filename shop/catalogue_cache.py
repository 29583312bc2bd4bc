"""Rendered parts of the catalogue's pages, cached per territory and language, keyed by the catalogue's version.

The version (shop.models.CatalogueVersion) is raised by database triggers in the very transaction that changes a
product, a price, a stock level, a hold, an image or a shop, so a cached part is never served after the change it
depends on has committed: the next request reads the new version and renders afresh. The entries also expire after
``CATALOGUE_CACHE_SECONDS`` (default five minutes), for what changes with time alone (checkout holds running out,
popularity). The parts hold no user's data and no CSRF token: forms carry a placeholder that each response
replaces with its own token. Redis down: every part is rendered, as without a cache."""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.middleware.csrf import get_token
from django.urls import get_script_prefix
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from territory.tenancy import territory_active_id

CSRF_PLACEHOLDER = "csrf-token-of-the-response-7d1c"


def catalogue_version() -> int:
    """The active territory's catalogue version: changes made in it plus those made across territories."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COALESCE(SUM(version), 0) FROM shop_catalogueversion WHERE scope IN (0, %s)",
            [territory_active_id() or 0],
        )
        return int(cursor.fetchone()[0])


def _key(name: str, params: tuple) -> str:
    signature = repr((get_script_prefix(), get_language(), params)).encode()
    return f"catalogue:part:{name}:{catalogue_version()}:{hashlib.sha1(signature).hexdigest()}"


def cached_parts(name: str, params: tuple, render) -> dict:
    """The parts ``render()`` returns (a dict of strings and numbers), from the cache when the catalogue has not
    changed since they were rendered for these ``params``, else rendered and kept."""
    seconds = settings.CATALOGUE_CACHE_SECONDS
    if not seconds:
        return render()
    key = _key(name, params)
    parts = cache.get(key)
    if parts is None:
        parts = render()
        cache.set(key, parts, seconds)
    return parts


def with_csrf(request, html: str) -> SafeString:
    """A cached part's HTML with the response's own CSRF token in its forms."""
    if CSRF_PLACEHOLDER in html:
        html = html.replace(CSRF_PLACEHOLDER, get_token(request))
    return mark_safe(html)  # noqa: S308 - the part was rendered and escaped by our own templates
