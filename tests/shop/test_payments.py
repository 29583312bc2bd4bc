"""Card payments against a real localstripe: one PaymentIntent per checkout, the order placed once from the
frozen checkout, declined cards, 3-D Secure, held stock, abandoned checkouts and refunds after a lost race."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone
from oscar.core.loading import get_class, get_model

from merchants.models import Fulfilment
from pickup.models import OrderPickup
from shop import payments
from shop.models import PaymentAttempt, Refund, StockHold
from tests.factories import MerchantFactory, TerritoryFactory, UserFactory, france, make_product
from tests.pickup.factories import ContactPointFactory
from tests.stripe_server import CARD_DECLINED_AT_CHARGE, CARD_SUCCESS, CARD_THREE_D_SECURE

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")
ShippingAddress = get_model("order", "ShippingAddress")
StockRecord = get_model("partner", "StockRecord")
Selector = get_class("partner.strategy", "Selector")
Repository = get_class("shipping.repository", "Repository")
OrderTotalCalculator = get_class("checkout.calculators", "OrderTotalCalculator")


# What the checkout views hand to the payment services ---------------------------------------------------


def make_shop(*, stock: int = 20, price: Decimal = Decimal("6.80")):
    """A territory, France as shipping country, one merchant and one product with ``stock`` units."""
    TerritoryFactory()
    france()
    merchant = MerchantFactory(trade_name="Fromagerie Garonne")
    return make_product(merchant=merchant, title="Tomme des Pyrénées", price=price, stock=stock)


def make_basket(*, user, products, quantity: int = 1):
    basket = Basket.objects.create(owner=user)
    basket.strategy = Selector().strategy(user=user)
    for product in products:
        basket.add_product(product, quantity)
    return basket


def make_submission(*, basket, user, method: str = "home-delivery", pickup_point=None) -> dict:
    """What Oscar's ``build_submission`` returns for this basket once the checkout steps are done."""
    address = ShippingAddress(
        first_name="Camille",
        last_name="Laborde",
        line1="8 rue Abel Boyé",
        line4="Marmande",
        postcode="47200",
        country_id="FR",
        phone_number="+33553930000",
    )
    methods = {item.code: item for item in Repository().get_shipping_methods(basket, shipping_addr=address)}
    shipping_method = methods[method]
    charge = shipping_method.calculate(basket)
    order_kwargs = {}
    if pickup_point is not None:
        order_kwargs = {"pickup_point": pickup_point, "pickup_distance_m": 820.4}
    return {
        "user": user,
        "basket": basket,
        "shipping_address": address,
        "shipping_method": shipping_method,
        "shipping_charge": charge,
        "order_total": OrderTotalCalculator().calculate(basket, charge),
        "billing_address": None,
        "surcharges": None,
        "order_kwargs": order_kwargs,
        "payment_kwargs": {},
    }


def start_checkout(*, products, user=None, quantity: int = 1, **submission_options) -> PaymentAttempt:
    user = user or UserFactory()
    basket = make_basket(user=user, products=products, quantity=quantity)
    submission = make_submission(basket=basket, user=user, **submission_options)
    return payments.payment_attempt_start(basket=basket, user=user, submission=submission)


pytestmark = pytest.mark.django_db


# Starting ------------------------------------------------------------------------------------------------


def test_start_freezes_the_checkout_holds_the_stock_and_opens_one_payment_intent(localstripe):
    product = make_shop(stock=5)
    resident = UserFactory()
    basket = make_basket(user=resident, products=[product], quantity=2)
    submission = make_submission(basket=basket, user=resident)

    attempt = payments.payment_attempt_start(basket=basket, user=resident, submission=submission)

    assert attempt.status == PaymentAttempt.Status.PENDING
    assert attempt.order_number == str(100000 + basket.pk)
    assert attempt.amount == Decimal("6.80") * 2 + Decimal("4.90")
    assert attempt.checkout["shipping_method"]["code"] == "home-delivery"
    assert attempt.checkout["shipping_address"]["postcode"] == "47200"
    assert attempt.checkout["total"]["incl_tax"] == str(attempt.amount)
    assert attempt.client_secret.startswith(attempt.payment_intent_id)
    basket.refresh_from_db()
    assert basket.status == Basket.FROZEN
    hold = StockHold.objects.get(attempt=attempt)
    assert (hold.stockrecord.product, hold.quantity, hold.released_at) == (product, 2, None)
    assert attempt.stock_held_until > timezone.now() + timedelta(minutes=14)

    intent = localstripe.intent(attempt.payment_intent_id)
    assert (intent["amount"], intent["currency"], intent["status"]) == (
        1850,
        "eur",
        "requires_payment_method",
    )
    assert intent["metadata"] == {"order_number": attempt.order_number}

    again = payments.payment_attempt_start(basket=basket, user=resident, submission=submission)
    assert (again.pk, again.payment_intent_id) == (attempt.pk, attempt.payment_intent_id)
    assert PaymentAttempt.objects.count() == 1 and StockHold.objects.count() == 1


