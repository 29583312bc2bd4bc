"""The counter pages: an agent sees and handles only their own point's parcels."""

from datetime import datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pickup import services
from pickup.models import CodeAttempt, Parcel, PointCategory, RetentionPolicy
from tests.factories import MerchantFactory, TerritoryFactory, UserFactory, make_merchant_user
from tests.pickup.factories import ContactPointFactory, make_counter_agent, make_parcel, make_pickup_order

pytestmark = pytest.mark.django_db

Status = Parcel.Status


@pytest.fixture
def point_a():
    return ContactPointFactory(name="MARMANDE BUREAU")


@pytest.fixture
def point_b():
    return ContactPointFactory(name="TONNEINS BUREAU", postcode="47400", city="TONNEINS")


@pytest.fixture
def agent(point_a):
    return make_counter_agent(contact_point=point_a)


@pytest.fixture
def agent_client(client, agent):
    client.force_login(agent)
    return client


def ready(parcel: Parcel, by) -> str:
    return services.parcel_mark_ready(parcel=parcel, by=by)


def detail_url(parcel: Parcel, name: str = "parcel-detail") -> str:
    return reverse(f"pickup:{name}", kwargs={"pk": parcel.pk})


def listed_numbers(response) -> set[str]:
    return {parcel.order.number for parcel in response.context["parcels"]}


def test_an_agent_sees_only_their_points_parcels_in_progress(agent_client, agent, point_a, point_b):
    awaiting = make_parcel(contact_point=point_a)
    at_counter = make_parcel(contact_point=point_a)
    collected = make_parcel(contact_point=point_a)
    elsewhere = make_parcel(contact_point=point_b)
    ready(at_counter, agent)
    services.parcel_hand_over(parcel=collected, code=ready(collected, agent), agent=agent)

    response = agent_client.get(reverse("pickup:parcel-list"))
    assert response.status_code == 200
    assert listed_numbers(response) == {awaiting.order.number, at_counter.order.number}
    html = response.content.decode()
    assert elsewhere.order.number not in html
    assert "<caption>" in html and 'role="status"' in html and 'role="search"' in html
    assert "2 colis trouvés" in html

    response = agent_client.get(reverse("pickup:parcel-list"), {"statut": "tous"})
    assert listed_numbers(response) == {
        awaiting.order.number,
        at_counter.order.number,
        collected.order.number,
    }
    response = agent_client.get(reverse("pickup:parcel-list"), {"statut": "collected"})
    assert listed_numbers(response) == {collected.order.number}


def test_another_points_parcel_is_not_found(agent_client, agent, point_b):
    elsewhere = make_parcel(contact_point=point_b)
    assert agent_client.get(detail_url(elsewhere)).status_code == 404
    assert agent_client.post(detail_url(elsewhere, "parcel-arrival")).status_code == 404
    assert agent_client.post(detail_url(elsewhere, "parcel-hand-over"), {"code": "123456"}).status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.status == Status.AWAITING
    assert not CodeAttempt.objects.exists()


def test_search_by_order_number_or_resident_name(agent_client, point_a):
    elodie = make_parcel(
        contact_point=point_a, order=make_pickup_order(first_name="Élodie", last_name="Duprat")
    )
    jean = make_parcel(contact_point=point_a, order=make_pickup_order(first_name="Jean", last_name="Lafitte"))
    user = UserFactory(first_name="Marius", last_name="Bordes")
    # The name on the account counts too, when the address bears another one.
    marius = make_parcel(
        contact_point=point_a, order=make_pickup_order(user=user, first_name="M.", last_name="Voisin")
    )
    url = reverse("pickup:parcel-list")

    assert listed_numbers(agent_client.get(url, {"q": jean.order.number})) == {jean.order.number}
    assert listed_numbers(agent_client.get(url, {"q": "duprat"})) == {elodie.order.number}
    assert listed_numbers(agent_client.get(url, {"q": "Élodie Duprat"})) == {elodie.order.number}
    assert listed_numbers(agent_client.get(url, {"q": "Jean Duprat"})) == set()
    assert listed_numbers(agent_client.get(url, {"q": "Bordes"})) == {marius.order.number}
    response = agent_client.get(url, {"q": "Personne"})
    assert "Aucun colis ne correspond à cette recherche." in response.content.decode()


