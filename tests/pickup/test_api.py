import json
from datetime import time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from geopy.distance import geodesic

from pickup.index import discard_index
from pickup.models import OpeningException, WeeklyOpening
from tests.pickup.factories import ContactPointFactory

pytestmark = pytest.mark.django_db

ORIGIN = (44.5008, 0.1653)
FIELDS = {
    "id",
    "name",
    "type",
    "category",
    "address",
    "postcode",
    "city",
    "latitude",
    "longitude",
    "distance_m",
    "opening_hours",
    "open_now",
}


def next_weekday(weekday: int):
    today = timezone.localdate()
    return today + timedelta(days=(weekday - today.weekday()) % 7 or 7)


def week(point, days, *ranges):
    WeeklyOpening.objects.bulk_create(
        WeeklyOpening(contact_point=point, weekday=day, opens_at=opens, closes_at=closes)
        for day in days
        for opens, closes in ranges
    )


@pytest.fixture
def points():
    bureau = ContactPointFactory(
        site_id="08749A",
        name="MARMANDE",
        type="Bureau de Poste",
        address="41 RUE DE LA LIBERATION",
        latitude=44.499404,
        longitude=0.161791,
    )
    agence = ContactPointFactory(
        site_id="08760A",
        name="BEAUPUY AP",
        type="Agence postale communale",
        address="LE BOURG",
        city="BEAUPUY",
        insee_code="47024",
        latitude=44.5332,
        longitude=0.1449,
    )
    relais = ContactPointFactory(
        site_id="08771B",
        name="VIRAZEIL RP",
        type="Relais poste commerçant",
        address="2 AVENUE DE LA GARE",
        city="VIRAZEIL",
        insee_code="47326",
        latitude=44.5119,
        longitude=0.2389,
    )
    ContactPointFactory(
        site_id="08799A", name="MARMANDE FERME", latitude=ORIGIN[0], longitude=ORIGIN[1], is_active=False
    )
    ajaccio = ContactPointFactory(
        site_id="03507A",
        name="AJACCIO PARC BERTHAULT BP",
        address="24 COURS LUCIEN BONAPARTE",
        postcode="20000",
        city="AJACCIO",
        insee_code="2A004",
        latitude=41.912695,
        longitude=8.723347,
    )
    week(bureau, range(5), (time(9), time(12)), (time(14), time(17, 30)))
    week(bureau, [5], (time(9), time(12)))
    week(agence, [0, 1], (time(9), time(12)))
    week(relais, range(6), (time(8), time(19)))
    OpeningException.objects.create(
        contact_point=bureau, date=next_weekday(2), is_closed=True, label="Inventaire"
    )
    discard_index()
    yield {"bureau": bureau, "agence": agence, "relais": relais, "ajaccio": ajaccio}
    discard_index()


def nearest(client, **params):
    return client.get(reverse("pickup-api:nearest"), params)


def ids(response):
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["results"]]


def test_points_nearest_first_with_their_fields(client, points):
    response = nearest(client, lat=ORIGIN[0], lon=ORIGIN[1])

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["count"] == 4
    assert body["origin"] == {"latitude": ORIGIN[0], "longitude": ORIGIN[1], "label": None, "precision": None}
    assert [item["id"] for item in body["results"]] == ["08749A", "08760A", "08771B", "03507A"]
    first = body["results"][0]
    assert set(first) == FIELDS
    assert first == {
        **first,
        "id": "08749A",
        "name": "MARMANDE",
        "type": "Bureau de Poste",
        "category": "bureau",
        "address": "41 RUE DE LA LIBERATION",
        "postcode": "47200",
        "city": "MARMANDE",
        "latitude": 44.499404,
        "longitude": 0.161791,
    }
    for item in body["results"]:
        expected = geodesic(ORIGIN, (item["latitude"], item["longitude"])).m
        assert isinstance(item["distance_m"], int)
        assert abs(item["distance_m"] - expected) <= 0.5
        assert isinstance(item["open_now"], bool)
    distances = [item["distance_m"] for item in body["results"]]
    assert distances == sorted(distances)