def test_a_resident_is_told_before_paying_when_another_checkout_holds_the_last_unit(localstripe):
    product = make_shop(stock=1)
    start_checkout(products=[product])
    latecomer = UserFactory()
    basket = make_basket(user=latecomer, products=[product])
    submission = make_submission(basket=basket, user=latecomer)

    with pytest.raises(payments.OutOfStock) as refused:
        payments.payment_attempt_start(basket=basket, user=latecomer, submission=submission)

    assert "Tomme des Pyrénées" in refused.value.messages[0]
    assert refused.value.titles == ["Tomme des Pyrénées"]
    assert PaymentAttempt.objects.filter(basket=basket).count() == 0
    basket.refresh_from_db()
    assert basket.status == Basket.OPEN


def test_other_residents_see_held_units_as_unavailable_but_the_payer_does_not(localstripe):
    product = make_shop(stock=1)
    payer = UserFactory()
    start_checkout(products=[product], user=payer)

    other = Selector().strategy(user=UserFactory()).fetch_for_product(product)
    assert not other.availability.is_available_to_buy
    own = Selector().strategy(user=payer).fetch_for_product(product)
    assert own.availability.is_available_to_buy


# Paying --------------------------------------------------------------------------------------------------


def test_a_paid_checkout_becomes_one_order_with_its_payment(localstripe, django_capture_on_commit_callbacks):
    product = make_shop(stock=5)
    resident = UserFactory(email="camille@example.test")
    attempt = start_checkout(products=[product], user=resident, quantity=2)
    assert localstripe.pay(attempt.payment_intent_id, card=CARD_SUCCESS)["status"] == "succeeded"

    with django_capture_on_commit_callbacks(execute=True):
        order = payments.payment_attempt_complete(attempt_id=attempt.pk)
    again = payments.payment_attempt_complete(payment_intent_id=attempt.payment_intent_id)

    assert order is not None and again == order
    assert Order.objects.count() == 1
    assert order.number == attempt.order_number
    assert order.total_incl_tax == attempt.amount
    assert order.shipping_code == "home-delivery"
    assert order.shipping_address.line1 == "8 rue Abel Boyé"
    assert [(line.title, line.quantity) for line in order.lines.all()] == [("Tomme des Pyrénées", 2)]
    source = order.sources.get()
    assert (source.source_type.name, source.reference) == ("Stripe", attempt.payment_intent_id)
    assert source.amount_debited == attempt.amount
    event = order.payment_events.get()
    assert (event.event_type.name, event.amount, event.reference) == (
        "Paiement",
        attempt.amount,
        attempt.payment_intent_id,
    )
    assert Fulfilment.objects.filter(order=order).count() == 1
    attempt.refresh_from_db()
    assert (attempt.status, attempt.order) == (PaymentAttempt.Status.SUCCEEDED, order)
    assert not StockHold.objects.filter(attempt=attempt, released_at__isnull=True).exists()
    assert Basket.objects.get(pk=attempt.basket_id).status == Basket.SUBMITTED
    record = StockRecord.objects.get(product=product)
    assert (record.num_in_stock, record.num_allocated) == (5, 2)
    # The resident's confirmation, once.
    confirmations = [message for message in mail.outbox if message.to == ["camille@example.test"]]
    assert len(confirmations) == 1 and order.number in confirmations[0].subject
    assert attempt.resident_notified_at is not None
    assert payments.payment_attempt_notify_resident(attempt_id=attempt.pk) is False


def test_the_payment_intent_is_not_paid_yet_so_nothing_happens(localstripe):
    attempt = start_checkout(products=[make_shop()])
    assert payments.payment_attempt_complete(attempt_id=attempt.pk) is None
    attempt.refresh_from_db()
    assert attempt.status == PaymentAttempt.Status.PENDING
    assert Order.objects.count() == 0


