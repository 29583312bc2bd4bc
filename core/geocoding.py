"""Geocoding for checkout and the API: offline from La Poste's postcode base by default, or a web service
(the Base Adresse Nationale, Nominatim) that falls back to the offline geocoder when it fails.

A web service is asked at most ``GEOCODER_RATE_LIMIT`` times per client address (answers already cached do not
count): over it, ``geocode`` raises GeocodingRateLimited, which pages answer with a 429.

Settings: ``GEOCODER`` (``postcode``, ``ban`` or ``nominatim``), ``GEOCODER_BAN_DOMAIN``,
``GEOCODER_NOMINATIM_DOMAIN``, ``GEOCODER_SCHEME``, ``GEOCODER_TIMEOUT`` (seconds), ``GEOCODER_CACHE_SECONDS``,
``GEOCODER_RATE_LIMIT``."""

import hashlib
import logging
import re
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import Protocol

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import ngettext
from geopy.adapters import RequestsAdapter
from geopy.exc import GeopyError
from geopy.geocoders import BANFrance, Nominatim
from geopy.location import Location

from core.postcodes import PostcodeEntry, entries_by_postcode, postcode_entries
from core.ratelimit import rate_limit_hit
from core.text import unaccent

logger = logging.getLogger(__name__)

USER_AGENT = "comptoir"
BAN_DEFAULT_DOMAIN = "data.geopf.fr/geocodage"
NOMINATIM_DEFAULT_DOMAIN = "nominatim.openstreetmap.org"
DEFAULT_TIMEOUT = 3.0
# Below this score the BAN's best answer is a guess (its documentation's advice): treated as no answer.
BAN_MIN_SCORE = 0.4

_POSTCODE = re.compile(r"(?<![0-9A-Za-z])(\d{5})(?![0-9A-Za-z])")
_NON_WORD = re.compile(r"[^a-z0-9]+")
_ABBREVIATIONS = {"saint": "st", "sainte": "ste"}

BAN_PRECISIONS = {
    "housenumber": "adresse",
    "street": "rue",
    "locality": "lieu-dit",
    "municipality": "commune",
}
NOMINATIM_PRECISIONS = {
    "house": "adresse",
    "building": "adresse",
    "road": "rue",
    "hamlet": "lieu-dit",
    "isolated_dwelling": "lieu-dit",
    "locality": "lieu-dit",
    "village": "commune",
    "town": "commune",
    "city": "commune",
    "municipality": "commune",
    "postcode": "commune",
}


class GeocodingRateLimited(Exception):
    """The client asked the web geocoder more than ``GEOCODER_RATE_LIMIT`` allows; retry after some seconds."""

    def __init__(self, retry_after: int):
        super().__init__(retry_after)
        self.retry_after = retry_after

    @property
    def message(self) -> str:
        return ngettext(
            "Trop de recherches d'adresse : réessayez dans %(wait)d seconde.",
            "Trop de recherches d'adresse : réessayez dans %(wait)d secondes.",
            self.retry_after,
        ) % {"wait": self.retry_after}


@dataclass(frozen=True)
class GeocodeResult:
    latitude: float
    longitude: float
    label: str
    precision: str
    source: str


class Geocoder(Protocol):
    source: str

    def geocode(
        self, *, address: str = "", postcode: str = "", city: str = "", client: str | None = None
    ) -> GeocodeResult | None: ...


def name_key(text: str) -> str:
    """A commune name as La Poste's base writes it: « Sainte-Bazeille » and « STE BAZEILLE » give one key."""
    words = _NON_WORD.sub(" ", unaccent(text or "")).split()
    return " ".join(_ABBREVIATIONS.get(word, word) for word in words)


@lru_cache(maxsize=1)
def _entries_by_name() -> dict[str, list[PostcodeEntry]]:
    index: dict[str, list[PostcodeEntry]] = {}
    for entry in postcode_entries():
        if entry.latitude is not None:
            index.setdefault(name_key(entry.commune), []).append(entry)
    return index