def test_a_bad_filter_gets_a_clear_400(agent_client, point_a):
    make_parcel(contact_point=point_a)
    response = agent_client.get(reverse("pickup:parcel-list"), {"statut": "perdu"})
    assert response.status_code == 400
    assert "Ce statut n'existe pas" in response.content.decode()


def test_the_list_costs_the_same_queries_for_many_parcels(agent_client, point_a):
    url = reverse("pickup:parcel-list")
    make_parcel(contact_point=point_a)
    agent_client.get(url)
    with CaptureQueriesContext(connection) as few:
        agent_client.get(url)
    for _ in range(6):
        make_parcel(contact_point=point_a)
    with CaptureQueriesContext(connection) as many:
        response = agent_client.get(url)
    assert len(response.context["parcels"]) == 7
    assert len(many) == len(few)


def test_the_agent_records_the_arrival_and_the_resident_gets_the_code(
    agent_client, agent, point_a, django_capture_on_commit_callbacks
):
    parcel = make_parcel(contact_point=point_a)
    page = agent_client.get(detail_url(parcel)).content.decode()
    assert "Enregistrer l&#x27;arrivée" in page or "Enregistrer l'arrivée" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = agent_client.post(detail_url(parcel, "parcel-arrival"))
    assert response.status_code == 302
    parcel.refresh_from_db()
    assert parcel.status == Status.READY
    assert parcel.events.last().by == agent
    (message,) = mail.outbox
    assert message.to == [parcel.order.email]
    page = agent_client.get(detail_url(parcel)).content.decode()
    assert "Remettre le colis" in page
    # The counter never shows the code.
    code = message.body.split("Votre code de retrait : ")[1][:6]
    assert code not in page


def test_an_illegal_transition_is_refused_with_a_message(agent_client, agent, point_a):
    parcel = make_parcel(contact_point=point_a)
    ready(parcel, agent)
    response = agent_client.post(detail_url(parcel, "parcel-arrival"))
    assert response.status_code == 409
    assert (
        "Ce colis est disponible au retrait : il ne peut pas être marqué disponible."
        in response.content.decode()
    )
    response = agent_client.post(detail_url(parcel, "parcel-return"))
    assert response.status_code == 409
    assert parcel.events.count() == 2
    assert agent_client.get(detail_url(parcel, "parcel-arrival")).status_code == 405


def test_hand_over_through_the_page(agent_client, agent, point_a):
    parcel = make_parcel(contact_point=point_a)
    code = ready(parcel, agent)
    url = detail_url(parcel, "parcel-hand-over")

    response = agent_client.post(url, {"code": "12a45"})
    assert response.status_code == 400
    assert "Le code de retrait comporte exactement 6 chiffres." in response.content.decode()
    assert not CodeAttempt.objects.exists()

    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    response = agent_client.post(url, {"code": wrong})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html and "il reste 4 essais avant le blocage" in html
    assert wrong not in html

    response = agent_client.post(url, {"code": f"{code[:3]} {code[3:]}"})
    assert response.status_code == 302
    parcel.refresh_from_db()
    assert parcel.status == Status.COLLECTED
    assert list(CodeAttempt.objects.values_list("succeeded", "agent")) == [
        (False, agent.pk),
        (True, agent.pk),
    ]
    page = agent_client.get(detail_url(parcel)).content.decode()
    assert "Retiré" in page and "Remettre le colis" not in page
    assert "Disponible au retrait" in page  # in the parcel's history


