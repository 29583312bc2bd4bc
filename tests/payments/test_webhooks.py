"""Stripe's webhook at /payments/stripe/webhook/: signed, each event once, and the order placed exactly once
whichever of the browser's return and the webhook comes first."""

import logging
import time
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from oscar.core.loading import get_model

from payments import services
from payments.models import PaymentAttempt, StripeEvent
from tests.factories import UserFactory
from tests.payments.test_attempts import make_shop, start_checkout
from tests.stripe_server import CARD_DECLINED_AT_CHARGE, event_payload, signature_header

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")

URL = "/payments/stripe/webhook/"


def post_event(client, settings, *, event_type: str, intent: dict, event_id: str, secret: str | None = None):
    payload = event_payload(event_type=event_type, intent=intent, event_id=event_id)
    header = signature_header(payload=payload, secret=secret or settings.STRIPE_WEBHOOK_SECRET)
    return client.post(URL, data=payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=header)


def test_the_webhook_has_its_public_path():
    assert reverse("stripe-webhook") == URL


@pytest.mark.django_db
def test_a_bad_or_missing_signature_is_refused_and_logged(client, settings, caplog):
    intent = {"id": "pi_forged", "object": "payment_intent"}
    with caplog.at_level(logging.WARNING, logger="payments.views"):
        forged = post_event(
            client,
            settings,
            event_type="payment_intent.succeeded",
            intent=intent,
            event_id="evt_1",
            secret="whsec_not_ours",
        )
        unsigned = client.post(URL, data=b'{"id": "evt_2"}', content_type="application/json")
        garbage = client.post(
            URL, data=b"not json", content_type="application/json", HTTP_STRIPE_SIGNATURE="t=1,v1=0"
        )
    assert (forged.status_code, unsigned.status_code, garbage.status_code) == (400, 400, 400)
    assert len([record for record in caplog.records if "refused" in record.getMessage()]) == 3
    assert StripeEvent.objects.count() == 0
    assert client.get(URL).status_code == 405


@pytest.mark.django_db
def test_a_payment_that_succeeded_while_the_browser_was_closed_still_becomes_the_order(
    client, settings, localstripe, django_capture_on_commit_callbacks
):
    resident = UserFactory(email="camille@example.test")
    attempt = start_checkout(products=[make_shop()], user=resident)
    intent = localstripe.pay(attempt.payment_intent_id)

    with django_capture_on_commit_callbacks(execute=True):
        response = post_event(
            client, settings, event_type="payment_intent.succeeded", intent=intent, event_id="evt_paid"
        )

    assert response.status_code == 200
    order = Order.objects.get()
    assert order.number == attempt.order_number and order.user == resident
    confirmations = [message for message in mail.outbox if message.to == ["camille@example.test"]]
    assert len(confirmations) == 1 and order.number in confirmations[0].subject
    event = StripeEvent.objects.get()
    assert (event.event_id, event.type, event.processed_at is not None) == (
        "evt_paid",
        "payment_intent.succeeded",
        True,
    )


@pytest.mark.django_db
def test_browser_then_webhook_places_one_order(client, settings, localstripe):
    attempt = start_checkout(products=[make_shop()])
    intent = localstripe.pay(attempt.payment_intent_id)
    order = services.payment_attempt_complete(attempt_id=attempt.pk)

    response = post_event(
        client, settings, event_type="payment_intent.succeeded", intent=intent, event_id="evt_a"
    )

    assert response.status_code == 200
    assert list(Order.objects.all()) == [order]


@pytest.mark.django_db
def test_webhook_then_browser_places_one_order(client, settings, localstripe):
    attempt = start_checkout(products=[make_shop()])
    intent = localstripe.pay(attempt.payment_intent_id)
    assert (
        post_event(
            client, settings, event_type="payment_intent.succeeded", intent=intent, event_id="evt_b"
        ).status_code
        == 200
    )

    order = services.payment_attempt_complete(attempt_id=attempt.pk)

    assert list(Order.objects.all()) == [order]
    assert order.number == attempt.order_number


