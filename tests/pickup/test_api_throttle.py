"""The public API is throttled per client address, and `address=` searches are limited before a web geocoder is
asked (issue 9, item 6): a 429 in French with Retry-After, and never a 500 when the cache is down."""

import pytest
from django.urls import reverse

from tests.core.test_geocoding import ban, fake_service  # noqa: F401  (fixtures: a local fake of the BAN)
from tests.pickup.factories import ContactPointFactory

pytestmark = pytest.mark.django_db

URL = "/api/pickup-points/"
AT = {"lat": "44.5008", "lon": "0.1653"}
DEAD_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        # Nothing listens on port 1: every cache call fails as with Redis down.
        "LOCATION": "redis://127.0.0.1:1/0",
    }
}


@pytest.fixture(autouse=True)
def point():
    return ContactPointFactory(name="MARMANDE", latitude=44.499404, longitude=0.161791)


def assert_throttled(response, message: str, *, period: int = 60):
    assert response.status_code == 429
    assert message in response.json()["detail"]
    assert 1 <= int(response["Retry-After"]) <= period


def test_over_the_rate_the_api_answers_429_in_french_with_retry_after(client, settings):
    settings.API_THROTTLE_RATE = "3/minute"
    assert reverse("pickup-api:nearest") == URL

    assert [client.get(URL, AT).status_code for _ in range(3)] == [200, 200, 200]
    response = client.get(URL, AT)

    assert_throttled(response, "Trop de requêtes : réessayez dans ")
    assert response.json()["detail"].endswith("secondes.")


def test_english_clients_are_told_in_english(client, settings):
    settings.API_THROTTLE_RATE = "1/hour"
    client.get(URL, AT)

    client.cookies["django_language"] = "en"
    response = client.get(URL, AT)

    assert_throttled(response, "Too many requests: try again in ", period=3600)


def test_the_rate_is_counted_per_client_address(client, settings):
    settings.API_THROTTLE_RATE = "2/minute"
    for _ in range(2):
        client.get(URL, AT, REMOTE_ADDR="192.0.2.1")

    assert client.get(URL, AT, REMOTE_ADDR="192.0.2.1").status_code == 429
    assert client.get(URL, AT, REMOTE_ADDR="192.0.2.2").status_code == 200
    # Without a trusted proxy, X-Forwarded-For is the client's to write: it changes nothing.
    spoofed = client.get(URL, AT, REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert spoofed.status_code == 429


def test_behind_a_trusted_proxy_the_forwarded_address_is_the_client(client, settings):
    settings.API_THROTTLE_RATE = "1/minute"
    settings.NUM_PROXIES = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}

    assert client.get(URL, AT, HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy).status_code == 200
    assert client.get(URL, AT, HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy).status_code == 429
    assert client.get(URL, AT, HTTP_X_FORWARDED_FOR="198.51.100.8", **proxy).status_code == 200


def test_the_schema_documents_the_429(client):
    schema = client.get(reverse("api-schema"), {"format": "json"}).json()

    responses = schema["paths"][URL]["get"]["responses"]
    assert "429" in responses


def test_with_the_cache_down_the_api_is_not_throttled_and_never_fails(client, settings):
    settings.API_THROTTLE_RATE = "1/minute"
    settings.CACHES = DEAD_REDIS

    assert [client.get(URL, AT).status_code for _ in range(3)] == [200, 200, 200]


# address= and the web geocoder


def test_address_searches_are_limited_before_the_web_geocoder_is_asked(client, settings, ban):  # noqa: F811
    settings.GEOCODER_RATE_LIMIT = "2/minute"
    addresses = [f"{number} rue de la Libération 47200 Marmande" for number in (1, 2, 3)]

    first, second = (client.get(URL, {"address": address}) for address in addresses[:2])
    third = client.get(URL, {"address": addresses[2]})

    assert (first.status_code, second.status_code) == (200, 200)
    assert_throttled(third, "Trop de recherches d'adresse : réessayez dans ")
    assert len(ban.requests) == 2
    # An answer already cached asks nobody, and lat/lon still work.
    assert client.get(URL, {"address": addresses[0]}).status_code == 200
    assert client.get(URL, AT).status_code == 200
    assert len(ban.requests) == 2
    # Another client has its own count.
    assert client.get(URL, {"address": addresses[2]}, REMOTE_ADDR="192.0.2.9").status_code == 200
    assert len(ban.requests) == 3


def test_offline_geocoding_of_addresses_is_not_limited(client, settings):
    settings.GEOCODER_RATE_LIMIT = "1/minute"
    assert settings.GEOCODER == "postcode"

    statuses = [
        client.get(URL, {"address": f"{n} rue Abel Boyé 47200 Marmande"}).status_code for n in range(4)
    ]
    statuses += [client.get(URL, {"postcode": code}).status_code for code in ("47200", "47180")]

    assert statuses == [200] * 6


def test_with_the_cache_down_address_searches_reach_the_geocoder_without_failing(
    client,
    settings,
    ban,  # noqa: F811
):
    settings.GEOCODER_RATE_LIMIT = "1/minute"
    settings.CACHES = DEAD_REDIS

    statuses = [client.get(URL, {"address": f"{n} rue de la Libération 47200"}).status_code for n in (1, 2)]

    assert statuses == [200, 200]
    assert len(ban.requests) == 2
