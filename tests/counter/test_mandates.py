"""The mandate's life: proposed by a helper, agreed by the resident (code or signature), in force until its term,
revoked by the resident at any time; without it the helper sees nothing of the resident beyond the search match."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from core import roles
from counter import mandates
from counter.models import HelperAction, Mandate
from territory.models import Membership
from tests.factories import TerritoryFactory, UserFactory
from tests.pickup.factories import ContactPointFactory, make_counter_agent

pytestmark = pytest.mark.django_db

UserAddress = get_model("address", "UserAddress")
SIGNATURE = "M 10 10 L 20 15 L 30 22 L 40 30 L 55 28"


@pytest.fixture
def territory():
    return TerritoryFactory()


@pytest.fixture
def resident(territory):
    from tests.factories import france

    user = UserFactory(first_name="Jeanne", last_name="Lafitte", email="jeanne.lafitte@example.test")
    Membership.objects.update_or_create(user=user, defaults={"territory": territory})
    UserAddress.objects.create(
        user=user,
        first_name="Jeanne",
        last_name="Lafitte",
        line1="12 rue de la Gare",
        line4="Marmande",
        postcode="47200",
        country=france(),
        phone_number="+33553640000",
    )
    return user


@pytest.fixture
def agent(territory):
    user = make_counter_agent(contact_point=ContactPointFactory(), first_name="Paul", last_name="Guichet")
    Membership.objects.update_or_create(user=user, defaults={"territory": territory})
    return user


@pytest.fixture
def agent_client(client, agent):
    client.force_login(agent)
    return client


def in_days(days):
    return timezone.now() + timedelta(days=days)


def propose(agent, resident, consent=Mandate.Consent.SIGNATURE, days=90):
    return mandates.mandate_propose(
        helper=agent, resident_id=resident.pk, valid_until=in_days(days), consent=consent
    )


def test_a_search_finds_only_an_exact_match_and_shows_only_a_label(agent_client, resident):
    url = reverse("counter:help")
    for query in (
        {"email": "JEANNE.lafitte@example.test"},
        {"phone": "05 53 64 00 00"},
        {"last_name": "lafitté", "postcode": "47200"},
    ):
        response = agent_client.get(url, query)
        assert response.status_code == 200, query
        page = response.content.decode()
        assert "Jeanne L. (47200)" in page, query
        assert "Lafitte" not in page and "12 rue de la Gare" not in page and "jeanne.lafitte" not in page
    for query in ({"email": "jeanne@example.test"}, {"last_name": "Lafit", "postcode": "47200"}):
        assert "Jeanne L." not in agent_client.get(url, query).content.decode()
    response = agent_client.get(url, {"postcode": "4720"})
    assert response.status_code == 400
    assert "Un code postal a cinq chiffres." in response.content.decode()


def test_only_helpers_reach_the_pages(client, resident):
    client.force_login(UserFactory())
    assert client.get(reverse("counter:help")).status_code == 403
    assert (
        client.get(reverse("counter:mandate-propose", kwargs={"resident_id": resident.pk})).status_code == 403
    )
    with pytest.raises(PermissionDenied):
        propose(UserFactory(), resident)


def test_a_mandate_agreed_by_signature_lets_the_helper_see_the_resident_until_its_term(
    agent_client, agent, resident
):
    response = agent_client.post(
        reverse("counter:mandate-propose", kwargs={"resident_id": resident.pk}),
        {"valid_until": (timezone.localdate() + timedelta(days=30)).isoformat(), "consent": "signature"},
    )
    mandate = Mandate.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "counter:mandate-agree", args=[mandate.pk]
    )
    detail = reverse("counter:mandate-detail", args=[mandate.pk])
    assert "12 rue de la Gare" not in agent_client.get(detail).content.decode()  # proposed: nothing yet
    refused = agent_client.post(reverse("counter:mandate-agree", args=[mandate.pk]), {"signature": "M 1 1"})
    assert refused.status_code == 400 and "Faites signer" in refused.content.decode()
    agreed = agent_client.post(reverse("counter:mandate-agree", args=[mandate.pk]), {"signature": SIGNATURE})
    assert agreed.status_code == 302
    mandate.refresh_from_db()
    assert mandate.status == Mandate.Status.ACTIVE and mandate.signature == SIGNATURE
    page = agent_client.get(detail).content.decode()
    assert "Jeanne Lafitte" in page and "12 rue de la Gare" in page
    assert mandates.mandate_in_force(helper=agent, resident_id=resident.pk) == mandate
    # The term passes: the mandate expires by itself and the helper sees nothing again.
    assert mandates.mandate_in_force(helper=agent, resident_id=resident.pk, now=in_days(31)) is None
    Mandate.objects.filter(pk=mandate.pk).update(
        valid_from=timezone.now() - timedelta(days=31), valid_until=timezone.now() - timedelta(minutes=1)
    )
    page = agent_client.get(detail).content.decode()
    assert "12 rue de la Gare" not in page and "expiré" in page


def test_a_mandate_agreed_by_the_code_sent_to_the_resident(
    agent_client, agent, resident, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        mandate = propose(agent, resident, consent=Mandate.Consent.CODE)
    (message,) = mail.outbox
    assert message.to == [resident.email]
    assert "Paul Guichet (agent de guichet) vous propose de commander en votre nom" in message.body
    code = message.body.split("donnez-lui ce code : ")[1][:6]
    mandate.refresh_from_db()
    assert mandate.pending_code == "" and code not in mandate.code_hash  # sent once, kept only as a hash
    url = reverse("counter:mandate-agree", args=[mandate.pk])
    wrong = "000000" if code != "000000" else "111111"
    response = agent_client.post(url, {"code": wrong})
    assert response.status_code == 400 and "encore 4 essais" in response.content.decode()
    assert agent_client.post(url, {"code": code}).status_code == 302
    mandate.refresh_from_db()
    assert mandate.is_valid()


def test_five_wrong_codes_or_an_expired_code_abandon_the_proposal(agent, resident):
    mandate = propose(agent, resident, consent=Mandate.Consent.CODE)
    for _attempt in range(4):
        with pytest.raises(ValidationError):
            mandates.mandate_agree_by_code(mandate=mandate, helper=agent, code="999999x")
    with pytest.raises(ValidationError, match="abandonné"):
        mandates.mandate_agree_by_code(mandate=mandate, helper=agent, code="999999x")
    mandate.refresh_from_db()
    assert mandate.status == Mandate.Status.CANCELLED
    late = propose(agent, resident, consent=Mandate.Consent.CODE)
    with pytest.raises(ValidationError, match="expiré"):
        mandates.mandate_agree_by_code(
            mandate=late, helper=agent, code="123456", now=timezone.now() + timedelta(minutes=16)
        )
    late.refresh_from_db()
    assert late.status == Mandate.Status.CANCELLED


def test_the_resident_revokes_from_their_account_and_sees_every_action(client, agent, resident):
    mandate = propose(agent, resident)
    mandates.mandate_agree_by_signature(mandate=mandate, helper=agent, signature=SIGNATURE)
    client.force_login(resident)
    page = client.get(reverse("counter-account:mandates")).content.decode()
    assert "Paul Guichet — agent de guichet" in page and "en vigueur" in page
    assert "Paul Guichet a proposé un mandat" in page
    assert "Paul Guichet a recueilli votre accord pour le mandat (signature à l&#x27;écran)" in page
    response = client.post(reverse("counter-account:mandates"), {"mandate": mandate.pk})
    assert response.status_code == 302
    mandate.refresh_from_db()
    assert mandate.status == Mandate.Status.REVOKED and mandate.ended_by == resident
    assert mandates.mandate_in_force(helper=agent, resident_id=resident.pk) is None
    revoked = HelperAction.objects.get(kind=HelperAction.Kind.MANDATE_REVOKED)
    assert revoked.detail == HelperAction.BY_RESIDENT and revoked.detail_label == "par l'habitant"
    assert (
        "Paul Guichet a mis fin au mandat (par l&#x27;habitant)"
        in client.get(reverse("counter-account:mandates")).content.decode()
    )
    again = client.post(reverse("counter-account:mandates"), {"mandate": mandate.pk})
    assert again.status_code == 400 and "déjà pris fin" in again.content.decode()


def test_nobody_revokes_another_residents_mandate_nor_reads_another_helpers(
    client, agent, resident, territory
):
    mandate = propose(agent, resident)
    stranger = UserFactory()
    client.force_login(stranger)
    assert client.post(reverse("counter-account:mandates"), {"mandate": mandate.pk}).status_code == 404
    assert client.post(reverse("counter-account:mandates"), {"mandate": "1 OR 1=1"}).status_code == 400
    other_agent = make_counter_agent(contact_point=ContactPointFactory())
    client.force_login(other_agent)
    assert client.get(reverse("counter:mandate-detail", args=[mandate.pk])).status_code == 404
    assert client.post(reverse("counter:mandate-end", args=[mandate.pk])).status_code == 404


@pytest.mark.parametrize(("days", "message"), [(-1, "dans le futur"), (400, "un an au plus")])
def test_a_term_in_the_past_or_beyond_a_year_is_refused(agent_client, resident, days, message):
    response = agent_client.post(
        reverse("counter:mandate-propose", kwargs={"resident_id": resident.pk}),
        {"valid_until": (timezone.localdate() + timedelta(days=days)).isoformat(), "consent": "signature"},
    )
    assert response.status_code == 400 and message in response.content.decode().lower()
    assert not Mandate.objects.exists()


def test_a_courier_and_a_town_hall_agent_are_helpers_too(resident, territory):
    from django.contrib.auth.models import Group

    for role, expected in ((roles.COURIER, "courier"), (roles.MUNICIPALITY, "town_hall")):
        user = UserFactory(is_staff=role == roles.MUNICIPALITY)
        user.groups.add(Group.objects.get_or_create(name=roles.GROUP_NAMES[role])[0])
        Membership.objects.update_or_create(user=user, defaults={"territory": territory})
        assert propose(user, resident).helper_role == expected


@pytest.mark.parametrize(
    "signature",
    ['<svg onload="alert(1)">', "M 1 1 L 2 2 L 3 3 L 4 4; DROP TABLE", "M 1 1 " + "L 2 2 " * 10_000],
)
def test_a_signature_that_is_not_a_drawing_is_refused_and_nothing_changes(
    agent_client, agent, resident, signature
):
    mandate = propose(agent, resident)
    response = agent_client.post(
        reverse("counter:mandate-agree", args=[mandate.pk]), {"signature": signature}
    )
    assert response.status_code == 400
    assert "pas pu être lue : recommencez" in response.content.decode()
    mandate.refresh_from_db()
    assert mandate.status == Mandate.Status.PROPOSED and mandate.signature == ""