def test_opening_hours_are_the_weekly_hours_and_upcoming_exceptions(client, points):
    hours = nearest(client, lat=ORIGIN[0], lon=ORIGIN[1], limit=1).json()["results"][0]["opening_hours"]

    assert hours["weekly"]["lundi"] == ["09:00-12:00", "14:00-17:30"]
    assert hours["weekly"]["samedi"] == ["09:00-12:00"]
    assert hours["weekly"]["dimanche"] == []
    assert hours["exceptions"] == [
        {"date": next_weekday(2).isoformat(), "closed": True, "ranges": [], "label": "Inventaire"}
    ]


def test_default_limit_is_five_and_limit_caps_the_results(client, points):
    for number in range(6):
        ContactPointFactory(latitude=44.6 + number / 100, longitude=0.3)
    discard_index()

    assert len(ids(nearest(client, lat=ORIGIN[0], lon=ORIGIN[1]))) == 5
    assert ids(nearest(client, lat=ORIGIN[0], lon=ORIGIN[1], limit=2)) == ["08749A", "08760A"]
    assert len(ids(nearest(client, lat=ORIGIN[0], lon=ORIGIN[1], limit=50))) == 10


def test_inactive_points_are_never_listed(client, points):
    assert "08799A" not in ids(nearest(client, lat=ORIGIN[0], lon=ORIGIN[1], limit=50))


@pytest.mark.parametrize(
    "types, expected",
    [
        (["relais"], ["08771B"]),
        (["agence,relais"], ["08760A", "08771B"]),
        (["agence", "relais"], ["08760A", "08771B"]),
        (["Bureau"], ["08749A", "03507A"]),
        (["bureau de poste"], ["08749A", "03507A"]),
        (["Agence postale communale", ""], ["08760A"]),
    ],
)
def test_type_filter_by_category_or_la_postes_label(client, points, types, expected):
    assert ids(nearest(client, lat=ORIGIN[0], lon=ORIGIN[1], type=types)) == expected


def test_open_on_keeps_the_points_open_that_day(client, points):
    wednesday, tuesday = next_weekday(2), next_weekday(1)

    # The bureau is closed that Wednesday by exception, the agence opens on Mondays and Tuesdays only.
    assert ids(nearest(client, lat=ORIGIN[0], lon=ORIGIN[1], open_on=wednesday.isoformat())) == ["08771B"]
    assert ids(nearest(client, lat=ORIGIN[0], lon=ORIGIN[1], open_on=tuesday.isoformat())) == [
        "08749A",
        "08760A",
        "08771B",
    ]


def test_max_distance_keeps_the_points_within_it(client, points):
    agence_m = geodesic(ORIGIN, (44.5332, 0.1449)).m

    assert ids(nearest(client, lat=ORIGIN[0], lon=ORIGIN[1], max_distance_m=agence_m + 1)) == [
        "08749A",
        "08760A",
    ]
    assert ids(nearest(client, lat=ORIGIN[0], lon=ORIGIN[1], max_distance_m=100)) == []
    assert ids(nearest(client, lat=ORIGIN[0], lon=ORIGIN[1], max_distance_m=0, type="relais")) == []


def test_filters_combine(client, points):
    response = nearest(
        client, lat=ORIGIN[0], lon=ORIGIN[1], type="bureau,agence", max_distance_m=10_000, limit=1
    )

    assert ids(response) == ["08749A"]


def test_postcode_is_geocoded_to_its_commune(client, points):
    response = nearest(client, postcode="20000", limit=1)

    body = response.json()
    assert body["origin"] == {
        "latitude": 41.9347926638,
        "longitude": 8.70132275974,
        "label": "20000 AJACCIO",
        "precision": "commune",
    }
    assert ids(response) == ["03507A"]
    assert body["results"][0]["distance_m"] == round(
        geodesic((41.9347926638, 8.70132275974), (41.912695, 8.723347)).m
    )


