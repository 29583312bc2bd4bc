from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from merchants import refunds
from merchants.models import Fulfilment
from payments.models import Refund
from pickup import services as pickup_services
from pickup.models import Parcel
from tests.factories import MerchantFactory, UserFactory, make_product
from tests.merchants.factories import make_order
from tests.pickup.factories import ContactPointFactory, make_counter_agent

Order = get_model("order", "Order")
Line = get_model("order", "Line")
Basket = get_model("basket", "Basket")
PaymentEvent = get_model("order", "PaymentEvent")

pytestmark = pytest.mark.django_db


@pytest.fixture
def refund_send(monkeypatch):
    """Stands for ``payments.tasks.refund_send``: records the refund ids the outbox relays to it, once the
    transaction commits."""
    from payments import tasks

    sent = []

    class Task:
        name = "payments.tasks.refund_send"

        def apply_async(self, *, kwargs, **options):
            sent.append(kwargs["refund_id"])

    monkeypatch.setattr(tasks, "refund_send", Task())
    return sent


@pytest.fixture
def shops():
    bakery = MerchantFactory(trade_name="Boulangerie du Marché")
    books = MerchantFactory(trade_name="Librairie des Quais")
    products = {
        "baguette": make_product(
            merchant=bakery, title="Baguette tradition", price=Decimal("1.30"), stock=20
        ),
        "tarte": make_product(merchant=bakery, title="Tarte aux prunes", price=Decimal("6.80"), stock=5),
        "roman": make_product(
            merchant=books, title="Roman du terroir", price=Decimal("21.00"), vat_rate=Decimal("5.50")
        ),
    }
    return bakery, books, products


def lines_of(order):
    return {line.title: line for line in order.lines.all()}


def test_an_unavailable_line_is_refunded_incl_vat_after_commit_and_the_resident_told(
    shops, refund_send, django_capture_on_commit_callbacks
):
    bakery, books, products = shops
    order = make_order([(products["baguette"], 3), (products["tarte"], 1), (products["roman"], 1)])
    fulfilment = order.fulfilments.get(merchant=bakery)
    baguette = lines_of(order)["Baguette tradition"]
    merchant_user = UserFactory()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        refund = refunds.fulfilment_lines_mark_unavailable(
            fulfilment=fulfilment, lines=[baguette], by=merchant_user
        )
        assert refund_send == []  # nothing leaves before the commit

    assert refund.amount == Decimal("3.90")
    assert refund.reason == Refund.Reason.LINE_UNAVAILABLE
    assert refund.idempotency_key == f"refund-{order.number}-line_unavailable-{baguette.pk}"
    assert refund.attempt == order.payment_attempt and refund.order == order
    assert refund_send == [refund.pk]
    assert len(callbacks) == 2
    event = PaymentEvent.objects.get(order=order)
    assert (event.event_type.name, event.amount, event.reference) == (
        "Remboursement",
        Decimal("3.90"),
        refund.idempotency_key,
    )
    assert [(q.line_id, q.quantity) for q in event.line_quantities.all()] == [(baguette.pk, 3)]
    assert order.notes.filter(user=merchant_user, message__contains="Baguette tradition").exists()
    [email] = mail.outbox
    assert email.to == [order.user.email]
    assert "3,90 €" in email.subject and order.number in email.subject
    assert "Article indisponible" in email.body and "3 × Baguette tradition" in email.body
    fulfilment.refresh_from_db()
    assert fulfilment.status == Fulfilment.Status.NEW  # the tart is still to prepare


def test_the_stock_of_an_unavailable_line_is_released_and_no_longer_sold(shops, refund_send):
    bakery, books, products = shops
    other = make_order([(products["baguette"], 2)])
    order = make_order([(products["baguette"], 3), (products["tarte"], 1)])
    stockrecord = products["baguette"].stockrecords.get()
    assert (stockrecord.num_in_stock, stockrecord.num_allocated) == (20, 5)

    baguette = lines_of(order)["Baguette tradition"]
    refunds.fulfilment_lines_mark_unavailable(
        fulfilment=order.fulfilments.get(merchant=bakery), lines=[baguette], by=None
    )

    # The merchant has no baguette for this order: its 3 units are no longer promised, and the record keeps
    # only the 2 still allocated to the other order, so nobody buys units that are not on the shelf.
    stockrecord.refresh_from_db()
    baguette.refresh_from_db()
    assert (stockrecord.num_in_stock, stockrecord.num_allocated) == (2, 2)
    assert baguette.allocation_cancelled and baguette.num_allocated == 0
    assert lines_of(other)["Baguette tradition"].num_allocated == 2