def _result(entry: PostcodeEntry) -> GeocodeResult:
    return GeocodeResult(
        latitude=entry.latitude,
        longitude=entry.longitude,
        label=f"{entry.postcode} {entry.commune}",
        precision="commune",
        source=PostcodeGeocoder.source,
    )


class PostcodeGeocoder:
    """Finds the commune of a postcode (by its name when several share it) in La Poste's base: offline,
    precise to the commune's centre."""

    source = "postcode"

    def geocode(
        self, *, address: str = "", postcode: str = "", city: str = "", client: str | None = None
    ) -> GeocodeResult | None:
        known = entries_by_postcode()
        code = re.sub(r"\s", "", postcode or "")
        city_text = city or (address or "").rsplit(",", 1)[-1]
        if not code:
            found = [match for match in _POSTCODE.finditer(address or "") if match.group(1) in known]
            if found:
                code = found[-1].group(1)
                city_text = city or address[found[-1].end() :].strip(" ,").split(",")[0]
        entries = [entry for entry in known.get(code, []) if entry.latitude is not None]
        if entries:
            wanted = name_key(city_text)
            for entry in entries:
                if wanted and wanted in (name_key(entry.commune), name_key(entry.label)):
                    return _result(entry)
            return _result(entries[0])
        if city:
            return self.geocode_city(city=city)
        if not code and address:
            return self.geocode_city(city=address.rsplit(",", 1)[-1])
        return None

    def geocode_city(self, *, city: str) -> GeocodeResult | None:
        """A commune by its exact name (case and accents aside); None when unknown or shared by several
        communes, which only a postcode tells apart."""
        entries = _entries_by_name().get(name_key(city), [])
        if len({entry.insee_code for entry in entries}) != 1:
            return None
        return _result(entries[0])


def _query(*, address: str, postcode: str, city: str) -> str:
    parts = [part.strip() for part in (address, postcode, city) if part and part.strip()]
    text = ""
    for part in parts:
        if unaccent(part) not in unaccent(text):
            text = f"{text} {part}".strip()
    return text


def _cache_get(key: str):
    try:
        return cache.get(key)
    except Exception as error:
        # The cache (Redis) is down: ask the service, as with nothing cached.
        logger.warning("Geocoding cache unavailable (%s).", type(error).__name__)
        return None


def _cache_set(key: str, value, timeout: int) -> None:
    try:
        cache.set(key, value, timeout)
    except Exception as error:
        logger.warning("Geocoding cache unavailable (%s).", type(error).__name__)


class WebGeocoder:
    """A geopy geocoder that falls back to the offline one when the service fails, times out or finds nothing,
    so checkout never depends on a web service being up."""

    def __init__(self, *, service, source: str, fallback: PostcodeGeocoder):
        self.service = service
        self.source = source
        self.fallback = fallback

    def geocode(
        self, *, address: str = "", postcode: str = "", city: str = "", client: str | None = None
    ) -> GeocodeResult | None:
        """``client`` (an address) is counted against ``GEOCODER_RATE_LIMIT`` before the service is asked;
        raises GeocodingRateLimited over it. Without a client (tasks, commands), no limit."""
        query = _query(address=address, postcode=postcode, city=city)
        if not query:
            return None
        key = "geocode:" + hashlib.sha256(f"{self.source}|{self.service.domain}|{query}".encode()).hexdigest()
        result = _cache_get(key)
        if result is None:
            if client:
                wait = rate_limit_hit(
                    scope="geocoder", ident=client, rate=getattr(settings, "GEOCODER_RATE_LIMIT", "")
                )
                if wait:
                    raise GeocodingRateLimited(wait)
            try:
                result = self.parse(self.ask(query))
            except (GeopyError, LookupError, TypeError, ValueError) as error:
                # Only the error's kind is logged: its text may hold the request URL, and the address is the
                # resident's.
                logger.warning(
                    "Geocoder %s failed (%s); using the postcode base.", self.source, type(error).__name__
                )
                return self.fallback.geocode(address=address, postcode=postcode, city=city)
            if result is not None:
                _cache_set(key, result, getattr(settings, "GEOCODER_CACHE_SECONDS", 86400))
        return result or self.fallback.geocode(address=address, postcode=postcode, city=city)

    def ask(self, query: str) -> Location | None:
        return self.service.geocode(query, limit=1)

    def parse(self, location: Location | None) -> GeocodeResult | None:
        raise NotImplementedError


