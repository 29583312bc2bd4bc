"""Terms frozen at placement: the commission rate, who keeps the delivery fee and the returned-parcel refund policy
are copied onto the order when it is placed; changing them in the dashboard never re-prices a past order."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from core import roles
from merchants import services as merchant_services
from merchants.models import Payout
from payments import services as payment_services
from payments.models import Refund
from pickup import services as pickup_services
from pickup.models import Parcel
from shop.services import roles_ensure
from territory.models import OrderTerms, Territory
from territory.selectors import order_terms
from territory.services import territory_update
from tests.factories import UserFactory
from tests.payments.test_attempts import make_shop, start_checkout
from tests.pickup.factories import ContactPointFactory, make_counter_agent

Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db


@pytest.fixture
def defaults(settings):
    """The deployment's defaults, whatever the environment says."""
    settings.COMMISSION_RATE = "0.05"
    settings.DELIVERY_FEE_KEPT_BY = "municipality"
    settings.RETURNED_PARCEL_REFUND = "goods_only"
    return settings


@pytest.fixture
def mayor(client):
    roles_ensure()
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=roles.GROUP_NAMES[roles.MUNICIPALITY]))
    client.force_login(user)
    return user


def place(localstripe, *, product, quantity: int = 1, **options):
    """An order placed the way the checkout places it: paid card, then the placement from the attempt."""
    attempt = start_checkout(products=[product], quantity=quantity, **options)
    assert localstripe.pay(attempt.payment_intent_id)["status"] == "succeeded"
    return payment_services.payment_attempt_complete(attempt_id=attempt.pk)


def dashboard_sets_terms(client, **terms) -> None:
    territory = Territory.objects.get()
    response = client.post(
        reverse("shop-dashboard:territory"),
        {"name": territory.name, "primary_colour": "#1d4e89", "secondary_colour": "#f4a259", **terms},
    )
    assert response.status_code == 302


def deliver(fulfilment) -> None:
    for step in (
        merchant_services.fulfilment_accept,
        merchant_services.fulfilment_mark_ready,
        merchant_services.fulfilment_hand_over,
        merchant_services.fulfilment_mark_delivered,
    ):
        step(fulfilment=fulfilment, by=None)


def test_placing_an_order_copies_the_terms_in_force_onto_it(localstripe, defaults):
    product = make_shop()
    territory_update(
        territory=Territory.objects.get(),
        commission_rate=Decimal("7.50"),
        delivery_fee_kept_by="merchants",
        returned_parcel_refund="full",
    )

    order = place(localstripe, product=product)

    terms = OrderTerms.objects.get(order=order)
    assert (terms.commission_rate, terms.delivery_fee_kept_by, terms.returned_parcel_refund) == (
        Decimal("0.075"),
        "merchants",
        "full",
    )
    assert order_terms(order=order) == terms


def test_an_order_placed_under_the_defaults_keeps_them(localstripe, defaults):
    order = place(localstripe, product=make_shop())
    terms = order_terms(order=order)
    assert (terms.commission_rate, terms.delivery_fee_kept_by, terms.returned_parcel_refund) == (
        Decimal("0.05"),
        "municipality",
        "goods_only",
    )


def test_changing_the_commission_and_the_fee_policy_never_reprices_a_past_order(
    client, mayor, localstripe, defaults
):
    order = place(localstripe, product=make_shop(price=Decimal("6.80")), quantity=2)  # 13.60 + 4.90 delivery

    dashboard_sets_terms(client, commission_rate="12", delivery_fee_kept_by="merchants")
    deliver(order.fulfilments.get())

    payout = Payout.objects.get(order=order)
    # 5 % of 13.60 = 0.68, and the municipality keeps the delivery fee, as when the order was placed.
    assert (payout.gross, payout.commission, payout.amount) == (
        Decimal("13.60"),
        Decimal("0.68"),
        Decimal("12.92"),
    )
    later = place(localstripe, product=order.lines.get().product, quantity=2)
    deliver(later.fulfilments.get())
    payout = Payout.objects.get(order=later)
    # 12 % of 13.60 = 1.63, plus the whole 4.90 fee: the new terms apply to orders placed under them.
    assert (payout.commission, payout.amount) == (
        Decimal("1.63"),
        Decimal("13.60") - Decimal("1.63") + Decimal("4.90"),
    )


@pytest.mark.parametrize(
    ("placed_under", "changed_to", "refunded"),
    [
        ("goods_only", "full", Decimal("6.80")),
        ("full", "goods_only", Decimal("6.80") + Decimal("2.90")),
    ],
)
def test_changing_the_returned_parcel_policy_never_reprices_a_past_order(
    client, mayor, localstripe, defaults, placed_under, changed_to, refunded
):
    defaults.RETURNED_PARCEL_REFUND = placed_under
    point = ContactPointFactory()
    order = place(
        localstripe, product=make_shop(price=Decimal("6.80")), method="contact-point", pickup_point=point
    )
    assert order.shipping_incl_tax == Decimal("2.90")

    dashboard_sets_terms(client, returned_parcel_refund=changed_to)
    Parcel.objects.filter(order=order).update(status=Parcel.Status.EXPIRED, expired_at=timezone.now())
    pickup_services.parcel_return_to_merchant(
        parcel=Parcel.objects.get(order=order), by=make_counter_agent(contact_point=point)
    )

    refund = Refund.objects.get(order=order, reason=Refund.Reason.PARCEL_RETURNED)
    assert refund.amount == refunded


def test_an_order_without_a_snapshot_gets_the_terms_of_its_first_use_and_keeps_them(defaults):
    from tests.pickup.factories import make_pickup_order

    order = make_pickup_order()
    OrderTerms.objects.filter(order=order).delete()  # as if placed outside the checkout (admin, shell)
    defaults.COMMISSION_RATE = "0.06"

    assert order_terms(order=order).commission_rate == Decimal("0.06")
    defaults.COMMISSION_RATE = "0.09"
    assert order_terms(order=Order.objects.get(pk=order.pk)).commission_rate == Decimal("0.06")
    assert OrderTerms.objects.filter(order=order).count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_migration_freezes_todays_terms_onto_the_orders_placed_before_it(defaults):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("shop", "0008_territory_pickup_distance")]
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(before)
    try:
        old = executor.loader.project_state(before).apps
        old.get_model("shop", "Territory").objects.create(
            name="Val de Garonne", commission_rate=Decimal("7.50"), returned_parcel_refund="full"
        )
        old_order = old.get_model("order", "Order")
        numbers = ["900001", "900002"]
        for number in numbers:
            old_order.objects.create(
                number=number,
                currency="EUR",
                total_incl_tax=Decimal("10.00"),
                total_excl_tax=Decimal("9.00"),
                date_placed=timezone.now(),
            )
    finally:
        MigrationExecutor(connection).migrate(latest)

    frozen = OrderTerms.objects.filter(order__number__in=numbers).order_by("order__number")
    # The town's rate and refund policy; the fee policy it never set comes from the deployment's default.
    assert [
        (terms.order.number, terms.commission_rate, terms.delivery_fee_kept_by, terms.returned_parcel_refund)
        for terms in frozen
    ] == [(number, Decimal("0.075"), "municipality", "full") for number in numbers]
