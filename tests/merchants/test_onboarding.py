from datetime import time

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils.html import escape
from oscar.core.loading import get_model

from core import roles
from merchants import applications
from merchants.models import Merchant, OpeningHours, Sector
from shop.services import roles_ensure
from tests.factories import MerchantFactory, TerritoryFactory, UserFactory, make_merchant_user, valid_siret

pytestmark = pytest.mark.django_db

Partner = get_model("partner", "Partner")
APPLY_URL = "/commercants/candidature/"


@pytest.fixture
def territory():
    territory = TerritoryFactory()
    territory.contact_email = "commerce@mairie-marmande.example"
    territory.save()
    return territory


@pytest.fixture
def applicant():
    return UserFactory(email="boulangerie@example.test")


@pytest.fixture
def mayor():
    roles_ensure()
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=roles.GROUP_NAMES[roles.MUNICIPALITY]))
    return user


def application_data(**overrides) -> dict:
    data = {
        "trade_name": "Au Bon Pain",
        "legal_name": "SARL Au Bon Pain",
        "siret": valid_siret(4242),
        "sector": Sector.BAKERY,
        "address_line1": "12 rue de la Libération",
        "address_line2": "",
        "postcode": "47200",
        "city": "Marmande",
        "phone": "05 53 00 00 01",
        "email": "contact@aubonpain.example",
        "description": "Pain au levain, viennoiseries.",
        "hours_1_1_opens": "07:00",
        "hours_1_1_closes": "12:30",
        "hours_1_2_opens": "15:00",
        "hours_1_2_closes": "19:00",
        "hours_5_1_opens": "07:00",
        "hours_5_1_closes": "13:00",
    }
    data.update(overrides)
    return data


def nothing_written():
    return (
        not Merchant.objects.exists() and not Partner.objects.exists() and not OpeningHours.objects.exists()
    )


def apply(client, django_capture_on_commit_callbacks, **overrides):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(APPLY_URL, application_data(**overrides))


def test_application_page_requires_login(client, territory):
    response = client.get(APPLY_URL)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_apply_path_is_not_taken_by_a_merchant_slug(client, territory, applicant):
    assert reverse("merchants:apply") == APPLY_URL
    client.force_login(applicant)
    response = client.get(APPLY_URL)
    assert response.status_code == 200
    assert 'name="siret"' in response.content.decode()


def test_shop_applies_and_the_municipality_is_told(
    client, territory, applicant, django_capture_on_commit_callbacks
):
    client.force_login(applicant)
    response = apply(client, django_capture_on_commit_callbacks)
    assert response.status_code == 302

    merchant = Merchant.objects.get()
    assert merchant.status == Merchant.Status.APPLIED
    assert merchant.applicant == applicant
    assert merchant.insee_code == "47157"
    assert merchant.latitude == pytest.approx(44.5, abs=0.1)
    assert list(merchant.partner.users.all()) == [applicant]
    assert [(o.weekday, o.opens_at, o.closes_at) for o in merchant.opening_hours.all()] == [
        (1, time(7), time(12, 30)),
        (1, time(15), time(19)),
        (5, time(7), time(13)),
    ]
    applicant.refresh_from_db()
    assert not applicant.is_staff
    assert not applicant.has_perm("partner.dashboard_access")
    assert merchant.is_approved is False

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["commerce@mairie-marmande.example"]
    assert "Au Bon Pain" in mail.outbox[0].subject
    merchant.refresh_from_db()
    assert merchant.municipality_notified_at is not None
    assert applications.merchant_notify_municipality(merchant_id=merchant.pk) is False
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"siret": "73282932000075"}, "siret", "clé de contrôle"),
        ({"siret": "1234"}, "siret", "14 chiffres"),
        ({"postcode": "33000", "city": "Bordeaux"}, "postcode", "hors du territoire"),
        ({"hours_1_1_closes": "06:00"}, "hours_1_1_closes", "fermeture doit suivre"),
        ({"hours_1_2_opens": "11:00"}, "hours_1_2_opens", "après la fin de la première"),
        ({"hours_3_1_opens": "09:00"}, "hours_3_1_closes", "heure de fermeture"),
        ({"hours_3_1_opens": "9h du matin", "hours_3_1_closes": "12:00"}, "hours_3_1_opens", "HH:MM"),
        ({"sector": "garage"}, "sector", ""),
    ],
)
def test_bad_application_gets_400_in_french_and_writes_nothing(
    client, territory, applicant, django_capture_on_commit_callbacks, overrides, field, message
):
    client.force_login(applicant)
    response = apply(client, django_capture_on_commit_callbacks, **overrides)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors
    assert message in " ".join(errors[field])
    assert "n'est pas envoyée" in response.content.decode()
    assert nothing_written()
    assert mail.outbox == []


def test_siret_already_registered_is_refused(
    client, territory, applicant, django_capture_on_commit_callbacks
):
    existing = MerchantFactory()
    client.force_login(applicant)
    response = apply(client, django_capture_on_commit_callbacks, siret=existing.siret)
    assert response.status_code == 400
    assert "déjà inscrit" in " ".join(response.context["form"].errors["siret"])
    assert Merchant.objects.count() == 1


