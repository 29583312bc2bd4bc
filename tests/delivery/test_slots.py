"""Delivery slots: what the checkout offers (cut-off ahead, not full, exceptions), and a place held during payment
like stock: released when the payment fails or is abandoned, the order's booking once paid."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import override

from delivery.models import DeliverySlot, SlotBooking, SlotException, SlotTemplate
from delivery.slots import (
    SlotUnavailable,
    slot_exception_set,
    slot_key,
    slot_label,
    slot_offers,
    slot_template_add,
    slots_configured,
)
from payments import services
from payments.models import PaymentAttempt, StockHold
from tests.factories import TerritoryFactory, UserFactory
from tests.payments.test_attempts import expire_hold, make_basket, make_shop, make_submission
from tests.stripe_server import CARD_DECLINED_AT_CHARGE, CARD_SUCCESS

pytestmark = pytest.mark.django_db

# Monday 7 December 2026, 10:00 in Paris.
MONDAY_10 = timezone.make_aware(datetime(2026, 12, 7, 10, 0))


def week_of_slots(capacity: int = 30):
    """Mon–Sat: 9–12 ordered before 18:00 the day before, 14–18 ordered before 12:00 the same day."""
    for weekday in range(6):
        SlotTemplate.objects.create(
            weekday=weekday,
            starts_at=time(9),
            ends_at=time(12),
            capacity=capacity,
            cutoff_days_before=1,
            cutoff_time=time(18),
        )
        SlotTemplate.objects.create(
            weekday=weekday,
            starts_at=time(14),
            ends_at=time(18),
            capacity=capacity,
            cutoff_days_before=0,
            cutoff_time=time(12),
        )


def test_the_slots_offered_are_those_whose_cut_off_is_ahead_over_the_next_seven_days():
    TerritoryFactory()
    week_of_slots()
    offers = slot_offers(now=MONDAY_10)
    keys = [offer.key for offer in offers]
    # Monday morning closed on Sunday 18:00; Monday afternoon open until noon; Sunday has none.
    assert keys[:3] == ["2026-12-07T14:00", "2026-12-08T09:00", "2026-12-08T14:00"]
    assert "2026-12-07T09:00" not in keys and not any(key.startswith("2026-12-13") for key in keys)
    assert keys[-1] == "2026-12-14T14:00"
    after_noon = [offer.key for offer in slot_offers(now=MONDAY_10.replace(hour=12, minute=1))]
    assert after_noon[0] == "2026-12-08T09:00"
    after_six = [offer.key for offer in slot_offers(now=MONDAY_10.replace(hour=18, minute=1))]
    assert after_six[0] == "2026-12-08T14:00"


def test_a_slot_is_labelled_in_french_with_its_day_and_window():
    with override("fr"):
        assert slot_label(day=date(2026, 12, 8), starts_at=time(14), ends_at=time(18)) == (
            "mardi 8 décembre, 14 h – 18 h"
        )
        assert slot_label(day=date(2026, 12, 8), starts_at=time(9, 30), ends_at=time(12)).endswith(
            "9 h 30 – 12 h"
        )


def test_a_holiday_closes_its_day_and_an_exception_can_change_the_capacity():
    TerritoryFactory()
    week_of_slots(capacity=30)
    slot_exception_set(day=date(2026, 12, 8), closed=True, capacity=None, label="Fermeture")
    slot_exception_set(day=date(2026, 12, 9), closed=False, capacity=4, label="Marché")
    offers = {offer.key: offer for offer in slot_offers(now=MONDAY_10)}
    assert not any(key.startswith("2026-12-08") for key in offers)
    assert (offers["2026-12-09T14:00"].capacity, offers["2026-12-09T14:00"].few_left) == (4, True)
    assert offers["2026-12-10T14:00"].capacity == 30


def future_slot(*, capacity: int, days: int = 3) -> str:
    """A slot ``days`` from now, its cut-off at the end of its day before."""
    day = timezone.localdate() + timedelta(days=days)
    SlotTemplate.objects.create(
        weekday=day.weekday(),
        starts_at=time(14),
        ends_at=time(18),
        capacity=capacity,
        cutoff_days_before=1,
        cutoff_time=time(23, 59),
    )
    return slot_key(day=day, starts_at=time(14))


def start_with_slot(product, key: str, user=None):
    user = user or UserFactory()
    basket = make_basket(user=user, products=[product])
    submission = make_submission(basket=basket, user=user)
    submission["order_kwargs"]["delivery_slot"] = key
    return services.payment_attempt_start(basket=basket, user=user, submission=submission)


def test_a_payment_holds_a_place_and_the_full_slot_is_no_longer_offered(localstripe):
    product = make_shop(stock=10)
    key = future_slot(capacity=1)
    attempt = start_with_slot(product, key)
    booking = SlotBooking.objects.get(attempt=attempt)
    assert (booking.slot.day.isoformat(), booking.order, booking.released_at) == (key[:10], None, None)
    assert key not in [offer.key for offer in slot_offers()]
    assert key in [offer.key for offer in slot_offers(include_full=True)]


def test_the_last_place_held_refuses_the_next_payment_in_french_and_writes_nothing(localstripe):
    product = make_shop(stock=10)
    key = future_slot(capacity=1)
    start_with_slot(product, key)
    other = UserFactory()
    with pytest.raises(SlotUnavailable, match="vient d'être complet : choisissez-en un autre"):
        start_with_slot(product, key, user=other)
    assert PaymentAttempt.objects.filter(user=other).count() == 0
    assert StockHold.objects.count() == 1 and SlotBooking.objects.count() == 1


def test_a_declined_card_releases_the_place(localstripe):
    product = make_shop(stock=10)
    key = future_slot(capacity=1)
    attempt = start_with_slot(product, key)
    localstripe.pay(attempt.payment_intent_id, card=CARD_DECLINED_AT_CHARGE)
    services.payment_attempt_complete(attempt_id=attempt.pk)
    assert SlotBooking.objects.get(attempt=attempt).released_at is not None
    assert key in [offer.key for offer in slot_offers()]


def test_an_abandoned_payment_stops_counting_when_its_hold_runs_out_and_the_sweep_releases_it(localstripe):
    product = make_shop(stock=10)
    key = future_slot(capacity=1)
    attempt = start_with_slot(product, key)
    expire_hold(attempt)
    assert key in [offer.key for offer in slot_offers()]
    services.stock_holds_release_expired()
    assert SlotBooking.objects.get(attempt=attempt).released_at is not None


def test_a_paid_order_keeps_its_booking_and_its_shops_prepare_for_the_slots_day(localstripe):
    product = make_shop(stock=10)  # its shop opens on Tuesdays only
    today = timezone.localdate()
    key = future_slot(
        capacity=2, days=2 + (1 - (today.weekday() + 2)) % 7
    )  # a Tuesday, two days ahead or more
    attempt = start_with_slot(product, key)
    localstripe.pay(attempt.payment_intent_id, card=CARD_SUCCESS)
    order = services.payment_attempt_complete(attempt_id=attempt.pk)
    booking = SlotBooking.objects.get(order=order)
    assert (booking.attempt, booking.released_at) == (attempt, None)
    assert [offer.left for offer in slot_offers() if offer.key == key] == [1]
    # The shop prepares for the round of the slot's day (its first pass that day), not the next pass after the order.
    fulfilment = order.fulfilments.get()
    assert booking.slot.day.weekday() == 1
    assert timezone.localtime(fulfilment.collection_at) == timezone.make_aware(
        datetime.combine(booking.slot.day, time(10, 30))
    )


def test_a_slot_whose_cut_off_passed_is_refused_at_payment(localstripe):
    product = make_shop(stock=10)
    day = timezone.localdate() + timedelta(days=1)
    SlotTemplate.objects.create(
        weekday=day.weekday(),
        starts_at=time(9),
        ends_at=time(12),
        capacity=5,
        cutoff_days_before=2,
        cutoff_time=time(0),
    )
    with pytest.raises(SlotUnavailable, match="sont closes"):
        start_with_slot(product, slot_key(day=day, starts_at=time(9)))
    assert not DeliverySlot.objects.exists()


def test_an_unknown_slot_is_refused(localstripe):
    product = make_shop(stock=10)
    future_slot(capacity=3)
    with pytest.raises(SlotUnavailable, match="n'est plus proposé"):
        start_with_slot(product, "2026-13-45T99:00")


def test_a_checkout_without_slot_holds_none():
    assert slots_configured() is False


def test_the_municipalitys_edits_refuse_a_window_ending_before_it_starts_and_a_negative_capacity():
    TerritoryFactory()
    fields = {"weekday": 1, "capacity": 5, "cutoff_days_before": 0, "cutoff_time": time(12)}
    with pytest.raises(ValidationError, match="après son début"):
        slot_template_add(starts_at=time(14), ends_at=time(13), **fields)
    with pytest.raises(ValidationError, match="négative"):
        slot_template_add(starts_at=time(14), ends_at=time(18), **{**fields, "capacity": -1})
    with pytest.raises(ValidationError, match="doit précéder le début du créneau"):
        slot_template_add(starts_at=time(11), ends_at=time(13), **fields)
    slot_template_add(starts_at=time(14), ends_at=time(18), **fields)
    with pytest.raises(ValidationError, match="commence déjà"):
        slot_template_add(starts_at=time(14), ends_at=time(17), **fields)
    with pytest.raises(ValidationError, match="Indiquez une capacité"):
        slot_exception_set(day=date(2026, 12, 25), closed=False, capacity=None, label="")
    assert SlotTemplate.objects.count() == 1 and not SlotException.objects.exists()


def test_the_fee_on_the_attempt_is_what_the_basket_was_charged(localstripe):
    product = make_shop(stock=10, price=Decimal("6.80"))
    attempt = start_with_slot(product, future_slot(capacity=3))
    assert attempt.amount == Decimal("6.80") + Decimal("4.90")
