"""Residents racing for the last units, and the browser racing the webhook, in real threads on PostgreSQL:
exactly as many orders as units, each paid checkout placed once."""

import contextvars
import os
import threading

import pytest
from django.db import connection, connections
from django.test import Client
from oscar.core.loading import get_model

from payments import services
from payments.models import PaymentAttempt, Refund, StockHold
from tests.factories import UserFactory
from tests.payments.test_attempts import expire_hold, make_basket, make_shop, make_submission, start_checkout
from tests.payments.test_webhooks import URL
from tests.stripe_server import event_payload, signature_header

Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")

pytestmark = pytest.mark.django_db(transaction=True)


def require_postgresql():
    """On SQLite these tests prove nothing: skipped locally, a failure in CI."""
    if connection.vendor == "postgresql":
        return
    message = (
        "These races need PostgreSQL (row locks and concurrent writers; SQLite serialises everything): "
        "run with DATABASE_URL=postgres://postgres@127.0.0.1:5432/comptoir_pay"
    )
    if os.environ.get("CI"):
        pytest.fail(f"CI without PostgreSQL: {message}", pytrace=False)
    pytest.skip(message)


def run_together(*calls):
    """Runs the calls in threads released at the same instant; returns each one's result or exception."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)
    # Each thread runs in a copy of the test's context (its territory), as each request runs in its own.
    contexts = [contextvars.copy_context() for _call in calls]

    def run(index, call):
        try:
            barrier.wait(timeout=30)
            results[index] = contexts[index].run(call)
        except Exception as error:  # noqa: BLE001 - the test inspects what each thread got
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a thread is stuck (deadlock?)"
    return results


@pytest.mark.parametrize("units", [1, 3])
def test_residents_checking_out_the_last_units_together_get_exactly_that_many_orders(localstripe, units):
    require_postgresql()
    product = make_shop(stock=units)
    buyers = 8
    checkouts = []
    for _index in range(buyers):
        user = UserFactory()
        basket = make_basket(user=user, products=[product])
        checkouts.append((basket, user, make_submission(basket=basket, user=user)))

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

    started = [result for result in results if isinstance(result, PaymentAttempt)]
    refused = [result for result in results if isinstance(result, services.OutOfStock)]
    assert len(started) == units, results
    assert len(refused) == buyers - units, results
    assert all("Tomme des Pyrénées" in error.messages[0] for error in refused)
    assert StockHold.objects.filter(released_at__isnull=True).count() == units
    assert PaymentAttempt.objects.count() == units

    # The winners pay, in parallel too: every one of them gets their order, the stock is exactly used up.
    for attempt in started:
        localstripe.pay(attempt.payment_intent_id)
    orders = run_together(
        *[(lambda a=attempt: services.payment_attempt_complete(attempt_id=a.pk)) for attempt in started]
    )
    assert all(isinstance(order, Order) for order in orders), orders
    assert Order.objects.count() == units
    record = StockRecord.objects.get(product=product)
    assert record.num_allocated == units == record.num_in_stock


def test_browser_and_webhook_arriving_together_place_one_order(localstripe, settings):
    require_postgresql()
    for _round in range(3):
        attempt = start_checkout(products=[make_shop()])
        intent = localstripe.pay(attempt.payment_intent_id)
        payload = event_payload(
            event_type="payment_intent.succeeded", intent=intent, event_id=f"evt_race_{attempt.pk}"
        )
        header = signature_header(payload=payload, secret=settings.STRIPE_WEBHOOK_SECRET)

        def webhook(payload=payload, header=header):
            return Client().post(
                URL, data=payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=header
            )

        def browser(attempt_id=attempt.pk):
            return services.payment_attempt_complete(attempt_id=attempt_id)

        def webhook_again(payload=payload, header=header):
            return webhook(payload, header)

        response, order, replay = run_together(webhook, browser, webhook_again)

        assert isinstance(order, Order), order
        assert (response.status_code, replay.status_code) == (200, 200)
        assert list(Order.objects.filter(number=attempt.order_number)) == [order]
    assert Order.objects.count() == 3


def test_two_residents_paying_for_the_last_unit_after_their_holds_ran_out(localstripe):
    require_postgresql()
    product = make_shop(stock=1)
    first = start_checkout(products=[product])
    expire_hold(first)
    second = start_checkout(products=[product])
    expire_hold(second)
    localstripe.pay(first.payment_intent_id)
    localstripe.pay(second.payment_intent_id)

    results = run_together(
        lambda: services.payment_attempt_complete(attempt_id=first.pk),
        lambda: services.payment_attempt_complete(attempt_id=second.pk),
    )

    assert sum(isinstance(result, Order) for result in results) == 1, results
    assert results.count(None) == 1, results
    refund = Refund.objects.get()
    assert refund.reason == Refund.Reason.OUT_OF_STOCK and refund.sent_at is not None
    assert len(localstripe.refunds(refund.attempt.payment_intent_id)) == 1
    assert StockRecord.objects.get(product=product).num_allocated == 1
