"""Staff read the delivery domain's records in the admin (slots, fees, the couriers' actions, the e-mails), and
cannot write them there: the municipality's dashboard and the services do, with their checks."""

import uuid
from datetime import time

import pytest
from django.urls import reverse

from delivery.models import CourierAction, Round, SlotTemplate
from territory.tenancy import territory_activate
from tests.delivery.factories import make_courier
from tests.factories import home_territory

pytestmark = pytest.mark.django_db

MODELS = [
    "courieraction",
    "deliverynotice",
    "slottemplate",
    "slotexception",
    "deliveryslot",
    "slotbooking",
    "feepolicy",
    "socialtariff",
    "orderdeliveryfee",
]


@pytest.fixture
def records():
    from django.utils import timezone

    territory = home_territory()
    with territory_activate(territory):
        template = SlotTemplate.objects.create(
            weekday=1,
            starts_at=time(14),
            ends_at=time(18),
            capacity=30,
            cutoff_days_before=0,
            cutoff_time=time(12),
        )
        karim = make_courier("Karim", territory=territory)
        now = timezone.now()
        tour = Round.objects.create(
            day=now.date(), courier=karim, vehicle=karim.vehicle, planned_start=now, planned_end=now
        )
        action = CourierAction.objects.create(id=uuid.uuid4(), round=tour, kind="start", by=karim.user)
    return {"slottemplate": template, "courieraction": action}


@pytest.mark.parametrize("model", MODELS)
def test_staff_read_each_delivery_record_and_cannot_add_one(admin_client, records, model):
    listing = admin_client.get(reverse(f"admin:delivery_{model}_changelist"))
    assert listing.status_code == 200
    assert admin_client.get(reverse(f"admin:delivery_{model}_add")).status_code == 403


@pytest.mark.parametrize("model", ["slottemplate", "courieraction"])
def test_a_record_opens_read_only_and_stays_as_it_was(admin_client, records, model):
    record = records[model]
    page = admin_client.get(reverse(f"admin:delivery_{model}_change", args=[record.pk]))
    assert page.status_code == 200
    assert (
        admin_client.post(reverse(f"admin:delivery_{model}_change", args=[record.pk]), {}).status_code == 403
    )
    assert admin_client.post(reverse(f"admin:delivery_{model}_delete", args=[record.pk])).status_code == 403
    assert type(record).objects.filter(pk=record.pk).exists()
