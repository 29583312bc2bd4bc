"""Each municipality's retention periods: past the first, an old order's delivery and collection codes and proofs
of delivery go; past the second, the person in its addresses; the orders stay, and another territory's are not
touched by the first territory's periods."""

from datetime import timedelta

import pytest
from django.utils import timezone
from oscar.core.loading import get_model

from delivery.models import CourierAction, DeliveryCode
from pickup.models import Parcel
from shop.retention import retention_apply
from shop.tasks import personal_data_retention
from territory.tenancy import territory_activate, territory_all
from tests.delivery.factories import give_proofs
from tests.territory.isolation import build_side

pytestmark = pytest.mark.django_db

Order = get_model("order", "Order")


def placed_days_ago(side, days):
    Order.objects.filter(pk=side.order.pk).update(date_placed=timezone.now() - timedelta(days=days))


@pytest.fixture
def sides(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    a = give_proofs(
        build_side(
            name="Val de Garonne", slug="vdg", domain="a.test", insee="47157", postcode="47200", tag="A"
        )
    )
    b = give_proofs(
        build_side(name="Villeneuve", slug="vsl", domain="b.test", insee="47323", postcode="47300", tag="B")
    )
    return a, b


def test_proofs_go_after_the_first_period_and_addresses_after_the_second(
    sides, django_capture_on_commit_callbacks
):
    a, b = sides
    type(a.territory).objects.filter(pk=a.territory.pk).update(
        proof_retention_days=30, address_retention_days=365
    )
    a.territory.refresh_from_db()
    placed_days_ago(a, 10)
    with territory_activate(a.territory):
        assert retention_apply() == {
            "delivery_codes": 0,
            "proofs": 0,
            "files": 0,
            "collection_codes": 0,
            "addresses": 0,
        }
    placed_days_ago(a, 40)
    placed_days_ago(b, 40)  # B keeps its own default of 90 days
    with territory_activate(a.territory), django_capture_on_commit_callbacks(execute=True):
        counts = retention_apply()
    assert counts["delivery_codes"] == 1 and counts["proofs"] == 1 and counts["files"] == 1
    assert counts["collection_codes"] == 1 and counts["addresses"] == 0
    with territory_all():
        assert not DeliveryCode.objects.filter(order=a.order).exists()
        assert DeliveryCode.objects.filter(order=b.order).exists()
        assert CourierAction.objects.get(stop__fulfilment__order=a.order).signature.name == ""
        assert Parcel.objects.get(pk=a.parcel.pk).code_hash == ""
        order = Order.objects.select_related("shipping_address").get(pk=a.order.pk)
    address = order.shipping_address
    if address is not None:
        assert address.line1  # the address stays until its own period
    placed_days_ago(a, 400)
    with territory_activate(a.territory):
        assert retention_apply()["addresses"] == (1 if address is not None else 0)
        again = retention_apply()
    assert sum(again.values()) == 0  # a second run changes nothing
    with territory_all():
        order = Order.objects.select_related("shipping_address").get(pk=a.order.pk)
        assert order.total_incl_tax > 0 and order.lines.exists()
        if order.shipping_address is not None:
            assert order.shipping_address.line1 == "" and order.shipping_address.postcode


def test_the_nightly_task_applies_each_territorys_own_periods(sides):
    a, b = sides
    placed_days_ago(a, 100)
    placed_days_ago(b, 60)
    assert personal_data_retention() >= 2
    with territory_all():
        assert not DeliveryCode.objects.filter(order=a.order).exists()
        assert DeliveryCode.objects.filter(order=b.order).exists()


def test_the_municipality_sets_the_periods_within_bounds(sides):
    from django.forms.models import model_to_dict

    from territory.forms import TerritoryForm

    a, _b = sides
    data = {key: value for key, value in model_to_dict(a.territory).items() if value is not None}
    data.pop("logo", None)
    form = TerritoryForm(
        data={**data, "proof_retention_days": "3", "address_retention_days": "730"}, instance=a.territory
    )
    assert not form.is_valid()
    assert "supérieure ou égale à 7" in " ".join(form.errors["proof_retention_days"])
    a.territory.refresh_from_db()  # as the next request reads it
    form = TerritoryForm(
        data={**data, "proof_retention_days": "", "address_retention_days": "730"}, instance=a.territory
    )
    assert form.is_valid(), form.errors
    territory = form.save()
    assert (territory.proof_retention_days, territory.address_retention_days) == (90, 730)
