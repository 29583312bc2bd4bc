"""The municipality's delivery pages: fees, slots and exceptions, the social tariff; closed to everyone else, and
bad input refused in French with a 400, nothing written."""

from datetime import timedelta
from decimal import Decimal
from html import unescape

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from delivery.models import CommuneSurcharge, FeePolicy, SlotException, SlotTemplate, SocialTariff
from territory.models import Commune, Membership, Territory
from tests.factories import MerchantFactory, TerritoryFactory, UserFactory, make_merchant_user

pytestmark = pytest.mark.django_db

PAGES = [
    ("get", "delivery-dashboard:fees", {}),
    ("get", "delivery-dashboard:slots", {}),
    ("get", "delivery-dashboard:social-tariff", {}),
    ("post", "delivery-dashboard:fees", {}),
    ("post", "delivery-dashboard:slot-add", {}),
    ("post", "delivery-dashboard:exception-add", {}),
    ("post", "delivery-dashboard:social-tariff-mark", {}),
]


def municipality_user():
    user = UserFactory(is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="territory", codename="change_territory")
    )
    return user


@pytest.fixture
def town_hall(client):
    TerritoryFactory()
    user = municipality_user()
    client.force_login(user)
    return user


@pytest.mark.parametrize("who", ["anonymous", "resident", "merchant", "staff without the right"])
@pytest.mark.parametrize(("method", "name", "kwargs"), PAGES)
def test_the_delivery_pages_are_the_municipalitys_only(client, who, method, name, kwargs):
    TerritoryFactory()
    if who == "resident":
        client.force_login(UserFactory())
    elif who == "merchant":
        client.force_login(make_merchant_user(MerchantFactory()))
    elif who == "staff without the right":
        client.force_login(UserFactory(is_staff=True))
    response = getattr(client, method)(reverse(name, kwargs=kwargs), {"capacity": "3"})
    if who == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == 403
    assert not SlotTemplate.objects.exists() and not FeePolicy.objects.exists()


def test_the_municipality_sets_its_fees_and_a_commune_surcharge(client, town_hall):
    marmande = Commune.objects.get(insee_code="47157")
    page = client.get(reverse("delivery-dashboard:fees"))
    assert page.status_code == 200
    response = client.post(
        reverse("delivery-dashboard:fees"),
        {"flat": "4,90", "free_above": "60", "social": "1,50", f"surcharge_{marmande.pk}": "0,80"},
    )
    assert response.status_code == 302
    assert Territory.objects.get().home_delivery_fee == Decimal("4.90")
    policy = FeePolicy.objects.get()
    assert (policy.free_above, policy.social_fee) == (Decimal("60.00"), Decimal("1.50"))
    assert CommuneSurcharge.objects.get(commune=marmande).amount == Decimal("0.80")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("flat", "-1", "Un montant ne peut pas être négatif."),
        ("free_above", "beaucoup", "Indiquez un montant en euros, par exemple 4,90."),
        ("social", "1,555", "Deux décimales au plus (les centimes)."),
    ],
)
def test_bad_fees_are_refused_in_french_and_nothing_is_saved(client, town_hall, field, value, message):
    response = client.post(reverse("delivery-dashboard:fees"), {"flat": "4,90", field: value})
    assert response.status_code == 400
    assert message in unescape(response.content.decode())
    assert not FeePolicy.objects.exists() and Territory.objects.get().home_delivery_fee is None


SLOT = {
    "weekday": "1",
    "starts_at": "14:00",
    "ends_at": "18:00",
    "capacity": "30",
    "cutoff_days_before": "0",
    "cutoff_time": "12:00",
}


def test_the_municipality_adds_and_removes_a_weekly_slot(client, town_hall):
    response = client.post(reverse("delivery-dashboard:slot-add"), SLOT)
    assert response.status_code == 302
    template = SlotTemplate.objects.get()
    assert (template.weekday, template.capacity, str(template.cutoff_time)) == (1, 30, "12:00:00")
    page = unescape(client.get(reverse("delivery-dashboard:slots")).content.decode())
    assert "Mardi" in page and "14:00 – 18:00" in page and "le jour même à 12:00" in page
    assert (
        client.post(reverse("delivery-dashboard:slot-delete", kwargs={"pk": template.pk})).status_code == 302
    )
    assert not SlotTemplate.objects.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"capacity": "-5"}, "La capacité ne peut pas être négative."),
        ({"ends_at": "13:00"}, "La fin du créneau doit être après son début."),
        ({"starts_at": "25:00"}, "Indiquez une heure, par exemple 14:00."),
        ({"weekday": "9"}, "Choisissez un jour de la semaine."),
        ({"capacity": ""}, "Indiquez la capacité en colis."),
        (
            {"cutoff_time": "15:00"},
            "Le jour même, l'heure limite de commande doit précéder le début du créneau.",
        ),
    ],
)
def test_a_bad_slot_is_refused_in_french_and_nothing_is_saved(client, town_hall, change, message):
    response = client.post(reverse("delivery-dashboard:slot-add"), {**SLOT, **change})
    assert response.status_code == 400
    assert message in unescape(response.content.decode())
    assert 'aria-invalid="true"' in response.content.decode()
    assert not SlotTemplate.objects.exists()


