"""Pickup never imports the merchants' side: what a parcel collected or returned sets off there is the shop's to
orchestrate (shop/orders.py), and pickup calls it through the settings that name it, within the transition."""

from datetime import timedelta

import pytest
from django.utils import timezone

from pickup import services
from pickup.models import Parcel
from tests.pickup.factories import ContactPointFactory, make_counter_agent, make_parcel

pytestmark = pytest.mark.django_db

calls: list[tuple[str, int, int, str]] = []


def collected(*, order, by) -> None:
    calls.append(("collected", order.pk, by.pk, Parcel.objects.get(order=order).status))


def returned(*, order, by) -> None:
    calls.append(("returned", order.pk, by.pk, Parcel.objects.get(order=order).status))


def test_a_parcel_collected_or_returned_calls_what_the_settings_name_within_its_transition(settings):
    calls.clear()
    settings.PICKUP_PARCEL_COLLECTED = "tests.pickup.test_wiring.collected"
    settings.PICKUP_PARCEL_RETURNED = "tests.pickup.test_wiring.returned"
    point = ContactPointFactory()
    agent = make_counter_agent(contact_point=point)
    kept, left = make_parcel(contact_point=point), make_parcel(contact_point=point)

    services.parcel_hand_over(
        parcel=kept, code=services.parcel_mark_ready(parcel=kept, by=agent), agent=agent
    )
    services.parcel_mark_ready(parcel=left, by=agent)
    Parcel.objects.filter(pk=left.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    services.parcel_expire(parcel=left)
    services.parcel_return_to_merchant(parcel=left, by=agent)

    assert calls == [
        ("collected", kept.order_id, agent.pk, Parcel.Status.COLLECTED),
        ("returned", left.order_id, agent.pk, Parcel.Status.RETURNED),
    ]
