"""The courier's JSON API: their rounds, a round with its stops, the same actions as the round page (each id
applied once), session authentication with its CSRF check, couriers only and their own rounds only; listed in the
OpenAPI schema with its bodies and errors."""

import json
import uuid

import pytest
from django.core import mail
from django.test import Client

from delivery import selectors
from delivery.models import CourierAction, Round, Stop
from tests.delivery.factories import make_courier, make_todays_round
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def today():
    return make_todays_round()


@pytest.fixture
def courier_client(client, today):
    client.force_login(today.tour.courier.user)
    return client


def post(client, tour, **body):
    body.setdefault("action_id", str(uuid.uuid4()))
    return client.post(
        f"/api/courier/rounds/{tour.pk}/actions/", data=json.dumps(body), content_type="application/json"
    )


def test_the_courier_lists_their_rounds_and_reads_one_with_its_stops(courier_client, today):
    listing = courier_client.get("/api/courier/rounds/")
    assert listing.status_code == 200
    (tour,) = listing.json()
    assert tour["id"] == today.tour.pk and tour["status"] == "planned" and tour["status_label"] == "Planifiée"

    detail = courier_client.get(f"/api/courier/rounds/{today.tour.pk}/").json()
    assert [stop["kind"] for stop in detail["stops"]] == [
        "pickup",
        "pickup",
        "break",
        "home",
        "contact_point",
    ]
    home = detail["stops"][3]
    assert home["place"] == "Camille Laborde" and home["address"] == "8 rue Abel Boyé, 47200 Marmande"
    assert home["order"] == today.home_order.number and home["chilled"] is True
    assert home["actions"] == ["deliver", "fail"]
    assert detail["stops"][4]["place"] == "MARMANDE AGENCE POSTALE"


def test_actions_through_the_api_applied_once_per_id(
    courier_client, today, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        started = post(courier_client, today.tour, kind="start")
    assert started.status_code == 201 and started.json()["round_status"] == "started"
    action_id = str(uuid.uuid4())
    body = {"action_id": action_id, "kind": "collect", "stop_id": today.collect_home.pk, "proof": "tap"}
    first = post(courier_client, today.tour, **body)
    assert first.status_code == 201
    again = post(courier_client, today.tour, **body)
    assert again.status_code == 200 and again.json()["replayed"] is True
    assert again.json()["stop_status"] == first.json()["stop_status"] == "done"
    assert CourierAction.objects.filter(stop=today.collect_home).count() == 1

    refused = post(courier_client, today.tour, **{**body, "action_id": str(uuid.uuid4())})
    assert refused.status_code == 409 and "déjà « Fait »" in refused.json()["detail"]

    code = selectors.delivery_code_for_order(today.home_order)
    wrong = post(courier_client, today.tour, kind="deliver", stop_id=today.home.pk, proof="code", code="x")
    assert wrong.status_code == 400 and "Code erroné" in wrong.json()["detail"]
    with django_capture_on_commit_callbacks(execute=True):
        delivered = post(
            courier_client, today.tour, kind="deliver", stop_id=today.home.pk, proof="code", code=code
        )
    assert delivered.status_code == 201 and delivered.json()["stop_status"] == "done"
    assert any("livrée" in message.subject for message in mail.outbox)


def test_bad_bodies_get_a_400_naming_the_field(courier_client, today):
    response = post(courier_client, today.tour, action_id="not-a-uuid", kind="start")
    assert response.status_code == 400 and "action_id" in response.json()["errors"]
    response = post(courier_client, today.tour, kind="fly")
    assert response.status_code == 400 and "kind" in response.json()["errors"]
    response = courier_client.post(
        f"/api/courier/rounds/{today.tour.pk}/actions/", data="{", content_type="application/json"
    )
    assert response.status_code == 400
    assert Round.objects.get(pk=today.tour.pk).status == Round.Status.PLANNED


def test_another_couriers_round_is_not_found_and_only_couriers_get_in(client, today):
    client.force_login(make_courier("Lucie").user)
    assert client.get("/api/courier/rounds/").json() == []
    response = client.get(f"/api/courier/rounds/{today.tour.pk}/")
    assert response.status_code == 404 and response.json()["detail"] == "Cette tournée n'est pas la vôtre."
    response = post(client, today.tour, kind="start")
    assert response.status_code == 404
    assert Round.objects.get(pk=today.tour.pk).status == Round.Status.PLANNED

    client.force_login(UserFactory())
    response = client.get("/api/courier/rounds/")
    assert response.status_code == 403 and "livreurs" in response.json()["detail"]
    client.logout()
    assert client.get("/api/courier/rounds/").status_code == 403


def test_the_session_api_checks_csrf(today):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(today.tour.courier.user)
    response = post(strict, today.tour, kind="start")
    assert response.status_code == 403 and "CSRF" in response.json()["detail"]
    page = strict.get(f"/livreur/tournees/{today.tour.pk}/")
    token = page.cookies["csrftoken"].value
    response = strict.post(
        f"/api/courier/rounds/{today.tour.pk}/actions/",
        data=json.dumps({"action_id": str(uuid.uuid4()), "kind": "start"}),
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 201
    assert Stop.objects.filter(round=today.tour, status="planned").count() == 5


def test_the_schema_lists_the_courier_paths_with_bodies_and_errors(client):
    schema = json.loads(client.get("/api/schema/", {"format": "json"}).content)
    paths = schema["paths"]
    assert {"/api/courier/rounds/", "/api/courier/rounds/{id}/", "/api/courier/rounds/{id}/actions/"} <= set(
        paths
    )
    action = paths["/api/courier/rounds/{id}/actions/"]["post"]
    assert set(action["responses"]) == {"200", "201", "400", "403", "404", "409", "429"}
    body = action["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert {"action_id", "kind", "stop_id", "proof", "code", "signature", "photo", "reason"} <= set(
        schema["components"]["schemas"][body]["properties"]
    )
    detail = paths["/api/courier/rounds/{id}/"]["get"]["responses"]["200"]["content"]["application/json"]
    stops = schema["components"]["schemas"][detail["schema"]["$ref"].rsplit("/", 1)[-1]]["properties"][
        "stops"
    ]
    assert stops["type"] == "array"


def test_refusals_speak_the_couriers_language(courier_client, today):
    post(courier_client, today.tour, kind="start")
    body = {"kind": "collect", "stop_id": today.collect_home.pk, "proof": "tap"}
    assert post(courier_client, today.tour, **body).status_code == 201
    courier_client.cookies["django_language"] = "en"
    response = post(courier_client, today.tour, **body)
    assert response.status_code == 409
    assert response.json()["detail"].startswith("This stop is already “Done”")
