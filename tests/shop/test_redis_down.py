"""With Redis stopped the shop keeps serving (issue 9, item 5): the cache degrades to none, and every task that must
follow a write waits in the outbox until the broker is back, then runs exactly once.

A Redis of the test's own is stopped (tests/redis_server.py), never the machine's."""

import os
import re
import time
import uuid
from contextlib import contextmanager
from datetime import time as dt_time
from decimal import Decimal
from email import message_from_bytes
from email.header import decode_header, make_header
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from config.celery import app as celery_app
from core.geocoding import geocode
from core.models import OutboxMessage
from core.outbox import outbox_relay
from merchants.models import Fulfilment, PayoutAccount
from merchants.services import fulfilment_accept, fulfilment_hand_over, fulfilment_mark_ready
from payments.stripe_gateway import payment_intent_retrieve
from pickup.hours import contact_point_set_weekly_hours
from pickup.models import Parcel
from pickup.services import parcel_pending_code
from tests.browser.conftest import PASSWORD
from tests.celery_worker import celery_worker_process
from tests.factories import (
    RESIDENT_ADDRESS,
    MerchantFactory,
    TerritoryFactory,
    UserFactory,
    france,
    make_merchant_user,
    make_product,
)
from tests.pickup.factories import ContactPointFactory, make_counter_agent
from tests.redis_server import redis_server
from tests.stripe_connect_fake import StripeConnectFake
from tests.stripe_server import event_payload, pay_at_preview, signature_header

Order = get_model("order", "Order")


def degrading_cache(url: str) -> dict:
    return {
        "default": {
            "BACKEND": "core.cache.DegradingRedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0},
        }
    }


def _reset_broker_pools() -> None:
    # Forgotten, not closed: kombu keeps one pool per broker URL for the whole process.
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@contextmanager
def celery_broker(url: str):
    """This process publishes real messages to ``url`` instead of running tasks in-process."""
    saved = celery_app.conf.broker_url, celery_app.conf.task_always_eager
    _reset_broker_pools()
    celery_app.conf.broker_url, celery_app.conf.task_always_eager = url, False
    try:
        yield
    finally:
        _reset_broker_pools()
        celery_app.conf.broker_url, celery_app.conf.task_always_eager = saved


def sent_mails(folder: Path) -> list[tuple[str, str]]:
    """(recipient, subject) of every e-mail the file backend wrote."""
    mails = []
    for path in sorted(folder.glob("*.log")):
        for chunk in re.split(rb"\n-{79}\n", path.read_bytes()):
            if chunk.strip():
                message = message_from_bytes(chunk.strip())
                mails.append((message["To"], str(make_header(decode_header(message["Subject"])))))
    return mails


@pytest.fixture
def shop_data():
    TerritoryFactory()
    france()
    centre = geocode(postcode="47200", city="Marmande")
    point = ContactPointFactory(name="MARMANDE BUREAU", latitude=centre.latitude, longitude=centre.longitude)
    contact_point_set_weekly_hours(
        point=point, ranges_by_weekday={day: [(dt_time(9), dt_time(18))] for day in range(7)}
    )
    bakery = MerchantFactory(trade_name="Boulangerie du Marché", email="boulangerie@example.test")
    cheese = MerchantFactory(trade_name="Fromagerie Garonne", email="fromagerie@example.test")
    products = [
        make_product(merchant=bakery, title="Baguette tradition", price=Decimal("1.30")),
        make_product(merchant=cheese, title="Tomme des Pyrénées", price=Decimal("6.80")),
    ]
    resident = UserFactory(email="camille@example.test")
    resident.set_password(PASSWORD)
    resident.save()
    agent = make_counter_agent(contact_point=point, email="guichet@example.test")
    return {
        "point": point,
        "merchants": [bakery, cheese],
        "products": products,
        "resident": resident,
        "agent": agent,
    }


