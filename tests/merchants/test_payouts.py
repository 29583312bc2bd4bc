import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from merchants import payouts, refunds
from merchants.models import Fulfilment, Payout, PayoutAccount
from merchants.services import (
    fulfilment_accept,
    fulfilment_hand_over,
    fulfilment_mark_delivered,
    fulfilment_mark_ready,
)
from payments import stripe_gateway
from pickup import services as pickup_services
from pickup.models import Parcel
from tests.factories import MerchantFactory, UserFactory, make_merchant_user, make_product
from tests.merchants.factories import hand_to_the_round, make_order
from tests.merchants.test_refunds import lines_of
from tests.pickup.factories import ContactPointFactory, make_counter_agent
from tests.stripe_connect_fake import StripeConnectFake

pytestmark = pytest.mark.django_db


@pytest.fixture
def stripe_fake(settings):
    """Stripe at the HTTP boundary: PaymentIntents to read the charge from, and Connect."""
    with StripeConnectFake() as fake:
        settings.STRIPE_API_BASE = fake.url
        settings.STRIPE_CONNECT_API_BASE = fake.url
        yield fake


@pytest.fixture
def shops(stripe_fake):
    bakery = MerchantFactory(trade_name="Boulangerie du Marché")
    books = MerchantFactory(trade_name="Librairie des Quais")
    for merchant in (bakery, books):
        PayoutAccount.objects.create(
            merchant=merchant, stripe_account_id=stripe_fake.account_add(), payouts_enabled=True
        )
    products = {
        "baguette": make_product(merchant=bakery, title="Baguette tradition", price=Decimal("1.30")),
        "tarte": make_product(merchant=bakery, title="Tarte aux prunes", price=Decimal("6.80")),
        "roman": make_product(
            merchant=books, title="Roman du terroir", price=Decimal("21.00"), vat_rate=Decimal("5.50")
        ),
    }
    return bakery, books, products


@pytest.fixture
def paid_order(stripe_fake):
    """An order paid through a PaymentIntent that Stripe knows, with its charge."""

    def make(items, **kwargs):
        intent = stripe_fake.payment_intent_add(amount=0)
        order = make_order(items, intent_id=intent["id"], **kwargs)
        intent["amount"] = stripe_gateway.to_cents(order.total_incl_tax)
        return order, intent["latest_charge"]

    return make


def transfers_to(fake):
    return fake.requests_to("POST", "/v1/transfers")


def deliver(*, fulfilment, by):
    """The merchant's part leaves the shop with the round, then reaches the resident."""
    hand_to_the_round(fulfilment)
    return fulfilment_mark_delivered(fulfilment=fulfilment, by=by)


# The money.


@pytest.mark.parametrize(
    ("base", "rate", "commission"),
    [
        (Decimal("10.10"), "0.05", Decimal("0.51")),  # 0.505: half up, not to even
        (Decimal("12.34"), "0.05", Decimal("0.62")),
        (Decimal("29.90"), "0.08", Decimal("2.39")),
        (Decimal("0.10"), "0.05", Decimal("0.01")),  # 0.005
    ],
)
def test_the_commission_is_rounded_to_the_cent_half_up(base, rate, commission):
    assert payouts.commission_for(base=base, rate=Decimal(rate)) == commission


def test_a_delivered_merchant_gets_its_lines_minus_commission_and_the_transfer_stripe_receives(
    shops, paid_order, stripe_fake, django_capture_on_commit_callbacks
):
    bakery, books, products = shops
    order, charge = paid_order([(products["baguette"], 3), (products["tarte"], 1), (products["roman"], 1)])
    fulfilment = order.fulfilments.get(merchant=bakery)

    with django_capture_on_commit_callbacks(execute=True):
        deliver(fulfilment=fulfilment, by=None)
        assert transfers_to(stripe_fake) == []  # the transfer waits for the commit

    payout = Payout.objects.get()
    # 3 × 1.30 + 6.80 = 10.70; 5 % = 0.535 → 0.54
    assert (payout.gross, payout.refunded, payout.commission, payout.amount) == (
        Decimal("10.70"),
        Decimal("0.00"),
        Decimal("0.54"),
        Decimal("10.16"),
    )
    assert payout.idempotency_key == f"payout-{order.number}-{bakery.pk}"
    [request] = transfers_to(stripe_fake)
    assert request.params == {
        "amount": "1016",
        "currency": "eur",
        "destination": bakery.payout_account.stripe_account_id,
        "source_transaction": charge,
        "transfer_group": order.number,
    }
    assert request.idempotency_key == payout.idempotency_key
    assert request.headers["authorization"] == "Bearer sk_test_comptoir_demo"
    [transfer] = stripe_fake.transfers.values()
    payout.refresh_from_db()
    assert (payout.status, payout.stripe_transfer_id, payout.attempts) == (
        Payout.Status.SENT,
        transfer["id"],
        1,
    )
    assert payout.sent_at is not None