def test_declaring_the_same_line_again_refunds_nothing_and_a_wider_set_only_the_new_line(shops, refund_send):
    bakery, books, products = shops
    order = make_order([(products["baguette"], 3), (products["tarte"], 1), (products["roman"], 1)])
    fulfilment = order.fulfilments.get(merchant=bakery)
    lines = lines_of(order)
    baguette, tarte = lines["Baguette tradition"], lines["Tarte aux prunes"]

    first = refunds.fulfilment_lines_mark_unavailable(fulfilment=fulfilment, lines=[baguette], by=None)
    assert refunds.fulfilment_lines_mark_unavailable(fulfilment=fulfilment, lines=[baguette], by=None) is None
    second = refunds.fulfilment_lines_mark_unavailable(
        fulfilment=fulfilment, lines=[baguette, tarte], by=None
    )

    assert second.amount == Decimal("6.80")
    assert second.idempotency_key == f"refund-{order.number}-line_unavailable-{tarte.pk}"
    assert list(Refund.objects.order_by("pk")) == [first, second]
    assert refunds.refunded_amount(order=order) == Decimal("10.70")
    fulfilment.refresh_from_db()
    assert fulfilment.status == Fulfilment.Status.CANCELLED  # nothing left to prepare at the bakery


def test_a_merchant_cannot_declare_another_merchants_line_unavailable(shops, refund_send):
    bakery, books, products = shops
    order = make_order([(products["baguette"], 1), (products["roman"], 1)])
    roman = lines_of(order)["Roman du terroir"]

    with pytest.raises(ValidationError, match="ne fait pas partie de votre préparation"):
        refunds.fulfilment_lines_mark_unavailable(
            fulfilment=order.fulfilments.get(merchant=bakery), lines=[roman], by=None
        )
    assert not Refund.objects.exists() and not PaymentEvent.objects.exists()


def test_a_line_cannot_be_declared_unavailable_once_handed_over(shops, refund_send):
    bakery, books, products = shops
    order = make_order([(products["baguette"], 1)])
    fulfilment = order.fulfilments.get()
    Fulfilment.objects.filter(pk=fulfilment.pk).update(status=Fulfilment.Status.HANDED_OVER)

    with pytest.raises(ValidationError, match="Remise au livreur"):
        refunds.fulfilment_lines_mark_unavailable(fulfilment=fulfilment, lines=order.lines.all(), by=None)
    assert not Refund.objects.exists()


def test_when_nothing_of_the_order_is_left_the_delivery_fee_is_refunded_too(shops, refund_send):
    bakery, books, products = shops
    order = make_order([(products["tarte"], 2)], shipping=Decimal("4.90"))

    refund = refunds.fulfilment_lines_mark_unavailable(
        fulfilment=order.fulfilments.get(), lines=list(order.lines.all()), by=None
    )

    assert refund.amount == Decimal("13.60") + Decimal("4.90") == order.total_incl_tax


def test_cancelling_before_preparation_refunds_items_and_fee_and_releases_the_stock(
    shops, refund_send, django_capture_on_commit_callbacks
):
    bakery, books, products = shops
    order = make_order([(products["baguette"], 3), (products["roman"], 1)])
    resident = order.user

    with django_capture_on_commit_callbacks(execute=True):
        refund = refunds.order_cancel(order=order, by=resident)

    assert (refund.amount, refund.reason) == (
        Decimal("3.90") + Decimal("21.00") + Decimal("4.90"),
        "cancelled",
    )
    assert refund.amount == order.total_incl_tax
    assert refund.idempotency_key == f"refund-{order.number}-cancelled"
    assert refund_send == [refund.pk]
    assert set(order.fulfilments.values_list("status", flat=True)) == {Fulfilment.Status.CANCELLED}
    stockrecord = products["baguette"].stockrecords.get()
    assert (stockrecord.num_in_stock, stockrecord.num_allocated) == (20, 0)  # back on sale
    event = PaymentEvent.objects.get(order=order)
    assert event.amount == refund.amount and event.lines.count() == 2
    assert "Commande annulée avant préparation" in mail.outbox[0].body

    assert refunds.order_cancel(order=order, by=resident) == refund  # cancelling again changes nothing
    assert Refund.objects.count() == 1 and PaymentEvent.objects.count() == 1


