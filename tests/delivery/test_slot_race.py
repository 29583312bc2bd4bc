"""Residents paying at the same instant for a slot's last places, in real threads on PostgreSQL: exactly as many
win as there are places, the others are told in French and nothing is written for them."""

import pytest

from delivery.models import DeliverySlot, SlotBooking
from delivery.slots import SlotUnavailable
from payments import services
from payments.models import PaymentAttempt
from tests.delivery.test_slots import future_slot
from tests.factories import UserFactory, make_product
from tests.payments.test_attempts import make_basket, make_shop, make_submission
from tests.payments.test_stock_race import require_postgresql, run_together

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(("places", "residents"), [(1, 2), (1, 6), (2, 6)])
def test_residents_paying_together_for_the_last_places_get_exactly_that_many(localstripe, places, residents):
    require_postgresql()
    first = make_shop(stock=100)
    key = future_slot(capacity=places)
    checkouts = []
    for index in range(residents):
        # Each their own product: the stock rows' locks must not be what serialises the residents.
        product = make_product(
            merchant=first.stockrecords.first().partner.merchant, title=f"Pain {index}", stock=5
        )
        user = UserFactory()
        basket = make_basket(user=user, products=[product])
        submission = make_submission(basket=basket, user=user)
        submission["order_kwargs"]["delivery_slot"] = key
        checkouts.append((basket, user, submission))

    results = run_together(
        *[
            (
                lambda b=basket, u=user, s=submission: services.payment_attempt_start(
                    basket=b, user=u, submission=s
                )
            )
            for basket, user, submission in checkouts
        ]
    )

    won = [result for result in results if isinstance(result, PaymentAttempt)]
    lost = [result for result in results if isinstance(result, SlotUnavailable)]
    assert (len(won), len(lost)) == (places, residents - places), results
    assert all("vient d'être complet" in " ".join(error.messages) for error in lost)
    assert DeliverySlot.objects.count() == 1
    assert sorted(SlotBooking.objects.values_list("attempt_id", flat=True)) == sorted(a.pk for a in won)
    assert PaymentAttempt.objects.count() == places