def test_only_delivered_merchants_are_paid(
    shops, paid_order, stripe_fake, django_capture_on_commit_callbacks
):
    bakery, books, products = shops
    order, _charge = paid_order([(products["baguette"], 1), (products["roman"], 1)])

    with django_capture_on_commit_callbacks(execute=True):
        deliver(fulfilment=order.fulfilments.get(merchant=books), by=None)

    assert list(Payout.objects.values_list("merchant", flat=True)) == [books.pk]
    assert [r.params["destination"] for r in transfers_to(stripe_fake)] == [
        books.payout_account.stripe_account_id
    ]
    assert Fulfilment.objects.get(order=order, merchant=bakery).status == Fulfilment.Status.NEW


def test_refunded_lines_are_taken_off_before_the_commission(
    shops, paid_order, stripe_fake, monkeypatch, django_capture_on_commit_callbacks
):
    _patch_refund_send(monkeypatch)
    bakery, books, products = shops
    order, _charge = paid_order([(products["baguette"], 3), (products["tarte"], 1)])
    fulfilment = order.fulfilments.get(merchant=bakery)
    refunds.fulfilment_lines_mark_unavailable(
        fulfilment=fulfilment, lines=[lines_of(order)["Baguette tradition"]], by=None
    )

    with django_capture_on_commit_callbacks(execute=True):
        deliver(fulfilment=fulfilment, by=None)

    payout = Payout.objects.get()
    # 10.70 sold, 3.90 refunded: 5 % of 6.80 = 0.34
    assert (payout.gross, payout.refunded, payout.commission, payout.amount) == (
        Decimal("10.70"),
        Decimal("3.90"),
        Decimal("0.34"),
        Decimal("6.46"),
    )
    assert transfers_to(stripe_fake)[0].params["amount"] == "646"


def test_when_merchants_keep_the_delivery_fee_it_is_split_by_line_value(settings, shops, paid_order):
    settings.DELIVERY_FEE_KEPT_BY = "merchants"
    bakery, books, products = shops
    # bakery 10.70, books 21.00: 4.90 × 10.70 / 31.70 = 1.6539… → 1.65; the last merchant takes the remainder
    order, _charge = paid_order(
        [(products["baguette"], 3), (products["tarte"], 1), (products["roman"], 1)], shipping=Decimal("4.90")
    )
    shares = {f.merchant_id: payouts.payout_share(fulfilment=f) for f in order.fulfilments.all()}

    assert shares[bakery.pk].delivery_fee == Decimal("1.65")
    assert shares[books.pk].delivery_fee == Decimal("3.25")
    assert shares[bakery.pk].amount == Decimal("10.70") - Decimal("0.54") + Decimal("1.65")
    assert shares[books.pk].amount == Decimal("21.00") - Decimal("1.05") + Decimal("3.25")

    # The municipality changes its terms afterwards: this order keeps those it was placed under.
    settings.DELIVERY_FEE_KEPT_BY = "municipality"
    settings.COMMISSION_RATE = "0.10"
    assert payouts.payout_share(fulfilment=order.fulfilments.get(merchant=books)) == shares[books.pk]