def test_cancelling_after_a_line_was_refunded_refunds_only_the_rest(shops, refund_send):
    bakery, books, products = shops
    order = make_order([(products["baguette"], 3), (products["roman"], 1)])
    refunds.fulfilment_lines_mark_unavailable(
        fulfilment=order.fulfilments.get(merchant=bakery),
        lines=[lines_of(order)["Baguette tradition"]],
        by=None,
    )

    refund = refunds.order_cancel(order=order, by=None)

    assert refund.amount == Decimal("21.00") + Decimal("4.90")
    assert refunds.refunded_amount(order=order) == order.total_incl_tax


def test_an_order_whose_preparation_started_cannot_be_cancelled(shops, refund_send):
    bakery, books, products = shops
    order = make_order([(products["baguette"], 1), (products["roman"], 1)])
    Fulfilment.objects.filter(order=order, merchant=books).update(status=Fulfilment.Status.ACCEPTED)

    with pytest.raises(ValidationError, match="ne peut plus être annulée"):
        refunds.order_cancel(order=order, by=order.user)

    assert not Refund.objects.exists()
    assert set(order.fulfilments.values_list("status", flat=True)) == {"new", "accepted"}
    assert products["baguette"].stockrecords.get().num_allocated == 1


def returned_parcel(order):
    point = ContactPointFactory()
    agent = make_counter_agent(contact_point=point)
    parcel = Parcel.objects.create(order=order, contact_point=point, status=Parcel.Status.EXPIRED)
    return parcel, agent


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        ("goods_only", Decimal("3.90") + Decimal("21.00")),
        ("full", Decimal("3.90") + Decimal("21.00") + Decimal("2.90")),
    ],
)
def test_a_returned_parcel_is_refunded_per_the_municipality_policy(
    policy, expected, settings, shops, refund_send, django_capture_on_commit_callbacks
):
    settings.RETURNED_PARCEL_REFUND = policy
    bakery, books, products = shops
    order = make_order(
        [(products["baguette"], 3), (products["roman"], 1)],
        shipping=Decimal("2.90"),
        shipping_code="contact-point",
    )
    parcel, agent = returned_parcel(order)

    with django_capture_on_commit_callbacks(execute=True):
        pickup_services.parcel_return_to_merchant(parcel=parcel, by=agent)

    refund = Refund.objects.get()
    assert (refund.amount, refund.reason) == (expected, Refund.Reason.PARCEL_RETURNED)
    assert refund.idempotency_key == f"refund-{order.number}-parcel_returned"
    assert refund_send == [refund.pk]
    assert parcel.status == Parcel.Status.RETURNED


def test_a_returned_parcel_of_an_order_paid_before_online_payment_refunds_nothing(shops, refund_send):
    bakery, books, products = shops
    order = make_order([(products["baguette"], 1)], paid=False, shipping_code="contact-point")
    parcel, agent = returned_parcel(order)

    pickup_services.parcel_return_to_merchant(parcel=parcel, by=agent)

    assert parcel.status == Parcel.Status.RETURNED
    assert not Refund.objects.exists() and not PaymentEvent.objects.exists()


def test_a_lost_refund_email_is_sent_once_by_the_sweep(shops, refund_send):
    bakery, books, products = shops
    order = make_order([(products["baguette"], 1), (products["roman"], 1)])
    refund = refunds.order_cancel(order=order, by=None)  # its after-commit task never ran
    Refund.objects.filter(pk=refund.pk).update(created_at=timezone.now() - timezone.timedelta(minutes=11))

    assert refunds.refund_notices_send_pending() == 1
    assert refunds.refund_notices_send_pending() == 0
    assert len(mail.outbox) == 1


def test_the_resident_sees_each_refund_on_their_order_page(client, shops, refund_send):
    bakery, books, products = shops
    order = make_order([(products["baguette"], 3), (products["roman"], 1)])
    refunds.fulfilment_lines_mark_unavailable(
        fulfilment=order.fulfilments.get(merchant=bakery),
        lines=[lines_of(order)["Baguette tradition"]],
        by=None,
    )
    client.force_login(order.user)

    response = client.get(reverse("customer:order", kwargs={"order_number": order.number}))

    assert response.status_code == 200
    page = " ".join(response.content.decode().split())
    assert "Remboursement de 3,90 € le" in page
    assert "motif : Article indisponible" in page
    assert "3 × Baguette tradition" in page


