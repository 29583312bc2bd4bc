import json
import logging
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from core.geocoding import GeocodeResult, PostcodeGeocoder, configured_geocoder, geocode
from core.postcodes import entries_by_postcode

MARMANDE = (44.5055176845, 0.172174280849)
AJACCIO = (41.9347926638, 8.70132275974)
STE_BAZEILLE = (44.5304887615, 0.103191443155)


# Offline geocoder (La Poste's postcode base)


def test_postcode_alone_gives_its_commune():
    result = geocode(postcode="47200")

    assert result == GeocodeResult(
        latitude=MARMANDE[0],
        longitude=MARMANDE[1],
        label="47200 MARMANDE",
        precision="commune",
        source="postcode",
    )


def test_postcode_is_found_in_a_typed_address():
    result = geocode(address="41 rue de la Libération, 47200 Marmande")

    assert (result.latitude, result.longitude) == MARMANDE


@pytest.mark.parametrize(
    "city, commune",
    [
        ("Sainte-Bazeille", "STE BAZEILLE"),
        ("sainte bazeille", "STE BAZEILLE"),
        ("Couthures-sur-Garonne", "COUTHURES SUR GARONNE"),
        ("MEILHAN SUR GARONNE", "MEILHAN SUR GARONNE"),
    ],
)
def test_among_the_communes_of_a_postcode_the_city_name_picks_one(city, commune):
    assert len({entry.insee_code for entry in entries_by_postcode()["47180"]}) > 1

    result = geocode(postcode="47180", city=city)

    assert result.label == f"47180 {commune}"


def test_city_after_the_postcode_in_an_address_picks_the_commune():
    result = geocode(address="3 place de la Mairie, 47180 Sainte-Bazeille, France")

    assert (result.latitude, result.longitude) == STE_BAZEILLE


def test_unknown_city_falls_back_to_the_postcodes_first_commune_with_coordinates():
    first = next(entry for entry in entries_by_postcode()["47180"] if entry.latitude is not None)

    result = geocode(postcode="47180", city="Nulle-Part")

    assert (result.latitude, result.longitude) == (first.latitude, first.longitude)


def test_corsican_postcode():
    result = geocode(address="Cours Napoléon 20000 Ajaccio")

    assert (result.latitude, result.longitude) == AJACCIO
    assert result.label == "20000 AJACCIO"


@pytest.mark.parametrize(
    "kwargs",
    [{"postcode": "00000"}, {"address": "1 rue de Nulle Part 00000 Ailleurs"}, {"address": ""}, {}],
)
def test_nothing_for_an_unknown_postcode(kwargs):
    assert geocode(**kwargs) is None


def test_a_city_alone_is_found_by_its_exact_name_accents_and_case_aside():
    assert geocode(city="marmande").label == "47200 MARMANDE"
    assert geocode(city="Sainte-Bazeille").label == "47180 STE BAZEILLE"
    assert geocode(city="Marmandes") is None


def test_a_city_name_shared_by_several_communes_needs_a_postcode():
    assert geocode(city="Beaupuy") is None
    assert geocode(postcode="47200", city="Beaupuy").label == "47200 BEAUPUY"


def test_offline_geocoder_is_the_default(settings):
    assert settings.GEOCODER == "postcode"
    assert isinstance(configured_geocoder(), PostcodeGeocoder)


# Web geocoders against a local HTTP fake of their responses