def test_collecting_the_parcel_pays_every_merchant_once(
    shops, paid_order, stripe_fake, django_capture_on_commit_callbacks
):
    bakery, books, products = shops
    order, _charge = paid_order(
        [(products["baguette"], 2), (products["roman"], 1)],
        shipping=Decimal("2.90"),
        shipping_code="contact-point",
    )
    point = ContactPointFactory()
    agent = make_counter_agent(contact_point=point)
    parcel = pickup_services.parcel_create_for_order(order=order, contact_point=point)
    hand_to_the_round(*order.fulfilments.all())  # both parts left their shops: the parcel is whole
    code = pickup_services.parcel_mark_ready(parcel=parcel, by=agent)
    assert not Payout.objects.exists()  # at the point, not yet with the resident

    with django_capture_on_commit_callbacks(execute=True):
        pickup_services.parcel_hand_over(parcel=parcel, code=code, agent=agent)
    with django_capture_on_commit_callbacks(execute=True):
        payouts.fulfilments_mark_delivered_for_order(order=order, by=agent)  # told twice
        fulfilment_mark_delivered(fulfilment=order.fulfilments.get(merchant=books), by=agent)

    assert parcel.status == Parcel.Status.COLLECTED
    assert set(order.fulfilments.values_list("status", flat=True)) == {Fulfilment.Status.DELIVERED}
    assert Payout.objects.count() == 2
    assert set(Payout.objects.values_list("status", flat=True)) == {Payout.Status.SENT}
    assert len(stripe_fake.transfers) == 2
    assert sorted(r.idempotency_key for r in transfers_to(stripe_fake)) == sorted(
        f"payout-{order.number}-{merchant.pk}" for merchant in (bakery, books)
    )


def test_a_parcel_collected_at_the_shop_is_delivered_and_paid_when_the_merchant_hands_it_over(
    shops, paid_order, stripe_fake, django_capture_on_commit_callbacks
):
    bakery, books, products = shops
    order, _charge = paid_order([(products["baguette"], 2)], shipping_code="click-and-collect")
    fulfilment = order.fulfilments.get(merchant=bakery)
    fulfilment_accept(fulfilment=fulfilment, by=None)
    fulfilment_mark_ready(fulfilment=fulfilment, by=None)
    assert not Payout.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        fulfilment = fulfilment_hand_over(fulfilment=fulfilment, by=None)

    assert fulfilment.status == Fulfilment.Status.DELIVERED
    payout = Payout.objects.get()
    assert (payout.merchant, payout.gross) == (bakery, Decimal("2.60"))
    assert len(transfers_to(stripe_fake)) == 1


def test_a_parcel_handed_to_the_round_is_not_delivered_yet(shops, paid_order):
    bakery, books, products = shops
    order, _charge = paid_order([(products["baguette"], 1)], shipping_code="home-delivery")
    fulfilment = order.fulfilments.get(merchant=bakery)
    fulfilment_accept(fulfilment=fulfilment, by=None)
    fulfilment_mark_ready(fulfilment=fulfilment, by=None)
    fulfilment = fulfilment_hand_over(fulfilment=fulfilment, by=None)
    assert fulfilment.status == Fulfilment.Status.HANDED_OVER
    assert not Payout.objects.exists()


def test_a_cancelled_fulfilment_is_never_delivered_nor_paid(shops, paid_order, monkeypatch):
    _patch_refund_send(monkeypatch)
    bakery, books, products = shops
    order, _charge = paid_order([(products["baguette"], 1)])
    refunds.order_cancel(order=order, by=None)

    with pytest.raises(Exception, match="annulée"):
        fulfilment_mark_delivered(fulfilment=order.fulfilments.get(), by=None)
    assert not Payout.objects.exists()


@pytest.mark.parametrize("status", ["new", "accepted", "ready"])
def test_a_part_still_at_the_shop_is_never_delivered_nor_paid(shops, paid_order, status):
    bakery, books, products = shops
    order, _charge = paid_order([(products["baguette"], 1)])
    fulfilment = order.fulfilments.get()
    Fulfilment.objects.filter(pk=fulfilment.pk).update(status=status)

    with pytest.raises(ValidationError, match="remis"):
        fulfilment_mark_delivered(fulfilment=fulfilment, by=None)

    fulfilment.refresh_from_db()
    assert fulfilment.status == status
    assert not Payout.objects.exists()
    assert not order.notes.filter(note_type="Livraison").exists()


