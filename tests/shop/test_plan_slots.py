"""The planner delivers a home parcel within the slot its order booked, on the slot's day; an order without a
booking keeps the deployment's window on its collection's day."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from delivery.models import DeliverySlot, SlotBooking, Stop
from shop import rounds
from tests.factories import MerchantFactory
from tests.shop.test_plan_rounds import TUESDAY, courier, order_from, territory  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


def book(order, *, day, starts_at, ends_at):
    slot, _created = DeliverySlot.objects.get_or_create(
        day=day, starts_at=starts_at, defaults={"ends_at": ends_at}
    )
    return SlotBooking.objects.create(slot=slot, order=order)


def home_stop(order) -> Stop:
    return Stop.objects.get(fulfilment__order=order, kind=Stop.Kind.HOME)


def test_a_booked_parcel_is_delivered_within_its_slot_on_the_slots_day(territory):  # noqa: F811
    courier("Léa")
    bakery = MerchantFactory(latitude=44.4995, longitude=0.1702)
    booked = order_from(bakery, ready=time(10))
    # Ready on Monday, booked for Tuesday afternoon: Tuesday's parcel, not Monday's.
    booked.fulfilments.update(
        collection_at=timezone.make_aware(datetime.combine(TUESDAY - timedelta(days=1), time(16)))
    )
    book(booked, day=TUESDAY, starts_at=time(15), ends_at=time(17))
    unbooked = order_from(bakery, ready=time(10))

    monday = rounds.rounds_plan(day=TUESDAY - timedelta(days=1))
    assert not Stop.objects.filter(round__plan_run=monday, fulfilment__order=booked).exists()

    rounds.rounds_plan(day=TUESDAY)
    stop = home_stop(booked)
    start = timezone.make_aware(datetime.combine(TUESDAY, time(15)))
    assert start <= stop.planned_service_start <= start + timedelta(hours=2)
    assert timezone.localtime(stop.planned_service_start).date() == TUESDAY
    # Without a booking: the deployment's window (DELIVERY_HOME_WINDOW, 9:00–19:00), on its collection's day.
    other = home_stop(unbooked)
    assert time(9) <= timezone.localtime(other.planned_service_start).time() <= time(19)


def test_a_parcel_booked_for_another_day_is_not_planned_today(territory):  # noqa: F811
    courier("Léa")
    bakery = MerchantFactory(latitude=44.4995, longitude=0.1702)
    later = order_from(bakery, ready=time(10))
    book(later, day=TUESDAY + timedelta(days=1), starts_at=time(9), ends_at=time(12))
    run = rounds.rounds_plan(day=TUESDAY)
    assert not Stop.objects.filter(fulfilment__order=later).exists()
    assert run.unassigned == []