def test_service_refuses_bad_input_and_writes_nothing(territory, applicant):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        applications.merchant_apply(
            user=applicant,
            trade_name="Hors zone",
            legal_name="SAS Hors zone",
            siret="12345678901234",
            sector=Sector.BAKERY,
            address_line1="1 cours de l'Intendance",
            postcode="33000",
            city="Bordeaux",
            opening_hours=[(0, time(12), time(9))],
        )
    assert {"siret", "postcode", "__all__"} <= set(error.value.message_dict)
    assert nothing_written()


def test_pending_application_shows_its_status_instead_of_the_form(
    client, territory, applicant, django_capture_on_commit_callbacks
):
    client.force_login(applicant)
    apply(client, django_capture_on_commit_callbacks)
    response = client.get(APPLY_URL)
    content = response.content.decode()
    assert response.status_code == 200
    assert "en cours d'examen" in content
    assert 'name="siret"' not in content

    # Posting again writes nothing more.
    apply(client, django_capture_on_commit_callbacks, siret=valid_siret(4343), trade_name="Autre")
    assert Merchant.objects.count() == 1


@pytest.fixture
def application(client, territory, applicant, django_capture_on_commit_callbacks):
    client.force_login(applicant)
    apply(client, django_capture_on_commit_callbacks)
    client.logout()
    mail.outbox.clear()
    return Merchant.objects.get()


def test_municipality_lists_pending_applications(client, mayor, application, django_assert_max_num_queries):
    online = MerchantFactory(trade_name="Déjà en ligne")
    client.force_login(mayor)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("merchant-review:list"))
    assert response.status_code == 200
    assert [m.pk for m in response.context["applications"]] == [application.pk]
    approved = client.get(reverse("merchant-review:list"), {"statut": "approved"})
    assert [m.pk for m in approved.context["applications"]] == [online.pk]
    everything = client.get(reverse("merchant-review:list"), {"statut": ""})
    assert {m.pk for m in everything.context["applications"]} == {application.pk, online.pk}
    assert client.get(reverse("merchant-review:list"), {"statut": "n'importe quoi"}).status_code == 400
    detail = client.get(reverse("merchant-review:detail", args=[application.pk]))
    assert detail.status_code == 200
    assert application.siret in detail.content.decode()


def test_municipality_approves_and_the_merchant_gets_the_space_but_not_staff(
    client, mayor, application, applicant, django_capture_on_commit_callbacks
):
    client.force_login(mayor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("merchant-review:approve", args=[application.pk]))
    assert response.status_code == 302

    application.refresh_from_db()
    assert application.status == Merchant.Status.APPROVED
    assert application.reviewed_by == mayor
    assert application.reviewed_at is not None
    applicant.refresh_from_db()
    assert not applicant.is_staff
    assert applicant.has_perm("partner.dashboard_access")

    assert len(mail.outbox) == 1
    assert set(mail.outbox[0].to) == {"boulangerie@example.test", "contact@aubonpain.example"}
    assert "acceptée" in mail.outbox[0].subject
    assert applications.merchant_notify_decision(merchant_id=application.pk) is False
    assert len(mail.outbox) == 1

    client.force_login(applicant)
    assert client.get(reverse("merchant-space:fulfilment-list")).status_code == 200
    assert "Acceptée" in client.get(APPLY_URL).content.decode()

    # A second decision is refused, not a 500.
    client.force_login(mayor)
    client.post(reverse("merchant-review:reject", args=[application.pk]), {"reason": "Trop tard"})
    application.refresh_from_db()
    assert application.status == Merchant.Status.APPROVED


def test_rejection_needs_a_reason_and_sends_it(
    client, mayor, application, applicant, django_capture_on_commit_callbacks
):
    client.force_login(mayor)
    url = reverse("merchant-review:reject", args=[application.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "   "})
    assert response.status_code == 400
    assert "motif du refus" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Merchant.Status.APPLIED
    assert mail.outbox == []

    reason = "L'adresse déclarée n'est pas celle d'un local commercial."
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": reason})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Merchant.Status.REJECTED
    assert application.rejection_reason == reason
    assert application.reviewed_by == mayor
    applicant.refresh_from_db()
    assert not applicant.has_perm("partner.dashboard_access")

    assert len(mail.outbox) == 1
    assert reason in mail.outbox[0].body
    assert "boulangerie@example.test" in mail.outbox[0].to

    client.force_login(applicant)
    assert escape(reason) in client.get(APPLY_URL).content.decode()


@pytest.mark.parametrize("who", ["anonymous", "resident", "merchant", "applicant"])
def test_residents_and_merchants_cannot_reach_the_review_pages(client, who, application, applicant):
    users = {
        "anonymous": None,
        "resident": UserFactory(),
        "merchant": make_merchant_user(MerchantFactory()),
        "applicant": applicant,
    }
    if users[who] is not None:
        client.force_login(users[who])
    expected = 302 if who == "anonymous" else 403
    pages = [
        ("get", reverse("merchant-review:list")),
        ("get", reverse("merchant-review:detail", args=[application.pk])),
        ("post", reverse("merchant-review:approve", args=[application.pk])),
        ("post", reverse("merchant-review:reject", args=[application.pk])),
    ]
    for method, url in pages:
        response = getattr(client, method)(url, {"reason": "non"} if method == "post" else None)
        assert response.status_code == expected, (method, url)
    application.refresh_from_db()
    assert application.status == Merchant.Status.APPLIED


def test_review_is_in_the_municipality_dashboard_menu(client, mayor):
    client.force_login(mayor)
    response = client.get(reverse("dashboard:index"))
    assert reverse("merchant-review:list") in response.content.decode()