def test_an_order_is_delivered_only_when_every_part_left_its_shop(shops, paid_order):
    bakery, books, products = shops
    order, _charge = paid_order([(products["baguette"], 1), (products["roman"], 1)])
    Fulfilment.objects.filter(order=order, merchant=bakery).update(status=Fulfilment.Status.HANDED_OVER)

    with pytest.raises(ValidationError, match="Librairie des Quais"):
        payouts.fulfilments_mark_delivered_for_order(order=order, by=None)

    assert dict(order.fulfilments.values_list("merchant", "status")) == {
        bakery.pk: Fulfilment.Status.HANDED_OVER,
        books.pk: Fulfilment.Status.NEW,
    }
    assert not Payout.objects.exists()


# Sending, failing, retrying.


def test_a_payout_waits_for_the_merchants_account_then_goes_on_retry(
    shops, paid_order, stripe_fake, django_capture_on_commit_callbacks
):
    bakery, books, products = shops
    account = bakery.payout_account
    account.stripe_account_id = stripe_fake.account_add(payouts_enabled=False)
    account.payouts_enabled = False
    account.save()
    order, _charge = paid_order([(products["baguette"], 1)])

    with django_capture_on_commit_callbacks(execute=True):
        deliver(fulfilment=order.fulfilments.get(), by=None)

    payout = Payout.objects.get()
    assert (payout.status, payout.last_error) == (Payout.Status.PENDING, "compte de versement non activé")
    assert transfers_to(stripe_fake) == []

    assert payouts.payouts_retry_pending() == 0  # not a minute old yet
    stripe_fake.account_complete_onboarding(account.stripe_account_id)
    Payout.objects.update(created_at=timezone.now() - timedelta(minutes=2))
    assert payouts.payouts_retry_pending() == 1

    payout.refresh_from_db()
    account.refresh_from_db()
    assert payout.status == Payout.Status.SENT and payout.last_error == ""
    assert account.payouts_enabled
    assert len(stripe_fake.transfers) == 1


def test_a_merchant_without_an_account_stays_pending(shops, paid_order, stripe_fake):
    bakery, books, products = shops
    PayoutAccount.objects.filter(merchant=bakery).delete()
    order, _charge = paid_order([(products["baguette"], 1)])
    deliver(fulfilment=order.fulfilments.get(), by=None)

    assert payouts.payout_send(payout_id=Payout.objects.get().pk) is False
    payout = Payout.objects.get()
    assert (payout.status, payout.last_error, payout.attempts) == (
        "pending",
        "compte de versement non activé",
        0,
    )
    assert stripe_fake.requests == []


def test_an_order_placed_before_online_payment_fails_clearly_without_calling_stripe(shops, stripe_fake):
    bakery, books, products = shops
    order = make_order([(products["baguette"], 1)], paid=False)
    deliver(fulfilment=order.fulfilments.get(), by=None)
    payout = Payout.objects.get()

    assert payouts.payout_send(payout_id=payout.pk) is False

    payout.refresh_from_db()
    assert payout.status == Payout.Status.FAILED
    assert "sans paiement Stripe" in payout.last_error
    assert stripe_fake.requests == []
    Payout.objects.update(created_at=timezone.now() - timedelta(minutes=2))
    assert payouts.payouts_retry_pending() == 0  # nothing a retry could change