@pytest.mark.django_db(transaction=True)
def test_with_redis_stopped_the_shop_serves_and_every_message_goes_once_redis_is_back(
    client, settings, localstripe, shop_data, tmp_path
):
    if connection.vendor != "postgresql":
        # The worker is another process: it needs a database server, not the in-memory SQLite of a test run.
        message = "This test runs on PostgreSQL: set DATABASE_URL (CI does)."
        pytest.fail(message) if os.environ.get("CI") else pytest.skip(message)
    mail_folder = tmp_path / "mails"
    mail_folder.mkdir()
    with redis_server() as redis, StripeConnectFake() as connect, celery_broker(redis.url):
        settings.CACHES = degrading_cache(redis.url)
        settings.STRIPE_CONNECT_API_BASE = connect.url
        settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
        settings.EMAIL_FILE_PATH = str(mail_folder)
        for merchant in shop_data["merchants"]:
            PayoutAccount.objects.create(
                merchant=merchant, stripe_account_id=connect.account_add(), payouts_enabled=True
            )
        redis.stop()
        assert not redis.answers()

        # The home page and the login.
        assert client.get(reverse("home")).status_code == 200
        assert client.get(reverse("customer:login")).status_code == 200
        response = client.post(
            reverse("customer:login"),
            {"login-username": "camille@example.test", "login-password": PASSWORD, "login_submit": "1"},
        )
        assert response.status_code == 302, response.content[:2000]

        # The checkout, to a contact point, paid at localstripe, and the browser's return.
        for product in shop_data["products"]:
            assert (
                client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1}).status_code
                == 302
            )
        assert (
            client.post(
                reverse("checkout:shipping-address"), {**RESIDENT_ADDRESS, "country": "FR"}
            ).status_code
            == 302
        )
        response = client.post(reverse("checkout:shipping-method"), {"method_code": "contact-point"})
        assert response.status_code == 302
        assert client.get(reverse("checkout:pickup-point")).status_code == 200
        response = client.post(reverse("checkout:pickup-point"), {"point": shop_data["point"].pk})
        assert response.status_code == 302
        assert client.get(reverse("checkout:preview")).status_code == 200
        response = pay_at_preview(client, localstripe)
        assert response.status_code == 302, response.content[:2000]
        assert response["Location"].endswith(reverse("checkout:thank-you"))
        assert client.get(reverse("checkout:thank-you")).status_code == 200
        order = Order.objects.get()

        # Connect pays merchants from this charge (localstripe has no Connect: the fake stands for it).
        charge = payment_intent_retrieve(intent_id=order.payment_attempt.payment_intent_id).latest_charge
        connect.payment_intent_add(amount=int(order.total_incl_tax * 100), charge_id=charge)

        # Stripe's webhook for the same payment.
        intent = localstripe.intent(order.payment_attempt.payment_intent_id)
        payload = event_payload(
            event_type="payment_intent.succeeded", intent=intent, event_id=f"evt_{uuid.uuid4().hex}"
        )
        response = client.post(
            reverse("stripe-webhook"),
            payload,
            content_type="application/json",
            HTTP_STRIPE_SIGNATURE=signature_header(payload=payload, secret=settings.STRIPE_WEBHOOK_SECRET),
        )
        assert response.status_code == 200

        # The merchants prepare and hand their parts to the round; the counter receives the parcel, then hands it
        # over to the resident on their code.
        for fulfilment in Fulfilment.objects.filter(order=order):
            merchant_user = make_merchant_user(fulfilment.merchant)
            fulfilment_accept(fulfilment=fulfilment, by=merchant_user)
            fulfilment_mark_ready(fulfilment=fulfilment, by=merchant_user)
            fulfilment_hand_over(fulfilment=fulfilment, by=merchant_user)
        parcel = Parcel.objects.get(order=order)
        client.force_login(shop_data["agent"])
        assert client.get(reverse("pickup:parcel-list")).status_code == 200
        response = client.post(reverse("pickup:parcel-arrival", kwargs={"pk": parcel.pk}))
        assert response.status_code == 302, response.content[:2000]
        code = parcel_pending_code(Parcel.objects.get(pk=parcel.pk))
        response = client.post(reverse("pickup:parcel-hand-over", kwargs={"pk": parcel.pk}), {"code": code})
        assert response.status_code == 302, response.content[:2000]
        assert Parcel.objects.get(pk=parcel.pk).status == "collected"

        # Nothing went while the broker was down, and nothing was lost.
        assert sent_mails(mail_folder) == []
        waiting = set(OutboxMessage.objects.filter(done_at__isnull=True).values_list("task", flat=True))
        assert {
            "payments.tasks.payment_attempt_notify_resident",
            "merchants.tasks.fulfilment_notify_merchant",
            "pickup.tasks.parcel_notify_ready",
            "merchants.tasks.payout_send",
        } <= waiting
        assert OutboxMessage.objects.filter(relayed_at__isnull=False).count() == 0
        assert not connect.requests_to("POST", "/v1/transfers")

        # Redis is back: the relay (Celery beat's job) sends everything; a second relay sends nothing more.
        redis.start()
        # The backoff of the failed relays has passed.
        OutboxMessage.objects.update(available_at=timezone.now())
        env = {
            "EMAIL_BACKEND": settings.EMAIL_BACKEND,
            "EMAIL_FILE_PATH": str(mail_folder),
            "STRIPE_API_BASE": localstripe.url,
            "STRIPE_SECRET_KEY": localstripe.secret_key,
            "STRIPE_CONNECT_API_BASE": connect.url,
        }
        with celery_worker_process(broker_url=redis.url, env=env) as worker:
            assert outbox_relay() == OutboxMessage.objects.count()
            deadline = time.monotonic() + 60
            while OutboxMessage.objects.filter(done_at__isnull=True).exists() and time.monotonic() < deadline:
                time.sleep(0.2)
            relayed_again = outbox_relay()
            time.sleep(1)
        left = list(OutboxMessage.objects.filter(done_at__isnull=True).values("task", "last_error"))
        assert left == [], worker.text[-6000:]
        assert relayed_again == 0
        assert "ERROR" not in worker.text, worker.text[-4000:]

    mails = sent_mails(mail_folder)
    assert sorted(mails) == sorted(set(mails)), mails
    to_resident = [subject for recipient, subject in mails if recipient == "camille@example.test"]
    # The order confirmation; the code's e-mail is not sent for a parcel already collected.
    assert len(to_resident) == 1 and order.number in to_resident[0], mails
    for merchant in ("boulangerie@example.test", "fromagerie@example.test"):
        assert len([recipient for recipient, _subject in mails if merchant in recipient]) == 1, mails
    transfers = connect.requests_to("POST", "/v1/transfers")
    assert len(transfers) == 2
    assert len({transfer.idempotency_key for transfer in transfers}) == 2
