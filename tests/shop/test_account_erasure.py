"""A resident erases their account: their orders stay for the accounts, anonymised, and their addresses, delivery
codes, proofs of delivery, collection codes and mandates go; refused while an order is on its way."""

from decimal import Decimal

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from delivery.models import CourierAction, DeliveryCode
from merchants.models import Payout
from pickup.models import Parcel
from tests.delivery.factories import give_proofs
from tests.factories import france
from tests.territory.isolation import build_side

pytestmark = pytest.mark.django_db

Order = get_model("order", "Order")
UserAddress = get_model("address", "UserAddress")
PASSWORD = "Pruneaux-d-Agen-2026"


@pytest.fixture
def side(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    side = build_side(
        name="Val de Garonne",
        slug="val-de-garonne",
        domain="testserver",
        insee="47157",
        postcode="47200",
        tag="G",
    )
    resident = side.users["resident"]
    resident.set_password(PASSWORD)
    resident.save()
    UserAddress.objects.create(
        user=resident,
        first_name="Habitant",
        last_name="ResidentG",
        line1="8 rue Abel Boyé",
        line4="Marmande",
        postcode="47200",
        country=france(),
    )
    give_proofs(side, recipient_name="Habitant ResidentG")
    return side


def received(side):
    side.order.fulfilments.update(status="delivered")
    Parcel.objects.filter(pk=side.parcel.pk).update(status=Parcel.Status.COLLECTED)


def erase(client, side, **data):
    client.force_login(side.users["resident"])
    return client.post(reverse("account-erase"), {"confirm": "oui", "password": PASSWORD, **data})


def test_an_order_on_its_way_holds_the_erasure_and_nothing_changes(client, side):
    response = erase(client, side)
    assert response.status_code == 409
    assert side.order.number in response.content.decode()
    side.users["resident"].refresh_from_db()
    assert (
        side.users["resident"].is_active and UserAddress.objects.filter(user=side.users["resident"]).exists()
    )
    assert DeliveryCode.objects.filter(order=side.order).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [({"confirm": ""}, "Cochez la case"), ({"password": "faux"}, "Mot de passe incorrect")],
)
def test_without_confirmation_or_password_nothing_is_erased(client, side, data, message):
    received(side)
    response = erase(client, side, **data)
    assert response.status_code == 400 and message in response.content.decode()
    assert Order.objects.get(pk=side.order.pk).user_id == side.users["resident"].pk


def test_the_erasure_keeps_the_accounts_and_removes_the_person(
    client, side, django_capture_on_commit_callbacks
):
    received(side)
    resident = side.users["resident"]
    order = Order.objects.get(pk=side.order.pk)
    total, lines, payouts = (
        order.total_incl_tax,
        order.lines.count(),
        Payout.objects.filter(order=order).count(),
    )
    signature_path = CourierAction.objects.get().signature.path
    from datetime import timedelta

    from django.utils import timezone

    from counter import mandates
    from counter.models import HelperAction, Mandate

    helper = side.users["counter agent"]
    mandate = mandates.mandate_propose(
        helper=helper,
        resident_id=resident.pk,
        valid_until=timezone.now() + timedelta(days=9),
        consent="signature",
    )
    mandates.mandate_agree_by_signature(mandate=mandate, helper=helper, signature="M 1 1 L 2 2 L 3 3 L 4 4")
    get_model("analytics", "UserSearch").objects.create(user=resident, query="pruneaux d'Agen")
    get_model("analytics", "UserProductView").objects.create(user=resident, product=side.product)
    with django_capture_on_commit_callbacks(execute=True):
        response = erase(client, side)
    assert response.status_code == 302 and response["Location"] == reverse("home")
    order.refresh_from_db()
    assert order.user_id is None and order.email == ""
    assert (order.total_incl_tax, order.lines.count()) == (total, lines) and total > Decimal("0")
    assert Payout.objects.filter(order=order).count() == payouts
    address = order.shipping_address
    if address is not None:
        assert address.first_name == address.last_name == address.line1 == ""
        assert str(address.phone_number or "") == ""
    assert not DeliveryCode.objects.filter(order=order).exists()
    action = CourierAction.objects.get()
    assert action.signature.name == "" and action.recipient_name == ""
    import os

    assert not os.path.exists(signature_path)
    parcel = Parcel.objects.get(pk=side.parcel.pk)
    assert parcel.code_hash == "" and parcel.pending_code == ""
    assert not UserAddress.objects.filter(user=resident).exists()
    assert not Mandate.objects.filter(resident=resident).exists()
    assert not get_model("analytics", "UserSearch").objects.filter(user=resident).exists()
    assert not get_model("analytics", "UserProductView").objects.filter(user=resident).exists()
    assert not HelperAction.objects.filter(resident=resident).exists()
    resident.refresh_from_db()
    assert not resident.is_active and resident.first_name == resident.last_name == ""
    assert resident.email.endswith("@invalid.example") and not resident.has_usable_password()
    assert not client.login(username=resident.email, password=PASSWORD)
    assert client.get(reverse("customer:summary")).status_code == 302  # logged out