def test_a_crash_after_stripe_accepted_the_transfer_never_pays_twice(
    shops, paid_order, stripe_fake, monkeypatch, django_capture_on_commit_callbacks
):
    bakery, books, products = shops
    order, _charge = paid_order([(products["roman"], 1)])
    real_transfer_create = stripe_gateway.transfer_create

    def accepted_then_crash(**kwargs):
        real_transfer_create(**kwargs)
        raise RuntimeError("worker lost between Stripe's answer and our write")

    monkeypatch.setattr(stripe_gateway, "transfer_create", accepted_then_crash)
    deliver(fulfilment=order.fulfilments.get(), by=None)
    payout = Payout.objects.get()

    with pytest.raises(payouts.PayoutNotSent):
        payouts.payout_send(payout_id=payout.pk)

    payout.refresh_from_db()
    assert (payout.status, payout.stripe_transfer_id, payout.attempts) == (Payout.Status.FAILED, "", 1)
    assert "worker lost" in payout.last_error
    assert len(stripe_fake.transfers) == 1  # Stripe did pay

    monkeypatch.setattr(stripe_gateway, "transfer_create", real_transfer_create)
    Payout.objects.update(created_at=timezone.now() - timedelta(minutes=2))
    assert payouts.payouts_retry_pending() == 1

    payout.refresh_from_db()
    [transfer] = stripe_fake.transfers.values()
    assert (payout.status, payout.stripe_transfer_id, payout.attempts) == (
        Payout.Status.SENT,
        transfer["id"],
        2,
    )
    requests = transfers_to(stripe_fake)
    assert len(requests) == 2
    assert {r.idempotency_key for r in requests} == {payout.idempotency_key}
    assert requests[0].params == requests[1].params
    assert payouts.payouts_retry_pending() == 0 and payouts.payout_send(payout_id=payout.pk) is True
    assert len(transfers_to(stripe_fake)) == 2  # a sent payout is never sent again


class ProcessKilled(BaseException):
    """Stands for the worker dying: no handler of ours runs, the transaction is rolled back."""


def test_a_worker_killed_after_stripe_accepted_leaves_the_payout_pending_and_the_retry_pays_once(
    shops, paid_order, stripe_fake, monkeypatch
):
    bakery, books, products = shops
    order, _charge = paid_order([(products["roman"], 1)])
    real_transfer_create = stripe_gateway.transfer_create

    def accepted_then_killed(**kwargs):
        real_transfer_create(**kwargs)
        raise ProcessKilled

    monkeypatch.setattr(stripe_gateway, "transfer_create", accepted_then_killed)
    deliver(fulfilment=order.fulfilments.get(), by=None)
    payout = Payout.objects.get()
    with pytest.raises(ProcessKilled):
        payouts.payout_send(payout_id=payout.pk)

    payout.refresh_from_db()
    assert (payout.status, payout.attempts, payout.stripe_transfer_id) == (Payout.Status.PENDING, 0, "")
    monkeypatch.setattr(stripe_gateway, "transfer_create", real_transfer_create)
    Payout.objects.update(created_at=timezone.now() - timedelta(minutes=2))
    payouts.payouts_retry_pending()

    payout.refresh_from_db()
    assert payout.status == Payout.Status.SENT
    assert list(stripe_fake.transfers) == [payout.stripe_transfer_id]


def test_an_answer_lost_on_the_network_is_retried_with_the_same_key_and_pays_once(
    shops, paid_order, stripe_fake
):
    bakery, books, products = shops
    order, _charge = paid_order([(products["roman"], 1)])
    deliver(fulfilment=order.fulfilments.get(), by=None)
    stripe_fake.drop_transfer_responses = 1
    payout = Payout.objects.get()

    assert payouts.payout_send(payout_id=payout.pk) is True

    payout.refresh_from_db()
    [transfer] = stripe_fake.transfers.values()
    assert payout.status == Payout.Status.SENT and payout.stripe_transfer_id == transfer["id"]
    requests = transfers_to(stripe_fake)
    assert len(requests) == 2 and {r.idempotency_key for r in requests} == {payout.idempotency_key}


def test_the_fake_refuses_a_reused_key_with_other_parameters_as_stripe_does(stripe_fake, settings):
    destination = stripe_fake.account_add()
    charge = stripe_fake.payment_intent_add(amount=2000)["latest_charge"]
    first = dict(
        destination=destination, source_transaction=charge, transfer_group="1", idempotency_key="payout-1-1"
    )
    transfer_id = stripe_gateway.transfer_create(amount=Decimal("10.00"), **first)
    assert stripe_gateway.transfer_create(amount=Decimal("10.00"), **first) == transfer_id
    import stripe

    with pytest.raises(stripe.IdempotencyError):
        stripe_gateway.transfer_create(amount=Decimal("11.00"), **first)
    assert len(stripe_fake.transfers) == 1


# The merchant space: onboarding and the ledger.