def test_address_is_geocoded(client, points):
    response = nearest(client, address="3 place de la Mairie, 47180 Sainte-Bazeille", limit=2)

    assert response.json()["origin"]["label"] == "47180 STE BAZEILLE"
    assert ids(response) == ["08760A", "08749A"]


def test_address_and_postcode_together(client, points):
    response = nearest(client, address="Le Bourg", postcode="47200", limit=1)

    assert response.json()["origin"]["label"] == "47200 MARMANDE"


def test_web_geocoder_down_still_answers_from_the_postcode_base(client, points, settings):
    settings.GEOCODER = "ban"
    settings.GEOCODER_BAN_DOMAIN = "127.0.0.1:9"
    settings.GEOCODER_SCHEME = "http"
    settings.GEOCODER_TIMEOUT = 0.5

    response = nearest(client, address="41 rue de la Libération 47200 Marmande", limit=1)

    assert response.json()["origin"]["label"] == "47200 MARMANDE"
    assert ids(response) == ["08749A"]


@pytest.mark.parametrize(
    "params, parameter, message",
    [
        ({"lat": 91, "lon": 0}, "lat", "La latitude (lat) doit être comprise entre -90 et 90."),
        ({"lat": -90.5, "lon": 0}, "lat", "La latitude (lat) doit être comprise entre -90 et 90."),
        ({"lat": 44, "lon": 180.1}, "lon", "La longitude (lon) doit être comprise entre -180 et 180."),
        ({"lat": "abc", "lon": 0}, "lat", "La latitude (lat) doit être un nombre, par exemple 44.5008."),
        ({"lat": "nan", "lon": 0}, "lat", "La latitude (lat) doit être un nombre, par exemple 44.5008."),
        ({"lat": 44, "lon": "inf"}, "lon", "La longitude (lon) doit être un nombre, par exemple 0.1653."),
        ({}, "lat", "Position manquante : donnez lat et lon, ou address, ou postcode."),
        ({"limit": 3}, "lat", "Position manquante : donnez lat et lon, ou address, ou postcode."),
        ({"lat": 44.5}, "lon", "La longitude (lon) manque : donnez lat et lon ensemble."),
        ({"lon": 0.16}, "lat", "La latitude (lat) manque : donnez lat et lon ensemble."),
        (
            {"lat": 44.5, "lon": 0.1, "limit": 51},
            "limit",
            "Le nombre de points (limit) doit être au plus 50.",
        ),
        ({"lat": 44.5, "lon": 0.1, "limit": 0}, "limit", "Le nombre de points (limit) doit être au moins 1."),
        (
            {"lat": 44.5, "lon": 0.1, "limit": "2.5"},
            "limit",
            "Le nombre de points (limit) doit être un nombre entier.",
        ),
        (
            {"lat": 44.5, "lon": 0.1, "open_on": "2026-02-30"},
            "open_on",
            "La date (open_on) doit être au format AAAA-MM-JJ, par exemple 2026-06-15.",
        ),
        (
            {"lat": 44.5, "lon": 0.1, "open_on": "15/06/2026"},
            "open_on",
            "La date (open_on) doit être au format AAAA-MM-JJ, par exemple 2026-06-15.",
        ),
        (
            {"lat": 44.5, "lon": 0.1, "max_distance_m": -1},
            "max_distance_m",
            "La distance maximale (max_distance_m) doit être positive ou nulle.",
        ),
        (
            {"lat": 44.5, "lon": 0.1, "max_distance_m": "loin"},
            "max_distance_m",
            "La distance maximale (max_distance_m) doit être un nombre de mètres.",
        ),
        (
            {"lat": 44.5, "lon": 0.1, "type": ",".join(["bureau"] * 11)},
            "type",
            "Au plus 10 types de points (type).",
        ),
        (
            {"lat": 44.5, "lon": 0.1, "type": "bureau,poste-restante"},
            "type",
            "Type de point (type) inconnu : « poste-restante ». Donnez une catégorie (bureau, agence, relais, autre) "
            "ou un libellé La Poste, par exemple « Bureau de poste ».",
        ),
        (
            {"postcode": "4720"},
            "postcode",
            "Le code postal (postcode) doit comporter 5 chiffres, par exemple 47200.",
        ),
        ({"postcode": "00000"}, "postcode", "Code postal (postcode) inconnu : 00000."),
        (
            {"address": "quelque part sans code postal"},
            "address",
            "Adresse (address) introuvable : vérifiez-la ou ajoutez le code postal.",
        ),
        (
            {"address": "x" * 201},
            "address",
            "L'adresse (address) ne doit pas dépasser 200 caractères.",
        ),
        (
            {"lat": 44.5, "lon": 0.1, "postcode": "47200"},
            "postcode",
            "Donnez soit lat et lon, soit address ou postcode, pas les deux (postcode).",
        ),
        (
            {"lat": 44.5, "lon": 0.1, "lmit": 3},
            "lmit",
            "Paramètre inconnu : lmit. Paramètres acceptés : address, lat, limit, lon, max_distance_m, open_on, "
            "postcode, type.",
        ),
    ],
)
def test_bad_parameters_get_a_400_naming_the_parameter_in_french(client, points, params, parameter, message):
    response = nearest(client, **params)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"errors": {parameter: [message]}}
    assert parameter in message