class BanGeocoder(WebGeocoder):
    def parse(self, location: Location | None) -> GeocodeResult | None:
        if location is None:
            return None
        properties = location.raw.get("properties", {})
        if float(properties.get("score", 1)) < BAN_MIN_SCORE:
            return None
        kind = properties.get("type", "")
        return GeocodeResult(
            latitude=float(location.latitude),
            longitude=float(location.longitude),
            label=location.address or "",
            precision=BAN_PRECISIONS.get(kind, kind),
            source=self.source,
        )


class NominatimGeocoder(WebGeocoder):
    def ask(self, query: str) -> Location | None:
        return self.service.geocode(query, country_codes="fr")

    def parse(self, location: Location | None) -> GeocodeResult | None:
        if location is None:
            return None
        # A house number is class "place", type "house", addresstype "place"; a town has addresstype "town".
        kinds = [location.raw.get("addresstype") or "", location.raw.get("type") or ""]
        precision = next(
            (NOMINATIM_PRECISIONS[kind] for kind in kinds if kind in NOMINATIM_PRECISIONS), kinds[0]
        )
        return GeocodeResult(
            latitude=float(location.latitude),
            longitude=float(location.longitude),
            label=location.address or "",
            precision=precision,
            source=self.source,
        )


@lru_cache(maxsize=8)
def _build(kind: str, domain: str, scheme: str, timeout: float) -> Geocoder:
    fallback = PostcodeGeocoder()
    if kind == "postcode":
        return fallback
    # One attempt only: a retried timeout would keep the resident waiting at checkout before the fallback.
    options = {
        "domain": domain,
        "scheme": scheme,
        "timeout": timeout,
        "user_agent": USER_AGENT,
        "adapter_factory": partial(RequestsAdapter, max_retries=0),
    }
    if kind == "ban":
        return BanGeocoder(service=BANFrance(**options), source="ban", fallback=fallback)
    if kind == "nominatim":
        return NominatimGeocoder(service=Nominatim(**options), source="nominatim", fallback=fallback)
    raise ValueError(f"Unknown GEOCODER {kind!r}: use postcode, ban or nominatim.")


def configured_geocoder() -> Geocoder:
    """The geocoder the settings name (``GEOCODER``)."""
    kind = getattr(settings, "GEOCODER", "postcode")
    domains = {
        "ban": getattr(settings, "GEOCODER_BAN_DOMAIN", BAN_DEFAULT_DOMAIN),
        "nominatim": getattr(settings, "GEOCODER_NOMINATIM_DOMAIN", NOMINATIM_DEFAULT_DOMAIN),
    }
    return _build(
        kind,
        domains.get(kind, ""),
        getattr(settings, "GEOCODER_SCHEME", "https"),
        float(getattr(settings, "GEOCODER_TIMEOUT", DEFAULT_TIMEOUT)),
    )


def geocode(
    *, address: str = "", postcode: str = "", city: str = "", client: str | None = None
) -> GeocodeResult | None:
    """The position of an address, postcode or city with the configured geocoder; None when none is found.
    ``client`` is the requester's address (``core.ratelimit.client_ip``); raises GeocodingRateLimited."""
    return configured_geocoder().geocode(address=address, postcode=postcode, city=city, client=client)