def test_onboarding_creates_the_express_account_once_and_sends_the_merchant_to_stripe(client, stripe_fake):
    merchant = MerchantFactory(trade_name="Fromagerie Garonne", email="fromagerie@example.test")
    client.force_login(make_merchant_user(merchant))

    response = client.get(reverse("merchant-space:payouts"))
    assert response.status_code == 200
    assert "Configurer mes versements" in response.content.decode()

    response = client.post(reverse("merchant-space:payouts-onboarding"))

    account = PayoutAccount.objects.get(merchant=merchant)
    assert not account.payouts_enabled
    [create] = stripe_fake.requests_to("POST", "/v1/accounts")
    assert create.params == {
        "type": "express",
        "country": "FR",
        "email": "fromagerie@example.test",
        "business_profile[name]": "Fromagerie Garonne",
        "capabilities[transfers][requested]": "true",
    }
    [link] = stripe_fake.requests_to("POST", "/v1/account_links")
    assert link.params == {
        "account": account.stripe_account_id,
        "type": "account_onboarding",
        "refresh_url": "http://testserver/dashboard/commerce/versements/configurer/",
        "return_url": "http://testserver/dashboard/commerce/versements/?retour=1",
    }
    assert response.status_code == 302
    assert response["Location"].startswith(
        f"https://connect.stripe.test/setup/e/{account.stripe_account_id}/"
    )

    # The link expired: Stripe sends the merchant to refresh_url, which makes a new link for the same account.
    response = client.get(reverse("merchant-space:payouts-onboarding"))
    assert response.status_code == 302 and "connect.stripe.test" in response["Location"]
    assert len(stripe_fake.requests_to("POST", "/v1/accounts")) == 1
    assert len(stripe_fake.requests_to("POST", "/v1/account_links")) == 2

    stripe_fake.account_complete_onboarding(account.stripe_account_id)
    response = client.get(reverse("merchant-space:payouts") + "?retour=1")
    account.refresh_from_db()
    assert account.payouts_enabled
    assert "Votre compte Stripe est activé" in response.content.decode()
    assert "Configurer mes versements" not in response.content.decode()


def test_onboarding_when_stripe_is_down_says_so_without_an_error_page(client, settings):
    settings.STRIPE_CONNECT_API_BASE = "http://127.0.0.1:9"  # nothing listens there
    merchant = MerchantFactory()
    client.force_login(make_merchant_user(merchant))

    response = client.post(reverse("merchant-space:payouts-onboarding"), follow=True)

    assert response.status_code == 200
    assert "Stripe ne répond pas" in response.content.decode()
    assert not PayoutAccount.objects.exists()


def test_the_payout_pages_are_for_merchants_only(client):
    client.force_login(UserFactory())
    assert client.get(reverse("merchant-space:payouts")).status_code == 403
    assert client.get(reverse("merchant-space:payouts-export")).status_code == 403
    assert client.post(reverse("merchant-space:payouts-onboarding")).status_code == 403


@pytest.fixture
def ledger(shops, paid_order, stripe_fake, django_capture_on_commit_callbacks):
    """Bakery: two payouts this month (one sent, one pending) and one last month; books: one this month."""
    bakery, books, products = shops
    orders = []
    for items in (
        [(products["baguette"], 3), (products["tarte"], 1)],
        [(products["tarte"], 2), (products["roman"], 1)],
    ):
        order, _charge = paid_order(items)
        with django_capture_on_commit_callbacks(execute=True):
            for fulfilment in order.fulfilments.all():
                deliver(fulfilment=fulfilment, by=None)
        orders.append(order)
    old, _charge = paid_order([(products["baguette"], 1)])
    deliver(fulfilment=old.fulfilments.get(), by=None)
    last_month = timezone.localdate().replace(day=1) - timedelta(days=1)
    Payout.objects.filter(order=old).update(
        created_at=timezone.now().replace(year=last_month.year, month=last_month.month, day=15)
    )
    Payout.objects.filter(order=orders[1], merchant=bakery).update(
        status=Payout.Status.PENDING, stripe_transfer_id="", sent_at=None
    )
    return bakery, books, orders, old


