"""Payments sit below the domains and the shop: they place the order an attempt paid for and confirm it through
the callables the settings name (PAYMENTS_ORDER_PLACER, PAYMENTS_ORDER_CONFIRMATION), never by importing them."""

import pytest
from django.core import mail

from payments import services
from payments.models import PaymentAttempt
from shop.placement import order_place_from_attempt
from tests.factories import UserFactory
from tests.payments.test_attempts import make_shop, start_checkout
from tests.stripe_server import CARD_SUCCESS

pytestmark = pytest.mark.django_db

placed: list[int] = []
confirmed: list[str] = []


def placer(*, attempt, basket):
    placed.append(attempt.pk)
    return order_place_from_attempt(attempt=attempt, basket=basket)


def confirmation(*, order) -> None:
    confirmed.append(order.number)


def test_a_paid_attempt_is_placed_and_confirmed_by_the_callables_the_settings_name(
    localstripe, settings, django_capture_on_commit_callbacks
):
    placed.clear()
    confirmed.clear()
    settings.PAYMENTS_ORDER_PLACER = "tests.payments.test_wiring.placer"
    settings.PAYMENTS_ORDER_CONFIRMATION = "tests.payments.test_wiring.confirmation"
    attempt = start_checkout(products=[make_shop()], user=UserFactory(email="camille@example.test"))
    assert localstripe.pay(attempt.payment_intent_id, card=CARD_SUCCESS)["status"] == "succeeded"

    with django_capture_on_commit_callbacks(execute=True):
        order = services.payment_attempt_complete(attempt_id=attempt.pk)

    assert placed == [attempt.pk]
    assert confirmed == [order.number]
    assert not [message for message in mail.outbox if order.number in message.subject]
    attempt.refresh_from_db()
    assert attempt.status == PaymentAttempt.Status.SUCCEEDED and attempt.resident_notified_at is not None
