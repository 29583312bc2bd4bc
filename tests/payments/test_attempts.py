"""Card payments against a real localstripe: one PaymentIntent per checkout, the order placed once from the
frozen checkout, declined cards, 3-D Secure, held stock, abandoned checkouts and refunds after a lost race."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_class, get_model

from merchants.models import Fulfilment
from payments import services
from payments.models import PaymentAttempt, Refund, StockHold
from pickup.models import OrderPickup
from tests.factories import (
    RESIDENT_ADDRESS,
    MerchantFactory,
    TerritoryFactory,
    UserFactory,
    france,
    make_product,
)
from tests.pickup.factories import ContactPointFactory
from tests.stripe_server import (
    CARD_DECLINED,
    CARD_DECLINED_AT_CHARGE,
    CARD_SUCCESS,
    CARD_THREE_D_SECURE,
    free_port,
    pay_at_preview,
)

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
    return services.payment_attempt_start(basket=basket, user=user, submission=submission)


pytestmark = pytest.mark.django_db


# Starting ------------------------------------------------------------------------------------------------


def test_start_freezes_the_checkout_holds_the_stock_and_opens_one_payment_intent(localstripe):
    product = make_shop(stock=5)
    resident = UserFactory()
    basket = make_basket(user=resident, products=[product], quantity=2)
    submission = make_submission(basket=basket, user=resident)

    attempt = services.payment_attempt_start(basket=basket, user=resident, submission=submission)

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

    again = services.payment_attempt_start(basket=basket, user=resident, submission=submission)
    assert (again.pk, again.payment_intent_id) == (attempt.pk, attempt.payment_intent_id)
    assert PaymentAttempt.objects.count() == 1 and StockHold.objects.count() == 1


def test_a_resident_is_told_before_paying_when_another_checkout_holds_the_last_unit(localstripe):
    product = make_shop(stock=1)
    start_checkout(products=[product])
    latecomer = UserFactory()
    basket = make_basket(user=latecomer, products=[product])
    submission = make_submission(basket=basket, user=latecomer)

    with pytest.raises(services.OutOfStock) as refused:
        services.payment_attempt_start(basket=basket, user=latecomer, submission=submission)

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
        order = services.payment_attempt_complete(attempt_id=attempt.pk)
    again = services.payment_attempt_complete(payment_intent_id=attempt.payment_intent_id)

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
    assert services.payment_attempt_notify_resident(attempt_id=attempt.pk) is False


def test_the_payment_intent_is_not_paid_yet_so_nothing_happens(localstripe):
    attempt = start_checkout(products=[make_shop()])
    assert services.payment_attempt_complete(attempt_id=attempt.pk) is None
    attempt.refresh_from_db()
    assert attempt.status == PaymentAttempt.Status.PENDING
    assert Order.objects.count() == 0


def test_three_d_secure_is_completed_before_the_order_is_placed(localstripe):
    attempt = start_checkout(products=[make_shop()])
    intent = localstripe.pay(attempt.payment_intent_id, card=CARD_THREE_D_SECURE)
    assert intent["status"] == "requires_action"
    assert services.payment_attempt_complete(attempt_id=attempt.pk) is None
    assert PaymentAttempt.objects.get(pk=attempt.pk).status == PaymentAttempt.Status.PENDING

    authenticated = localstripe.authenticate(attempt.payment_intent_id, client_secret=attempt.client_secret)
    assert authenticated["status"] == "succeeded"
    order = services.payment_attempt_complete(attempt_id=attempt.pk)
    assert order is not None and order.number == attempt.order_number


def test_a_failed_three_d_secure_keeps_the_basket(localstripe):
    attempt = start_checkout(products=[make_shop()])
    localstripe.pay(attempt.payment_intent_id, card=CARD_THREE_D_SECURE)
    localstripe.authenticate(attempt.payment_intent_id, client_secret=attempt.client_secret, success=False)

    assert services.payment_attempt_complete(attempt_id=attempt.pk) is None
    attempt.refresh_from_db()
    assert attempt.status == PaymentAttempt.Status.FAILED
    assert "authentification 3-D Secure non aboutie" in attempt.failure_message
    assert Basket.objects.get(pk=attempt.basket_id).status == Basket.OPEN


def test_a_declined_card_keeps_the_basket_and_says_why_then_a_retry_pays(localstripe):
    product = make_shop(stock=1)
    resident = UserFactory()
    basket = make_basket(user=resident, products=[product])
    submission = make_submission(basket=basket, user=resident)
    attempt = services.payment_attempt_start(basket=basket, user=resident, submission=submission)
    assert localstripe.pay(attempt.payment_intent_id, card=CARD_DECLINED_AT_CHARGE)["status"] == (
        "requires_payment_method"
    )

    assert services.payment_attempt_complete(attempt_id=attempt.pk) is None

    attempt.refresh_from_db()
    assert attempt.status == PaymentAttempt.Status.FAILED
    assert attempt.failure_message.startswith("Votre paiement n'a pas abouti (carte refusée par la banque)")
    basket.refresh_from_db()
    assert basket.status == Basket.OPEN and basket.num_items == 1
    assert not StockHold.objects.filter(released_at__isnull=True).exists()
    assert Order.objects.count() == 0

    # The resident tries again with another card: a new attempt, a new PaymentIntent, the last unit held again,
    # and the basket's plain order number, since no order was placed with it.
    retry = services.payment_attempt_start(basket=basket, user=resident, submission=submission)
    assert retry.pk != attempt.pk and retry.payment_intent_id != attempt.payment_intent_id
    assert retry.order_number == attempt.order_number == str(100000 + basket.pk)
    localstripe.pay(retry.payment_intent_id)
    order = services.payment_attempt_complete(attempt_id=retry.pk)
    assert order.number == str(100000 + basket.pk)


def test_a_pickup_order_records_its_contact_point(localstripe):
    point = ContactPointFactory(name="MARMANDE BUREAU")
    attempt = start_checkout(products=[make_shop()], method="contact-point", pickup_point=point)
    assert attempt.checkout["pickup"]["point_id"] == point.pk
    localstripe.pay(attempt.payment_intent_id)

    order = services.payment_attempt_complete(attempt_id=attempt.pk)

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

    assert services.stock_holds_release_expired() == 1

    attempt.refresh_from_db()
    assert attempt.status == PaymentAttempt.Status.EXPIRED
    assert Basket.objects.get(pk=attempt.basket_id).status == Basket.OPEN
    assert not StockHold.objects.filter(released_at__isnull=True).exists()
    assert Selector().strategy(user=UserFactory()).fetch_for_product(product).availability.is_available_to_buy
    assert services.stock_holds_release_expired() == 0


def test_a_checkout_paid_while_its_hold_ran_out_is_completed_not_expired(localstripe):
    attempt = start_checkout(products=[make_shop(stock=1)])
    localstripe.pay(attempt.payment_intent_id)
    expire_hold(attempt)

    assert services.stock_holds_release_expired() == 0

    attempt.refresh_from_db()
    assert attempt.status == PaymentAttempt.Status.SUCCEEDED and attempt.order is not None


def test_paying_after_the_last_unit_was_sold_refunds_in_full(localstripe, django_capture_on_commit_callbacks):
    product = make_shop(stock=1)
    slow = start_checkout(products=[product], user=UserFactory(email="lent@example.test"))
    expire_hold(slow)
    fast = start_checkout(products=[product])
    localstripe.pay(fast.payment_intent_id)
    assert services.payment_attempt_complete(attempt_id=fast.pk) is not None

    localstripe.pay(slow.payment_intent_id)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.payment_attempt_complete(payment_intent_id=slow.payment_intent_id) is None

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
    assert services.payment_attempt_complete(attempt_id=slow.pk) is None
    assert services.refund_send(refund_id=refund.pk) is False
    assert len(localstripe.refunds(slow.payment_intent_id)) == 1


def test_a_paid_expired_checkout_whose_stock_is_still_there_is_placed(localstripe):
    product = make_shop(stock=3)
    attempt = start_checkout(products=[product])
    expire_hold(attempt)
    services.stock_holds_release_expired()
    localstripe.pay(attempt.payment_intent_id)

    order = services.payment_attempt_complete(payment_intent_id=attempt.payment_intent_id)

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
        services.refund_send(refund_id=refund.pk)
    refund.refresh_from_db()
    assert refund.sent_at is None and refund.last_error

    settings.STRIPE_API_BASE = localstripe.url
    assert services.refund_send(refund_id=refund.pk) is True
    assert services.refund_send(refund_id=refund.pk) is False
    assert [item["amount"] for item in localstripe.refunds(attempt.payment_intent_id)] == [200]


def test_paying_an_abandoned_checkout_whose_basket_changed_since_refunds_it(localstripe):
    product = make_shop(stock=5)
    attempt = start_checkout(products=[product])
    expire_hold(attempt)
    services.stock_holds_release_expired()
    basket = Basket.objects.get(pk=attempt.basket_id)
    basket.strategy = Selector().strategy(user=attempt.user)
    basket.add_product(product, 1)  # back in the shop, the resident wants two now
    localstripe.pay(attempt.payment_intent_id)  # ... while the old payment page, still open, is paid

    assert services.payment_attempt_complete(payment_intent_id=attempt.payment_intent_id) is None

    attempt.refresh_from_db()
    assert attempt.status == PaymentAttempt.Status.REFUNDED
    assert Refund.objects.get(attempt=attempt).reason == Refund.Reason.PAYMENT_UNUSED
    assert Order.objects.count() == 0
    assert Basket.objects.get(pk=attempt.basket_id).status == Basket.OPEN


# The browser's steps: start, confirm, return ------------------------------------------------------------


def at_preview(client, *, products, resident=None):
    """A signed-in resident who put ``products`` in the basket and chose home delivery, on the order preview."""
    resident = resident or UserFactory(email="camille@example.test")
    client.force_login(resident)
    for product in products:
        assert (
            client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1}).status_code == 302
        )
    response = client.post(reverse("checkout:shipping-address"), {**RESIDENT_ADDRESS, "country": "FR"})
    assert response.status_code == 302
    assert (
        client.post(reverse("checkout:shipping-method"), {"method_code": "home-delivery"}).status_code == 302
    )
    assert client.get(reverse("checkout:preview")).status_code == 200
    return resident


def start(client):
    return client.post(reverse("checkout:payment-start"), HTTP_ACCEPT="application/json")


def confirm(client, started: dict):
    return client.post(
        reverse("checkout:payment-confirm"),
        {"attempt": started["attempt"], "setup_intent": started["setupIntent"]},
    )


def open_basket_lines(resident) -> list[tuple[str, int]]:
    """The resident's one open basket, as (product, quantity)."""
    basket = Basket.open.get(owner=resident)
    return sorted((line.product.get_title(), line.quantity) for line in basket.lines.all())