class FakeService:
    """What a geocoding web service answers, and the requests it received."""

    def __init__(self):
        self.status = 200
        self.body: object = {}
        self.delay = 0.0
        self.requests: list[dict] = []

    def handler(self):
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                url = urlsplit(self.path)
                service.requests.append(
                    {"path": url.path, "query": parse_qs(url.query), "user_agent": self.headers["User-Agent"]}
                )
                if service.delay:
                    time.sleep(service.delay)
                payload = json.dumps(service.body).encode()
                try:
                    self.send_response(service.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except OSError:
                    pass  # the client gave up (timeout test)

            def log_message(self, *args):
                pass

        return Handler


@pytest.fixture
def fake_service():
    service = FakeService()
    server = ThreadingHTTPServer(("127.0.0.1", 0), service.handler())
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    service.address = f"127.0.0.1:{server.server_address[1]}"
    yield service
    server.shutdown()
    server.server_close()


BAN_MARMANDE = {
    "type": "FeatureCollection",
    "version": "draft",
    "features": [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [0.161791, 44.499404]},
            "properties": {
                "label": "41 Rue de la Libération 47200 Marmande",
                "score": 0.9712,
                "housenumber": "41",
                "id": "47157_1234_00041",
                "name": "41 Rue de la Libération",
                "postcode": "47200",
                "citycode": "47157",
                "x": 468712.35,
                "y": 6376283.61,
                "city": "Marmande",
                "context": "47, Lot-et-Garonne, Nouvelle-Aquitaine",
                "type": "housenumber",
                "importance": 0.61,
                "street": "Rue de la Libération",
            },
        }
    ],
    "attribution": "BAN",
    "licence": "ETALAB-2.0",
    "query": "41 rue de la Libération 47200 Marmande",
    "limit": 1,
}

NOMINATIM_MARMANDE = [
    {
        "place_id": 96170386,
        "licence": "Data © OpenStreetMap contributors, ODbL 1.0. http://osm.org/copyright",
        "osm_type": "node",
        "osm_id": 2840195810,
        "lat": "44.4994040",
        "lon": "0.1617910",
        "class": "place",
        "type": "house",
        "place_rank": 30,
        "importance": 0.00000999999999995449,
        "addresstype": "place",
        "name": "",
        "display_name": "41, Rue de la Libération, Marmande, Lot-et-Garonne, Nouvelle-Aquitaine, 47200, France",
        "boundingbox": ["44.4993540", "44.4994540", "0.1617410", "0.1618410"],
    }
]


@pytest.fixture
def ban(settings, fake_service):
    settings.GEOCODER = "ban"
    settings.GEOCODER_BAN_DOMAIN = f"{fake_service.address}/geocodage"
    settings.GEOCODER_SCHEME = "http"
    settings.GEOCODER_TIMEOUT = 0.5
    fake_service.body = BAN_MARMANDE
    return fake_service


@pytest.fixture
def nominatim(settings, fake_service):
    settings.GEOCODER = "nominatim"
    settings.GEOCODER_NOMINATIM_DOMAIN = fake_service.address
    settings.GEOCODER_SCHEME = "http"
    settings.GEOCODER_TIMEOUT = 0.5
    fake_service.body = NOMINATIM_MARMANDE
    return fake_service


def test_ban_default_service_is_the_geoplateforme(settings):
    settings.GEOCODER = "ban"

    assert settings.GEOCODER_BAN_DOMAIN == "data.geopf.fr/geocodage"
    assert configured_geocoder().service.geocode_api == "https://data.geopf.fr/geocodage/search"


def test_ban_answer_is_parsed_and_the_request_is_geopys(ban):
    result = geocode(address="41 rue de la Libération", postcode="47200", city="Marmande")

    assert result == GeocodeResult(
        latitude=44.499404,
        longitude=0.161791,
        label="41 Rue de la Libération 47200 Marmande",
        precision="adresse",
        source="ban",
    )
    assert ban.requests == [
        {
            "path": "/geocodage/search",
            "query": {"q": ["41 rue de la Libération 47200 Marmande"], "limit": ["1"]},
            "user_agent": "comptoir",
        }
    ]


def test_ban_answer_is_cached(ban):
    first = geocode(address="41 rue de la Libération 47200 Marmande")
    second = geocode(address="41 rue de la Libération 47200 Marmande")

    assert first == second
    assert len(ban.requests) == 1