def test_three_d_secure_is_completed_before_the_order_is_placed(localstripe):
    attempt = start_checkout(products=[make_shop()])
    intent = localstripe.pay(attempt.payment_intent_id, card=CARD_THREE_D_SECURE)
    assert intent["status"] == "requires_action"
    assert payments.payment_attempt_complete(attempt_id=attempt.pk) is None
    assert PaymentAttempt.objects.get(pk=attempt.pk).status == PaymentAttempt.Status.PENDING

    authenticated = localstripe.authenticate(attempt.payment_intent_id, client_secret=attempt.client_secret)
    assert authenticated["status"] == "succeeded"
    order = payments.payment_attempt_complete(attempt_id=attempt.pk)
    assert order is not None and order.number == attempt.order_number


def test_a_failed_three_d_secure_keeps_the_basket(localstripe):
    attempt = start_checkout(products=[make_shop()])
    localstripe.pay(attempt.payment_intent_id, card=CARD_THREE_D_SECURE)
    localstripe.authenticate(attempt.payment_intent_id, client_secret=attempt.client_secret, success=False)

    assert payments.payment_attempt_complete(attempt_id=attempt.pk) is None
    attempt.refresh_from_db()
    assert attempt.status == PaymentAttempt.Status.FAILED
    assert "authentication" in attempt.failure_message
    assert Basket.objects.get(pk=attempt.basket_id).status == Basket.OPEN


def test_a_declined_card_keeps_the_basket_and_says_why_then_a_retry_pays(localstripe):
    product = make_shop(stock=1)
    resident = UserFactory()
    basket = make_basket(user=resident, products=[product])
    submission = make_submission(basket=basket, user=resident)
    attempt = payments.payment_attempt_start(basket=basket, user=resident, submission=submission)
    assert localstripe.pay(attempt.payment_intent_id, card=CARD_DECLINED_AT_CHARGE)["status"] == (
        "requires_payment_method"
    )

    assert payments.payment_attempt_complete(attempt_id=attempt.pk) is None

    attempt.refresh_from_db()
    assert attempt.status == PaymentAttempt.Status.FAILED
    assert attempt.failure_message.startswith("Votre paiement n'a pas abouti")
    assert "Your card was declined." in attempt.failure_message
    basket.refresh_from_db()
    assert basket.status == Basket.OPEN and basket.num_items == 1
    assert not StockHold.objects.filter(released_at__isnull=True).exists()
    assert Order.objects.count() == 0

    # The resident tries again with another card: a new attempt, a new PaymentIntent, the last unit held again.
    retry = payments.payment_attempt_start(basket=basket, user=resident, submission=submission)
    assert retry.pk != attempt.pk and retry.payment_intent_id != attempt.payment_intent_id
    assert retry.order_number == f"{attempt.order_number}-2"
    localstripe.pay(retry.payment_intent_id)
    order = payments.payment_attempt_complete(attempt_id=retry.pk)
    assert order.number == retry.order_number


def test_a_pickup_order_records_its_contact_point(localstripe):
    point = ContactPointFactory(name="MARMANDE BUREAU")
    attempt = start_checkout(products=[make_shop()], method="contact-point", pickup_point=point)
    assert attempt.checkout["pickup"]["point_id"] == point.pk
    localstripe.pay(attempt.payment_intent_id)

    order = payments.payment_attempt_complete(attempt_id=attempt.pk)

    pickup = OrderPickup.objects.get(order=order)
    assert (pickup.contact_point, pickup.point_name, pickup.distance_m) == (point, "MARMANDE BUREAU", 820)
    assert order.shipping_code == "contact-point"


# Abandoned checkouts and lost races ----------------------------------------------------------------------


def expire_hold(attempt: PaymentAttempt) -> None:
    PaymentAttempt.objects.filter(pk=attempt.pk).update(
        stock_held_until=timezone.now() - timedelta(seconds=1)
    )


def test_an_abandoned_checkout_gives_its_stock_and_basket_back(localstripe):
    product = make_shop(stock=1)
    attempt = start_checkout(products=[product])
    expire_hold(attempt)

    assert payments.stock_holds_release_expired() == 1

    attempt.refresh_from_db()
    assert attempt.status == PaymentAttempt.Status.EXPIRED
    assert Basket.objects.get(pk=attempt.basket_id).status == Basket.OPEN
    assert not StockHold.objects.filter(released_at__isnull=True).exists()
    assert Selector().strategy(user=UserFactory()).fetch_for_product(product).availability.is_available_to_buy
    assert payments.stock_holds_release_expired() == 0


def test_a_checkout_paid_while_its_hold_ran_out_is_completed_not_expired(localstripe):
    attempt = start_checkout(products=[make_shop(stock=1)])
    localstripe.pay(attempt.payment_intent_id)
    expire_hold(attempt)

    assert payments.stock_holds_release_expired() == 0

    attempt.refresh_from_db()
    assert attempt.status == PaymentAttempt.Status.SUCCEEDED and attempt.order is not None