@pytest.mark.parametrize(
    "card",
    [CARD_DECLINED, CARD_DECLINED_AT_CHARGE],
    ids=["refused-when-saved", "declined-when-charged"],
)
def test_a_declined_card_says_why_in_french_keeps_the_basket_and_a_retry_pays_under_the_plain_number(
    client, localstripe, card
):
    product = make_shop()
    resident = at_preview(client, products=[product])
    started = start(client).json()
    localstripe.confirm_setup(started["setupIntent"], client_secret=started["setupSecret"], card=card)

    declined = confirm(client, started)

    assert declined.status_code == 402
    assert declined["Content-Type"] == "application/json"
    assert declined.json()["error"].startswith("Votre paiement n'a pas abouti (carte refusée par la banque)")
    assert "panier est conservé" in declined.json()["error"]
    attempt = PaymentAttempt.objects.get()
    assert attempt.status == PaymentAttempt.Status.FAILED
    assert open_basket_lines(resident) == [("Tomme des Pyrénées", 1)]
    assert not StockHold.objects.filter(released_at__isnull=True).exists()

    paid = pay_at_preview(client, localstripe)

    assert paid.status_code == 302 and paid["Location"].endswith(reverse("checkout:thank-you"))
    order = Order.objects.get()
    assert order.number == attempt.order_number == str(100000 + attempt.basket_id)
    assert [(line.title, line.quantity) for line in order.lines.all()] == [("Tomme des Pyrénées", 1)]
    retry = PaymentAttempt.objects.exclude(pk=attempt.pk).get()
    assert (retry.status, retry.order_number) == (PaymentAttempt.Status.SUCCEEDED, order.number)
    assert retry.payment_intent_id != attempt.payment_intent_id