def test_staff_see_the_refund_as_a_payment_event_in_the_dashboard(client, shops, refund_send):
    bakery, books, products = shops
    order = make_order([(products["baguette"], 3), (products["roman"], 1)])
    refund = refunds.fulfilment_lines_mark_unavailable(
        fulfilment=order.fulfilments.get(merchant=bakery),
        lines=[lines_of(order)["Baguette tradition"]],
        by=None,
    )
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.get(reverse("dashboard:order-detail", kwargs={"number": order.number}))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Remboursement" in page and refund.idempotency_key in page
    assert "Baguette tradition" in page


def test_a_recorded_refund_reaches_stripe_once_through_the_payment_task(
    localstripe, shops, django_capture_on_commit_callbacks
):
    from payments import stripe_gateway
    from payments.tasks import refund_send

    bakery, books, products = shops
    intent = stripe_gateway.payment_intent_create(
        amount=Decimal("29.80"), currency="EUR", order_number="pending", idempotency_key="test-refund-e2e"
    )
    assert localstripe.pay(intent.id)["status"] == "succeeded"
    order = make_order([(products["baguette"], 3), (products["roman"], 1)], intent_id=intent.id)
    assert order.total_incl_tax == Decimal("29.80")
    fulfilment = order.fulfilments.get(merchant=bakery)
    baguette = lines_of(order)["Baguette tradition"]

    with django_capture_on_commit_callbacks(execute=True):
        refund = refunds.fulfilment_lines_mark_unavailable(fulfilment=fulfilment, lines=[baguette], by=None)
    with django_capture_on_commit_callbacks(execute=True):
        refunds.fulfilment_lines_mark_unavailable(fulfilment=fulfilment, lines=[baguette], by=None)
    refund_send.delay(refund.pk)

    refund.refresh_from_db()
    [stripe_refund] = localstripe.refunds(intent.id)
    assert (stripe_refund["amount"], stripe_refund["id"]) == (390, refund.stripe_refund_id)
    assert refund.sent_at is not None


# A cancelled order leaves no parcel waiting at the point.


def contact_point_order(products):
    point = ContactPointFactory()
    order = make_order(
        [(products["baguette"], 3), (products["roman"], 1)],
        shipping=Decimal("2.90"),
        shipping_code="contact-point",
        point=point,
    )
    return pickup_services.parcel_create_for_order(order=order, contact_point=point)


def test_cancelling_the_order_cancels_its_parcel(shops, refund_send):
    bakery, books, products = shops
    parcel = contact_point_order(products)
    resident = parcel.order.user

    refunds.order_cancel(order=parcel.order, by=resident)

    parcel.refresh_from_db()
    assert parcel.status == "cancelled"
    event = parcel.events.last()
    assert (event.from_status, event.to_status, event.by) == ("awaiting", "cancelled", resident)
    refunds.order_cancel(order=parcel.order, by=resident)  # again: nothing more happens
    assert parcel.events.count() == 2
    agent = make_counter_agent(contact_point=parcel.contact_point)
    with pytest.raises(pickup_services.ParcelTransitionError):
        pickup_services.parcel_mark_ready(parcel=parcel, by=agent)


def test_when_every_line_becomes_unavailable_the_parcel_is_cancelled(shops, refund_send):
    bakery, books, products = shops
    parcel = contact_point_order(products)
    order = parcel.order

    refunds.fulfilment_lines_mark_unavailable(
        fulfilment=order.fulfilments.get(merchant=bakery),
        lines=[lines_of(order)["Baguette tradition"]],
        by=None,
    )
    parcel.refresh_from_db()
    assert parcel.status == Parcel.Status.AWAITING  # the book is still coming

    refunds.fulfilment_lines_mark_unavailable(
        fulfilment=order.fulfilments.get(merchant=books), lines=[lines_of(order)["Roman du terroir"]], by=None
    )
    parcel.refresh_from_db()
    assert parcel.status == "cancelled"
    assert refunds.refunded_amount(order=order) == order.total_incl_tax