@pytest.mark.django_db
def test_a_duplicated_event_changes_nothing_twice(client, settings, localstripe, caplog):
    attempt = start_checkout(products=[make_shop()])
    intent = localstripe.pay(attempt.payment_intent_id)
    first = post_event(
        client, settings, event_type="payment_intent.succeeded", intent=intent, event_id="evt_dup"
    )
    Order.objects.update(guest_email="marker@example.test")  # a change the replay must not undo

    with caplog.at_level(logging.INFO, logger="payments.views"):
        replay = post_event(
            client, settings, event_type="payment_intent.succeeded", intent=intent, event_id="evt_dup"
        )

    assert (first.status_code, replay.status_code) == (200, 200)
    assert StripeEvent.objects.count() == 1
    assert Order.objects.get().guest_email == "marker@example.test"
    assert any("already received" in record.getMessage() for record in caplog.records)


@pytest.mark.django_db
def test_a_failure_event_arriving_after_the_success_does_not_undo_it(client, settings, localstripe):
    attempt = start_checkout(products=[make_shop()])
    paid = localstripe.pay(attempt.payment_intent_id)
    # An earlier declined try of the same PaymentIntent, delivered late.
    declined = {
        **paid,
        "status": "requires_payment_method",
        "last_payment_error": {"code": "card_declined", "message": "Your card was declined."},
    }

    ok = post_event(client, settings, event_type="payment_intent.succeeded", intent=paid, event_id="evt_ok")
    late = post_event(
        client, settings, event_type="payment_intent.payment_failed", intent=declined, event_id="evt_ko"
    )

    assert (ok.status_code, late.status_code) == (200, 200)
    attempt.refresh_from_db()
    assert attempt.status == PaymentAttempt.Status.SUCCEEDED and attempt.order is not None
    assert attempt.failure_message == ""
    assert Basket.objects.get(pk=attempt.basket_id).status == Basket.SUBMITTED
    assert StripeEvent.objects.count() == 2


@pytest.mark.django_db
def test_a_payment_failed_event_keeps_the_basket_and_says_why(client, settings, localstripe):
    attempt = start_checkout(products=[make_shop()])
    declined = localstripe.pay(attempt.payment_intent_id, card=CARD_DECLINED_AT_CHARGE)

    response = post_event(
        client, settings, event_type="payment_intent.payment_failed", intent=declined, event_id="evt_f"
    )

    assert response.status_code == 200
    attempt.refresh_from_db()
    assert attempt.status == PaymentAttempt.Status.FAILED
    assert "(carte refusée par la banque)" in attempt.failure_message
    assert Basket.objects.get(pk=attempt.basket_id).status == Basket.OPEN
    assert Order.objects.count() == 0


@pytest.mark.django_db
def test_unknown_payment_intents_and_event_types_are_acknowledged(client, settings, localstripe, caplog):
    with caplog.at_level(logging.INFO):
        unknown_intent = post_event(
            client,
            settings,
            event_type="payment_intent.succeeded",
            intent={"id": "pi_elsewhere"},
            event_id="evt_u1",
        )
        unknown_type = post_event(
            client, settings, event_type="customer.created", intent={"id": "cus_1"}, event_id="evt_u2"
        )
    assert (unknown_intent.status_code, unknown_type.status_code) == (200, 200)
    assert Order.objects.count() == 0
    assert any("No payment attempt" in record.getMessage() for record in caplog.records)
    assert any("ignored" in record.getMessage() for record in caplog.records)