def test_a_failed_three_d_secure_reported_by_the_browser_keeps_the_basket_and_a_retry_pays(
    client, localstripe
):
    """The decline arrives in the PaymentIntent's last_payment_error, not as an error of the confirm call."""
    resident = at_preview(client, products=[make_shop()])
    started = start(client).json()
    localstripe.confirm_setup(
        started["setupIntent"], client_secret=started["setupSecret"], card=CARD_THREE_D_SECURE
    )
    action = confirm(client, started).json()
    assert action["action"] is True
    intent_id = action["clientSecret"].split("_secret_")[0]
    localstripe.authenticate(intent_id, client_secret=action["clientSecret"], success=False)

    failed = confirm(client, started)  # what the page's script does when confirmCardPayment fails

    assert failed.status_code == 402
    assert "authentification 3-D Secure non aboutie" in failed.json()["error"]
    assert PaymentAttempt.objects.get().status == PaymentAttempt.Status.FAILED
    assert open_basket_lines(resident) == [("Tomme des Pyrénées", 1)]
    assert pay_at_preview(client, localstripe)["Location"].endswith(reverse("checkout:thank-you"))
    assert "-" not in Order.objects.get().number


def test_a_refusal_the_server_never_heard_of_gives_every_line_back_once_and_the_retry_pays(
    client, localstripe
):
    """The card was refused in the browser and the page's script never said so; meanwhile the resident browsed
    on, so Oscar's middleware gave them a new basket (it loads only open ones), and put more in it."""
    first, second = make_shop(), make_product(merchant=MerchantFactory(), title="Pruneaux d'Agen")
    resident = at_preview(client, products=[first])
    started = start(client).json()
    localstripe.confirm_setup(
        started["setupIntent"], client_secret=started["setupSecret"], card=CARD_DECLINED
    )
    for product in (first, second):
        assert (
            client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1}).status_code == 302
        )
    assert Basket.open.filter(owner=resident).count() == 1  # the new one: the paid-for basket is frozen

    # Back on the preview, the basket that was being paid for is there again, with the new lines merged in.
    preview = client.get(reverse("checkout:preview"))

    assert preview.status_code == 200
    assert open_basket_lines(resident) == [("Pruneaux d'Agen", 1), ("Tomme des Pyrénées", 1)]
    assert Basket.open.get(owner=resident).pk == PaymentAttempt.objects.get().basket_id
    assert PaymentAttempt.objects.get().status == PaymentAttempt.Status.EXPIRED
    paid = pay_at_preview(client, localstripe)
    assert paid["Location"].endswith(reverse("checkout:thank-you"))
    order = Order.objects.get()
    assert sorted((line.title, line.quantity) for line in order.lines.all()) == [
        ("Pruneaux d'Agen", 1),
        ("Tomme des Pyrénées", 1),
    ]
    assert order.number == str(100000 + PaymentAttempt.objects.get(order=order).basket_id)