def test_the_ledger_shows_the_months_payouts_and_totals_of_this_merchant_only(
    client, ledger, django_assert_max_num_queries
):
    bakery, books, orders, old = ledger
    client.force_login(make_merchant_user(bakery))

    with django_assert_max_num_queries(20):
        response = client.get(reverse("merchant-space:payouts"))

    assert response.status_code == 200
    assert [p.order.number for p in response.context["payouts"]] == [orders[1].number, orders[0].number]
    statement = response.context["statement"]
    # 10.70 (0.54) and 13.60 (0.68)
    assert statement["gross"] == Decimal("24.30")
    assert statement["commission"] == Decimal("1.22")
    assert statement["amount"] == Decimal("23.08")
    assert statement["sent"] == Decimal("10.16")
    page = response.content.decode()
    assert "23,08" in page and old.number not in page
    assert not any(p.merchant_id == books.pk for p in response.context["payouts"])

    response = client.get(
        reverse("merchant-space:payouts")
        + f"?mois={timezone.localdate().replace(day=1) - timedelta(days=1):%Y-%m}"
    )
    assert [p.order.number for p in response.context["payouts"]] == [old.number]


def test_another_merchants_payouts_are_never_shown(client, ledger):
    bakery, books, orders, old = ledger
    client.force_login(make_merchant_user(books))

    response = client.get(reverse("merchant-space:payouts"))
    export = client.get(reverse("merchant-space:payouts-export")).content.decode("utf-8-sig")

    assert [p.merchant_id for p in response.context["payouts"]] == [books.pk]
    assert response.context["statement"]["gross"] == Decimal("21.00")
    assert orders[0].number not in response.content.decode() and orders[0].number not in export
    assert [row[0] for row in csv.reader(io.StringIO(export), delimiter=";")][1:] == [orders[1].number]


def test_the_csv_export_is_excel_ready_in_french(client, ledger):
    bakery, books, orders, old = ledger
    client.force_login(make_merchant_user(bakery))
    month = timezone.localdate()

    response = client.get(reverse("merchant-space:payouts-export") + f"?mois={month:%Y-%m}")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f'filename="versements-{bakery.slug}-{month:%Y-%m}.csv"' in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == payouts.CSV_COLUMNS
    sent = next(row for row in rows if row[0] == orders[0].number)
    assert sent[1] == f"{timezone.localdate():%d/%m/%Y}"
    assert sent[2:8] == ["10,70", "0,00", "0,54", "0,00", "10,16", "Versé"]
    assert sent[8].startswith("tr_") and sent[9]
    pending = next(row for row in rows if row[0] == orders[1].number)
    assert pending[2:8] == ["13,60", "0,00", "0,68", "0,00", "12,92", "À verser"] and pending[8:] == ["", ""]
    assert len(rows) == 3


def test_a_malformed_month_gets_a_clear_400(client, ledger):
    bakery, books, orders, old = ledger
    client.force_login(make_merchant_user(bakery))

    response = client.get(reverse("merchant-space:payouts") + "?mois=mars")
    assert response.status_code == 400
    assert "Mois invalide" in response.content.decode()
    response = client.get(reverse("merchant-space:payouts-export") + "?mois=2026-13")
    assert response.status_code == 400
    assert "Mois invalide" in response.content.decode()


def _patch_refund_send(monkeypatch):
    from payments import tasks

    class Task:
        name = "payments.tasks.refund_send"

        def apply_async(self, **options):
            pass

    monkeypatch.setattr(tasks, "refund_send", Task())


def test_merchant_for_user_is_the_users_approved_merchant_not_the_lowest_id(client):
    from merchants.models import Merchant

    refused = MerchantFactory(trade_name="Ancienne candidature", status=Merchant.Status.REJECTED)
    user = make_merchant_user(refused)
    approved = MerchantFactory(trade_name="Épicerie approuvée")
    approved.partner.users.add(user)
    suspended = MerchantFactory(trade_name="Commerce suspendu", status=Merchant.Status.SUSPENDED)
    suspended.partner.users.add(user)
    assert refused.pk < approved.pk
    assert payouts.merchant_for_user(user=user) == approved

    client.force_login(user)
    html = client.get(reverse("dashboard:index")).content.decode()  # the merchant's own figures
    assert "Épicerie approuvée" in html and "Ancienne candidature" not in html

    Merchant.objects.filter(pk=approved.pk).update(status=Merchant.Status.SUSPENDED)
    assert payouts.merchant_for_user(user=user) is None