@pytest.mark.parametrize("status", [500, 503, 429])
def test_ban_failure_falls_back_to_the_postcode_base(ban, caplog, status):
    ban.status = status
    ban.body = {"code": status, "message": "Service indisponible"}

    with caplog.at_level(logging.WARNING, logger="core.geocoding"):
        result = geocode(address="41 rue de la Libération 47200 Marmande")

    assert result.source == "postcode"
    assert (result.latitude, result.longitude) == MARMANDE
    assert len(ban.requests) == 1
    assert "ban" in caplog.text and "Libération" not in caplog.text


def test_ban_timeout_falls_back_after_one_attempt(ban, settings, caplog):
    settings.GEOCODER_TIMEOUT = 0.3
    ban.delay = 2

    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="core.geocoding"):
        result = geocode(address="41 rue de la Libération 47200 Marmande")

    assert time.monotonic() - started < 1.5
    assert result.source == "postcode"
    assert (result.latitude, result.longitude) == MARMANDE
    assert len(ban.requests) == 1
    assert "ban" in caplog.text


def test_ban_unreachable_falls_back_without_logging_the_address(ban, settings, caplog):
    settings.GEOCODER_BAN_DOMAIN = "127.0.0.1:9"

    with caplog.at_level(logging.WARNING, logger="core.geocoding"):
        result = geocode(address="12 cours Napoléon", postcode="20000")

    assert result.label == "20000 AJACCIO"
    assert "GeocoderUnavailable" in caplog.text
    assert "Napol" not in caplog.text and "cours" not in caplog.text


def test_ban_malformed_answer_falls_back(ban):
    ban.body = {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "geometry": {}, "properties": {}}],
    }

    assert geocode(address="1 rue X 47200 Marmande").source == "postcode"


def test_ban_low_score_or_no_feature_is_no_answer(ban):
    ban.body = {**BAN_MARMANDE, "features": [{**BAN_MARMANDE["features"][0], "properties": {"score": 0.2}}]}
    assert geocode(address="zzzz qqqq") is None
    assert geocode(address="zzzz 47200").source == "postcode"

    ban.body = {"type": "FeatureCollection", "features": []}
    assert geocode(address="xxxx yyyy") is None


def test_nominatim_answer_is_parsed_and_the_request_is_geopys(nominatim):
    result = geocode(address="41 rue de la Libération 47200 Marmande")

    assert result == GeocodeResult(
        latitude=44.499404,
        longitude=0.161791,
        label="41, Rue de la Libération, Marmande, Lot-et-Garonne, Nouvelle-Aquitaine, 47200, France",
        precision="adresse",
        source="nominatim",
    )
    assert nominatim.requests == [
        {
            "path": "/search",
            "query": {
                "q": ["41 rue de la Libération 47200 Marmande"],
                "format": ["json"],
                "limit": ["1"],
                "countrycodes": ["fr"],
            },
            "user_agent": "comptoir",
        }
    ]


def test_nominatim_town_is_a_commune_precision(nominatim):
    nominatim.body = [
        {**NOMINATIM_MARMANDE[0], "class": "boundary", "type": "administrative", "addresstype": "town"}
    ]

    assert geocode(address="Marmande").precision == "commune"


@pytest.mark.parametrize("status", [500, 502])
def test_nominatim_failure_falls_back_to_the_postcode_base(nominatim, caplog, status):
    nominatim.status = status

    with caplog.at_level(logging.WARNING, logger="core.geocoding"):
        result = geocode(address="Cours Napoléon 20000 Ajaccio")

    assert result.source == "postcode"
    assert (result.latitude, result.longitude) == AJACCIO
    assert "nominatim" in caplog.text


def test_nominatim_timeout_falls_back(nominatim, settings):
    settings.GEOCODER_TIMEOUT = 0.3
    nominatim.delay = 2

    started = time.monotonic()
    result = geocode(postcode="47200")

    assert time.monotonic() - started < 1.5
    assert result.source == "postcode"
    assert len(nominatim.requests) == 1


def test_nominatim_finding_nothing_is_no_answer(nominatim):
    nominatim.body = []

    assert geocode(address="zzzz qqqq") is None
