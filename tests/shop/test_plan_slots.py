"""The planner delivers a home parcel within the slot its order booked, on the slot's day; an order without a
booking keeps the deployment's window on its collection's day. The beat plans a day once its cut-off has passed."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from delivery.models import DeliverySlot, PlanRun, SlotBooking, SlotException, SlotTemplate, Stop
from delivery.slots import slot_cutoffs_passed
from shop import rounds
from shop.tasks import rounds_plan_after_cut_offs
from tests.factories import MerchantFactory, TerritoryFactory
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


def test_the_beat_plans_a_day_once_its_slots_cut_off_has_just_passed(territory):  # noqa: F811
    courier("Léa")
    cutoff = timezone.localtime() - timedelta(minutes=2)
    day = cutoff.date() + timedelta(days=1)
    SlotTemplate.objects.create(
        weekday=day.weekday(),
        starts_at=time(9),
        ends_at=time(12),
        capacity=30,
        cutoff_days_before=1,
        cutoff_time=cutoff.time().replace(second=0, microsecond=0),
    )
    # Another window of that day still open for orders: not its cut-off yet.
    SlotTemplate.objects.create(
        weekday=(day + timedelta(days=1)).weekday(),
        starts_at=time(14),
        ends_at=time(18),
        capacity=30,
        cutoff_days_before=1,
        cutoff_time=time(23, 59),
    )
    assert rounds_plan_after_cut_offs() == 1
    assert list(PlanRun.objects.values_list("day", flat=True)) == [day]
    # Run again (the next beat, a retry): the day was planned since its cut-off, nothing is planned twice.
    assert rounds_plan_after_cut_offs() == 0
    assert PlanRun.objects.count() == 1


def test_the_cut_offs_passed_skip_a_closed_day_and_those_not_reached():
    TerritoryFactory()
    monday_noon = timezone.make_aware(datetime(2026, 12, 7, 12, 3))
    for weekday in (0, 1):
        SlotTemplate.objects.create(
            weekday=weekday, starts_at=time(14), ends_at=time(18), capacity=5, cutoff_time=time(12)
        )
    SlotTemplate.objects.create(
        weekday=1, starts_at=time(9), ends_at=time(12), capacity=5, cutoff_days_before=1, cutoff_time=time(18)
    )
    passed = slot_cutoffs_passed(now=monday_noon, within=timedelta(minutes=30))
    assert passed == [(monday_noon.date(), monday_noon.replace(minute=0))]
    SlotException.objects.create(day=monday_noon.date(), closed=True)
    assert slot_cutoffs_passed(now=monday_noon, within=timedelta(minutes=30)) == []
    tuesday_cutoff = slot_cutoffs_passed(
        now=monday_noon.replace(hour=18, minute=10), within=timedelta(minutes=30)
    )
    assert tuesday_cutoff == [
        (monday_noon.date() + timedelta(days=1), monday_noon.replace(hour=18, minute=0))
    ]