@pytest.mark.django_db
def test_stripe_being_unreachable_asks_for_the_event_again(client, settings, localstripe):
    attempt = start_checkout(products=[make_shop()])
    intent = localstripe.pay(attempt.payment_intent_id)
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"

    response = post_event(
        client, settings, event_type="payment_intent.succeeded", intent=intent, event_id="evt_r"
    )

    assert response.status_code == 503
    assert StripeEvent.objects.count() == 0  # not recorded: Stripe's retry is processed
    settings.STRIPE_API_BASE = localstripe.url
    assert (
        post_event(
            client, settings, event_type="payment_intent.succeeded", intent=intent, event_id="evt_r"
        ).status_code
        == 200
    )
    assert Order.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_localstripe_itself_posts_the_signed_event_that_places_the_order(live_server, settings, localstripe):
    settings.STRIPE_WEBHOOK_SECRET = "whsec_live_test"
    url = live_server.url.replace("localhost", "127.0.0.1") + URL
    localstripe.webhook_register(
        "comptoir-live", url=url, secret=settings.STRIPE_WEBHOOK_SECRET, events=["payment_intent.succeeded"]
    )
    try:
        attempt = start_checkout(products=[make_shop()])
        localstripe.pay(attempt.payment_intent_id)

        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and not Order.objects.exists():
            time.sleep(0.2)
    finally:
        # Later tests' events must not reach a server that is gone.
        localstripe.webhook_register("comptoir-live", url=url, secret="whsec_off", events=["none.none"])

    order = Order.objects.get()
    assert order.number == attempt.order_number
    # Events of earlier tests still in localstripe's one-second delivery queue may arrive too: ours is there once.
    ours = [
        event
        for event in StripeEvent.objects.all()
        if event.payload["data"]["object"]["id"] == attempt.payment_intent_id
    ]
    assert [(event.type, event.processed_at is not None) for event in ours] == [
        ("payment_intent.succeeded", True)
    ]


def post_signed(client, settings, payload: bytes, *, timestamp: int | None = None):
    header = signature_header(payload=payload, secret=settings.STRIPE_WEBHOOK_SECRET, timestamp=timestamp)
    return client.post(URL, data=payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=header)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "payload",
    [
        b"{}",
        b"[]",
        b"null",
        b"42",
        b'"evt_1"',
        b'{"type": "payment_intent.succeeded", "data": {"object": {"id": "pi_1"}}}',
        b'{"id": 17, "type": "payment_intent.succeeded", "data": {"object": {"id": "pi_1"}}}',
        b'{"id": "evt_1", "data": {"object": {"id": "pi_1"}}}',
        b'{"id": "evt_1", "type": ["payment_intent.succeeded"], "data": {"object": {"id": "pi_1"}}}',
        b'{"id": "evt_1", "type": "payment_intent.succeeded"}',
        b'{"id": "evt_1", "type": "payment_intent.succeeded", "data": []}',
        b'{"id": "evt_1", "type": "payment_intent.succeeded", "data": {}}',
        b'{"id": "evt_1", "type": "payment_intent.succeeded", "data": {"object": "pi_1"}}',
        b'{"id": "evt_1", "type": "payment_intent.succeeded", "data": {"object": {}}}',
        b'{"id": "evt_1", "type": "payment_intent.payment_failed", "data": {"object": {"id": 5}}}',
        b'{"id": "evt_1", "type": "' + b"x" * 101 + b'", "data": {"object": {"id": "pi_1"}}}',
        '{"id": "evt_1", "type": "caf\xe9"}'.encode("latin-1"),
        b'{"id": "evt_1", "type": "x", "data": {"object": {"a": ' + b"[" * 5000 + b"]" * 5000 + b"}}}",
        b'{"id": "evt_nan", "type": "payment_intent.succeeded", "data": {"object": {"id": "pi_1", "amount": NaN}}}',
        b'{"id": "evt_inf", "type": "x", "data": {"object": {"amount": Infinity}}}',
    ],
    ids=[
        "empty-object",
        "list",
        "null",
        "number",
        "string",
        "no-id",
        "id-not-a-string",
        "no-type",
        "type-not-a-string",
        "no-data",
        "data-not-an-object",
        "no-data-object",
        "data-object-not-an-object",
        "payment-intent-without-id",
        "payment-intent-id-not-a-string",
        "type-too-long",
        "not-utf-8",
        "nested-too-deep",
        "nan",
        "infinity",
    ],
)
def test_a_validly_signed_but_shapeless_event_is_refused_and_logged(client, settings, caplog, payload):
    with caplog.at_level(logging.WARNING, logger="payments.views"):
        response = post_signed(client, settings, payload)

    assert response.status_code == 400
    assert "refusé" in response.content.decode()
    assert [record.levelname for record in caplog.records if "refused" in record.getMessage()] == ["WARNING"]
    assert StripeEvent.objects.count() == 0