def test_paying_again_at_once_after_an_unreported_refusal_starts_a_new_payment(client, localstripe):
    resident = at_preview(client, products=[make_shop()])
    started = start(client).json()
    localstripe.confirm_setup(
        started["setupIntent"], client_secret=started["setupSecret"], card=CARD_DECLINED
    )

    again = start(client)

    assert again.status_code == 200, again.content
    assert again.json()["attempt"] != started["attempt"]
    attempts = PaymentAttempt.objects.order_by("pk")
    assert [attempt.status for attempt in attempts] == [
        PaymentAttempt.Status.EXPIRED,
        PaymentAttempt.Status.PENDING,
    ]
    assert len({attempt.order_number for attempt in attempts}) == 1
    assert Basket.objects.get(pk=attempts[1].basket_id).status == Basket.FROZEN
    assert not Basket.open.filter(owner=resident).exclude(lines=None).exists()


def test_the_payment_start_answers_json_when_the_basket_is_empty(client, localstripe):
    make_shop()
    client.force_login(UserFactory())

    response = start(client)

    assert response.status_code == 409
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "error": "Vous devez ajouter des articles à votre panier pour procéder au paiement",
        "url": reverse("basket:summary"),
    }


def test_the_payment_start_names_the_products_out_of_stock(client, localstripe):
    product = make_shop(stock=1)
    at_preview(client, products=[product])
    start_checkout(products=[product])  # another resident's checkout now holds the last unit

    response = start(client)

    assert response.status_code == 409
    assert response.json()["products"] == ["Tomme des Pyrénées"]
    assert "Tomme des Pyrénées" in response.json()["error"]
    assert PaymentAttempt.objects.count() == 1