def test_a_second_slot_at_the_same_start_is_refused(client, town_hall):
    client.post(reverse("delivery-dashboard:slot-add"), SLOT)
    response = client.post(reverse("delivery-dashboard:slot-add"), {**SLOT, "ends_at": "17:00"})
    assert response.status_code == 400
    assert "Un créneau commence déjà à cette heure ce jour-là." in unescape(response.content.decode())
    assert SlotTemplate.objects.count() == 1


def test_the_municipality_closes_a_holiday_and_bad_dates_are_refused(client, town_hall):
    christmas = timezone.localdate().replace(month=12, day=25)
    if christmas < timezone.localdate():
        christmas = christmas.replace(year=christmas.year + 1)
    url = reverse("delivery-dashboard:exception-add")
    response = client.post(url, {"day": christmas.isoformat(), "closed": "on", "label": "Noël"})
    assert response.status_code == 302
    assert SlotException.objects.get().closed
    for day, message in [
        ("2026-02-30", "Indiquez une date, par exemple 25/12/2026."),
        ((timezone.localdate() - timedelta(days=1)).isoformat(), "Choisissez une date à venir"),
    ]:
        response = client.post(url, {"day": day, "closed": "on"})
        assert response.status_code == 400 and message in unescape(response.content.decode())
    response = client.post(url, {"day": christmas.isoformat(), "capacity": "-1"})
    assert response.status_code == 400
    assert "La capacité ne peut pas être négative." in unescape(response.content.decode())
    assert SlotException.objects.count() == 1 and SlotException.objects.get().closed


def test_the_municipality_finds_a_resident_by_email_and_marks_then_unmarks_them(client, town_hall):
    resident = UserFactory(email="camille@example.test")
    Membership.objects.create(user=resident, territory=Territory.objects.get())
    url = reverse("delivery-dashboard:social-tariff-mark")
    response = client.post(url, {"email": "Camille@Example.test", "ends_on": ""})
    assert response.status_code == 302
    tariff = SocialTariff.objects.get()
    assert (tariff.user, tariff.marked_by, tariff.ends_on) == (resident, town_hall, None)
    page = unescape(client.get(reverse("delivery-dashboard:social-tariff")).content.decode())
    assert "camille@example.test" in page and "sans date de fin" in page
    response = client.post(reverse("delivery-dashboard:social-tariff-unmark", kwargs={"pk": tariff.pk}))
    assert response.status_code == 302
    tariff.refresh_from_db()
    assert tariff.revoked_by == town_hall and tariff.revoked_at is not None
    assert (
        client.post(reverse("delivery-dashboard:social-tariff-unmark", kwargs={"pk": tariff.pk})).status_code
        == 404
    )


def test_an_unknown_email_or_another_territorys_resident_is_refused(client, town_hall):
    elsewhere = TerritoryFactory(name="Pays d'Albret")
    outsider = UserFactory(email="loin@example.test")
    Membership.objects.create(user=outsider, territory=elsewhere)
    url = reverse("delivery-dashboard:social-tariff-mark")
    for email in ["personne@example.test", "loin@example.test"]:
        response = client.post(url, {"email": email})
        assert response.status_code == 400
        assert "Aucun résident du territoire n'a ce courriel." in unescape(response.content.decode())
    response = client.post(url, {"email": "pas-un-courriel"})
    assert response.status_code == 400 and "Indiquez une adresse électronique valide." in unescape(
        response.content.decode()
    )
    assert not SocialTariff.objects.exists()


def test_another_territorys_slot_cannot_be_deleted(client, town_hall):
    elsewhere = TerritoryFactory(name="Pays d'Albret")
    theirs = SlotTemplate.objects.create(
        territory=elsewhere, weekday=2, starts_at="09:00", ends_at="12:00", capacity=5, cutoff_time="18:00"
    )
    response = client.post(reverse("delivery-dashboard:slot-delete", kwargs={"pk": theirs.pk}))
    assert response.status_code == 404
    assert SlotTemplate.objects.filter(pk=theirs.pk).exists()


def test_fees_refused_by_the_territorys_own_checks_answer_400_with_nothing_saved(client, town_hall):
    Territory.objects.update(primary_colour="bleu")  # a value written before its validator existed
    marmande = Commune.objects.get(insee_code="47157")
    response = client.post(
        reverse("delivery-dashboard:fees"),
        {"flat": "4,90", "free_above": "60", f"surcharge_{marmande.pk}": "1"},
    )
    assert response.status_code == 400
    assert "#RRGGBB" in unescape(response.content.decode())
    assert Territory.objects.get().home_delivery_fee is None
    assert not FeePolicy.objects.exists() and not CommuneSurcharge.objects.exists()