@pytest.mark.django_db
def test_an_event_signed_too_far_in_the_future_or_the_past_is_refused(client, settings, caplog, localstripe):
    attempt = start_checkout(products=[make_shop()])
    intent = localstripe.pay(attempt.payment_intent_id)
    payload = event_payload(event_type="payment_intent.succeeded", intent=intent, event_id="evt_time")
    now = int(time.time())

    with caplog.at_level(logging.WARNING, logger="payments.views"):
        future = post_signed(client, settings, payload, timestamp=now + 301 + 60)
        past = post_signed(client, settings, payload, timestamp=now - 301 - 60)

    assert (future.status_code, past.status_code) == (400, 400)
    assert len([record for record in caplog.records if "refused" in record.getMessage()]) == 2
    assert any("future" in record.getMessage() for record in caplog.records)
    assert StripeEvent.objects.count() == 0 and Order.objects.count() == 0

    # A clock a little ahead, within the tolerance, is Stripe's all the same.
    assert post_signed(client, settings, payload, timestamp=now + 240).status_code == 200
    assert Order.objects.get().number == attempt.order_number


@pytest.mark.django_db
def test_a_signature_header_with_a_garbled_timestamp_is_refused_not_a_500(client, settings):
    payload = b'{"id": "evt_t", "type": "x", "data": {"object": {}}}'
    timestamp = int(time.time())
    good = signature_header(payload=payload, secret=settings.STRIPE_WEBHOOK_SECRET, timestamp=timestamp)
    # Stripe's library reads « t=<ts>=1 » as <ts> and accepts the signature; our own reading must not crash.
    garbled = good.replace(f"t={timestamp}", f"t={timestamp}=1")
    response = client.post(URL, data=payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=garbled)
    assert response.status_code == 200  # read as Stripe reads it: a valid event of a type we ignore


@pytest.mark.django_db
def test_one_webhook_for_every_territory_places_each_order_in_its_own(
    client, settings, localstripe, django_capture_on_commit_callbacks
):
    from territory.models import Territory
    from territory.tenancy import territory_activate
    from tests.factories import MerchantFactory, TerritoryFactory, make_product

    make_shop()  # Val de Garonne, the default territory the webhook's host falls on
    villeneuve = TerritoryFactory(name="Villeneuve-sur-Lot", with_marmande=False)
    shop = MerchantFactory(territory=villeneuve, trade_name="Maison du Pruneau")
    product = make_product(merchant=shop, title="Pruneaux d'Agen", price=Decimal("7.50"))
    with territory_activate(villeneuve):
        attempt = start_checkout(
            products=[product], user=UserFactory(email="louis@example.test"), method="click-and-collect"
        )
    assert attempt.territory == villeneuve
    intent = localstripe.pay(attempt.payment_intent_id)

    with django_capture_on_commit_callbacks(execute=True):
        response = post_event(
            client, settings, event_type="payment_intent.succeeded", intent=intent, event_id="evt_villeneuve"
        )

    assert response.status_code == 200
    order = Order.objects.get(number=attempt.order_number)
    assert order.territory == villeneuve != Territory.objects.order_by("pk").first()
    assert order.fulfilments.get().merchant == shop