def test_five_wrong_codes_through_the_page_lock_it_with_the_unlock_time(client, agent, point_a):
    current = {"now": datetime(2026, 3, 2, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))}
    with mock.patch("django.utils.timezone.now", side_effect=lambda: current["now"]):
        client.force_login(agent)
        parcel = make_parcel(contact_point=point_a)
        code = ready(parcel, agent)
        wrong = f"{(int(code) + 1) % 1_000_000:06d}"
        url = detail_url(parcel, "parcel-hand-over")
        for _ in range(4):
            assert client.post(url, {"code": wrong}).status_code == 400
        response = client.post(url, {"code": wrong})
        assert response.status_code == 429
        assert "bloqué jusqu&#x27;à 10:15" in response.content.decode()
        response = client.post(url, {"code": code})
        assert response.status_code == 429
        assert "aucun code n&#x27;est vérifié avant 10:15" in response.content.decode()
        page = client.get(detail_url(parcel)).content.decode()
        assert "avant 10:15" in page and 'name="code"' not in page

        current["now"] += timedelta(minutes=15)
        assert client.post(url, {"code": code}).status_code == 302
    assert CodeAttempt.objects.filter(refused_locked=True).count() == 1
    assert CodeAttempt.objects.count() == 7
    parcel.refresh_from_db()
    assert parcel.status == Status.COLLECTED


def test_an_expired_parcel_goes_back_to_the_merchant(agent_client, agent, point_a):
    parcel = make_parcel(contact_point=point_a)
    ready(parcel, agent)
    Parcel.objects.filter(pk=parcel.pk).update(expires_at=parcel.expires_at - timedelta(days=30))
    services.parcels_expire_overdue()
    page = agent_client.get(detail_url(parcel)).content.decode()
    assert "Retour au commerçant" in page
    assert agent_client.post(detail_url(parcel, "parcel-return")).status_code == 302
    parcel.refresh_from_db()
    assert parcel.status == Status.RETURNED
    assert parcel.events.last().by == agent


@pytest.mark.parametrize("who", ["anonymous", "resident", "merchant", "staff"])
def test_only_counter_agents_reach_the_counter(client, who, point_a):
    parcel = make_parcel(contact_point=point_a)
    if who == "resident":
        client.force_login(parcel.order.user)
    elif who == "merchant":
        client.force_login(make_merchant_user(MerchantFactory()))
    elif who == "staff":
        client.force_login(UserFactory(is_staff=True))
    for url in (reverse("pickup:parcel-list"), detail_url(parcel)):
        response = client.get(url)
        if who == "anonymous":
            assert response.status_code == 302 and "login" in response["Location"]
        else:
            assert response.status_code == 403
    response = client.post(detail_url(parcel, "parcel-arrival"))
    assert response.status_code == (302 if who == "anonymous" else 403)
    parcel.refresh_from_db()
    assert parcel.status == Status.AWAITING


def municipality_user():
    user = UserFactory(is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="territory", codename="change_territory")
    )
    return user


def test_the_municipality_sets_retention_times(client):
    TerritoryFactory()  # the retention times are the territory's
    client.force_login(municipality_user())
    url = reverse("pickup:retention-policies")
    response = client.get(url)
    assert response.status_code == 200
    assert [(str(label), retention.days) for label, retention in response.context["rows"]] == [
        ("Bureau de poste", 14),
        ("Agence postale", 14),
        ("Relais poste", 8),
        ("Autre point", 8),
    ]

    response = client.post(url, {"category": "relais", "days": "6", "reminder_days_before": "1"})
    assert response.status_code == 302
    assert services.retention_for_category(category=PointCategory.RELAY) == services.Retention(6, 1)

    response = client.post(url, {"category": "bureau", "days": "5", "reminder_days_before": "5"})
    assert response.status_code == 400
    assert "rien n&#x27;a été modifié" in response.content.decode()
    assert not RetentionPolicy.objects.filter(category="bureau").exists()


def test_agents_and_residents_cannot_set_retention_times(client, agent):
    url = reverse("pickup:retention-policies")
    assert client.get(url).status_code == 302
    client.force_login(agent)
    assert client.get(url).status_code == 403
    assert (
        client.post(url, {"category": "relais", "days": "3", "reminder_days_before": "1"}).status_code == 403
    )
    assert not RetentionPolicy.objects.exists()