def test_the_payment_start_answers_503_and_keeps_the_basket_when_stripe_cannot_be_reached(
    client, localstripe, settings
):
    resident = at_preview(client, products=[make_shop()])
    settings.STRIPE_API_BASE = f"http://127.0.0.1:{free_port()}"  # nothing listens there

    response = start(client)

    assert response.status_code == 503
    assert response.json()["error"].startswith("Le paiement est momentanément indisponible")
    assert open_basket_lines(resident) == [("Tomme des Pyrénées", 1)]
    assert not PaymentAttempt.objects.filter(status=PaymentAttempt.Status.PENDING).exists()
    assert not StockHold.objects.filter(released_at__isnull=True).exists()

    settings.STRIPE_API_BASE = localstripe.url
    assert pay_at_preview(client, localstripe)["Location"].endswith(reverse("checkout:thank-you"))
    assert "-" not in Order.objects.get().number


def test_confirm_and_return_answer_cleanly_when_stripe_cannot_be_reached(client, localstripe, settings):
    at_preview(client, products=[make_shop()])
    started = start(client).json()
    localstripe.confirm_setup(started["setupIntent"], client_secret=started["setupSecret"])
    settings.STRIPE_API_BASE = f"http://127.0.0.1:{free_port()}"

    confirmed = confirm(client, started)
    returned = client.get(f"{reverse('checkout:payment-return')}?tentative={started['attempt']}")

    assert confirmed.status_code == 503
    assert confirmed.json()["error"].startswith("Le paiement est momentanément indisponible")
    assert (returned.status_code, returned["Location"]) == (302, reverse("checkout:preview"))
    assert PaymentAttempt.objects.get().status == PaymentAttempt.Status.PENDING
    settings.STRIPE_API_BASE = localstripe.url
    paid = confirm(client, started)
    assert paid.status_code == 200
    assert client.get(paid.json()["next"])["Location"].endswith(reverse("checkout:thank-you"))


def test_the_payment_steps_refuse_an_anonymous_caller(client, localstripe):
    attempt = start_checkout(products=[make_shop()])

    started = start(client)
    confirmed = client.post(
        reverse("checkout:payment-confirm"), {"attempt": attempt.pk, "setup_intent": "seti_x"}
    )
    returned = client.get(f"{reverse('checkout:payment-return')}?tentative={attempt.pk}")

    assert (started.status_code, confirmed.status_code) == (403, 403)
    assert confirmed.json()["error"] == "Connectez-vous pour payer votre commande."
    assert returned.status_code == 302 and returned["Location"].startswith(reverse("customer:login"))
    assert PaymentAttempt.objects.get().status == PaymentAttempt.Status.PENDING


def test_a_resident_can_pay_neither_anothers_attempt_nor_with_a_card_saved_for_another(client, localstripe):
    product = make_shop()
    theirs = start_checkout(products=[product])
    at_preview(client, products=[product])
    ours = start(client).json()
    localstripe.confirm_setup(ours["setupIntent"], client_secret=ours["setupSecret"])
    # A card saved for their checkout, by someone who knows its SetupIntent's id.
    their_setup, their_secret = services.payment_attempt_card_setup(attempt=theirs)
    localstripe.confirm_setup(their_setup, client_secret=their_secret)

    on_theirs = confirm(client, {"attempt": theirs.pk, "setupIntent": ours["setupIntent"]})
    with_their_card = confirm(client, {"attempt": ours["attempt"], "setupIntent": their_setup})
    not_an_id = confirm(client, {"attempt": "9" * 40, "setupIntent": "nonsense"})

    assert (on_theirs.status_code, with_their_card.status_code, not_an_id.status_code) == (404, 404, 404)
    assert on_theirs.json()["error"] == "Ce paiement est introuvable : rechargez la page."
    for attempt in PaymentAttempt.objects.all():
        assert localstripe.intent(attempt.payment_intent_id)["status"] == "requires_payment_method"
        assert attempt.status == PaymentAttempt.Status.PENDING