def test_paying_after_the_last_unit_was_sold_refunds_in_full(localstripe, django_capture_on_commit_callbacks):
    product = make_shop(stock=1)
    slow = start_checkout(products=[product], user=UserFactory(email="lent@example.test"))
    expire_hold(slow)
    fast = start_checkout(products=[product])
    localstripe.pay(fast.payment_intent_id)
    assert payments.payment_attempt_complete(attempt_id=fast.pk) is not None

    localstripe.pay(slow.payment_intent_id)
    with django_capture_on_commit_callbacks(execute=True):
        assert payments.payment_attempt_complete(payment_intent_id=slow.payment_intent_id) is None

    slow.refresh_from_db()
    assert slow.status == PaymentAttempt.Status.REFUNDED and slow.order is None
    assert "Tomme des Pyrénées" in slow.failure_message and "remboursés" in slow.failure_message
    refund = Refund.objects.get(attempt=slow)
    assert (refund.reason, refund.amount, refund.order) == (Refund.Reason.OUT_OF_STOCK, slow.amount, None)
    assert refund.sent_at is not None and refund.stripe_refund_id.startswith("re_")
    refunds = localstripe.refunds(slow.payment_intent_id)
    assert [(item["id"], item["amount"]) for item in refunds] == [(refund.stripe_refund_id, 1170)]
    assert Order.objects.count() == 1
    assert StockRecord.objects.get(product=product).num_allocated == 1
    notices = [message for message in mail.outbox if message.to == ["lent@example.test"]]
    assert len(notices) == 1 and "remboursé" in notices[0].subject
    assert "Tomme des Pyrénées" in notices[0].body

    # Replays change nothing: no second order, no second refund.
    assert payments.payment_attempt_complete(attempt_id=slow.pk) is None
    assert payments.refund_send(refund_id=refund.pk) is False
    assert len(localstripe.refunds(slow.payment_intent_id)) == 1


def test_a_paid_expired_checkout_whose_stock_is_still_there_is_placed(localstripe):
    product = make_shop(stock=3)
    attempt = start_checkout(products=[product])
    expire_hold(attempt)
    payments.stock_holds_release_expired()
    localstripe.pay(attempt.payment_intent_id)

    order = payments.payment_attempt_complete(payment_intent_id=attempt.payment_intent_id)

    assert order is not None
    assert Basket.objects.get(pk=attempt.basket_id).status == Basket.SUBMITTED


def test_a_refund_is_retried_until_stripe_takes_it(localstripe, settings):
    attempt = start_checkout(products=[make_shop()])
    localstripe.pay(attempt.payment_intent_id)
    refund = Refund.objects.create(
        attempt=attempt,
        amount=Decimal("2.00"),
        reason=Refund.Reason.CANCELLED,
        idempotency_key="refund-test-1",
    )
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"  # nothing listens there

    with pytest.raises(Exception):  # noqa: B017 - the task's autoretry catches whatever Stripe raises
        payments.refund_send(refund_id=refund.pk)
    refund.refresh_from_db()
    assert refund.sent_at is None and refund.last_error

    settings.STRIPE_API_BASE = localstripe.url
    assert payments.refund_send(refund_id=refund.pk) is True
    assert payments.refund_send(refund_id=refund.pk) is False
    assert [item["amount"] for item in localstripe.refunds(attempt.payment_intent_id)] == [200]


def test_paying_an_abandoned_checkout_whose_basket_changed_since_refunds_it(localstripe):
    product = make_shop(stock=5)
    attempt = start_checkout(products=[product])
    expire_hold(attempt)
    payments.stock_holds_release_expired()
    basket = Basket.objects.get(pk=attempt.basket_id)
    basket.strategy = Selector().strategy(user=attempt.user)
    basket.add_product(product, 1)  # back in the shop, the resident wants two now
    localstripe.pay(attempt.payment_intent_id)  # ... while the old payment page, still open, is paid

    assert payments.payment_attempt_complete(payment_intent_id=attempt.payment_intent_id) is None

    attempt.refresh_from_db()
    assert attempt.status == PaymentAttempt.Status.REFUNDED
    assert Refund.objects.get(attempt=attempt).reason == Refund.Reason.PAYMENT_UNUSED
    assert Order.objects.count() == 0
    assert Basket.objects.get(pk=attempt.basket_id).status == Basket.OPEN