def test_format_parameter_is_accepted(client, points):
    assert ids(nearest(client, lat=ORIGIN[0], lon=ORIGIN[1], limit=1, format="json")) == ["08749A"]


def test_read_only_and_anonymous(client, points):
    assert client.post(reverse("pickup-api:nearest"), {"lat": 44.5, "lon": 0.1}).status_code == 405


def test_queries_do_not_grow_with_the_number_of_points(client, points):
    for number in range(10):
        point = ContactPointFactory(latitude=44.51 + number / 1000, longitude=0.17)
        week(point, range(6), (time(9), time(12)))
        OpeningException.objects.create(contact_point=point, date=timezone.localdate(), is_closed=True)
    discard_index()
    nearest(client, lat=ORIGIN[0], lon=ORIGIN[1], limit=1)

    counts = []
    for limit in (1, 12):
        with CaptureQueriesContext(connection) as queries:
            assert len(ids(nearest(client, lat=ORIGIN[0], lon=ORIGIN[1], limit=limit))) == limit
        counts.append(len(queries))

    assert counts[0] == counts[1]
    # Session-free request: index version check, points, weekly hours, exceptions, transaction and savepoints.
    assert counts[1] <= 7


def test_schema_lists_the_endpoint_with_its_parameters_and_response(client):
    response = client.get("/api/schema/", {"format": "json"})

    assert response.status_code == 200
    schema = json.loads(response.content)
    operation = schema["paths"]["/api/pickup-points/"]["get"]
    parameters = {parameter["name"]: parameter for parameter in operation["parameters"]}
    assert set(parameters) == {
        "lat",
        "lon",
        "limit",
        "type",
        "open_on",
        "max_distance_m",
        "address",
        "postcode",
    }
    assert all(parameter["in"] == "query" for parameter in parameters.values())
    assert parameters["lat"]["schema"]["minimum"] == -90 and parameters["lat"]["schema"]["maximum"] == 90
    assert parameters["limit"]["schema"] == {"type": "integer", "maximum": 50, "minimum": 1, "default": 5}
    assert parameters["type"]["schema"]["type"] == "array"
    assert parameters["open_on"]["schema"]["format"] == "date"
    assert set(operation["responses"]) == {"200", "400", "429"}
    body = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert set(schema["components"]["schemas"][body]["properties"]) == {"count", "origin", "results"}
    assert FIELDS <= set(schema["components"]["schemas"]["NearestPoint"]["properties"])


def test_schema_in_yaml_too(client):
    response = client.get("/api/schema/")

    assert response.status_code == 200
    assert "/api/pickup-points/:" in response.content.decode()
