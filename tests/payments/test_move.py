"""The payments' move out of the shop app keeps their rows and their permissions: only Django's state moved."""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("shop", "0010_move_territory_out"), ("payments", None)]


@pytest.mark.django_db(transaction=True)
def test_the_payments_rows_and_their_permissions_survive_the_move_to_their_own_app():
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(BEFORE)
    try:
        old = executor.loader.project_state(
            [
                ("shop", "0010_move_territory_out"),
                ("basket", "0012_line_code"),
                ("contenttypes", "0002_remove_content_type_name"),
                ("auth", "0012_alter_user_first_name_max_length"),
            ]
        ).apps
        basket = old.get_model("basket", "Basket").objects.create()
        attempt = old.get_model("shop", "PaymentAttempt").objects.create(
            basket_id=basket.pk, order_number="100042", amount=Decimal("12.30"), status="succeeded"
        )
        old.get_model("shop", "Refund").objects.create(
            attempt=attempt, amount=Decimal("12.30"), reason="out_of_stock", idempotency_key="refund-100042"
        )
        old.get_model("shop", "StripeEvent").objects.create(
            event_id="evt_move", type="charge.refunded", payload={}
        )
        content_type = old.get_model("contenttypes", "ContentType").objects.get_or_create(
            app_label="shop", model="paymentattempt"
        )[0]
        permission = old.get_model("auth", "Permission").objects.get_or_create(
            content_type=content_type,
            codename="view_paymentattempt",
            defaults={"name": "Can view tentative de paiement"},
        )[0]
        group = old.get_model("auth", "Group").objects.create(name="Comptabilité (test du déplacement)")
        group.permissions.add(permission)
    finally:
        MigrationExecutor(connection).migrate(latest)

    from django.contrib.auth.models import Group

    from payments.models import PaymentAttempt, Refund, StripeEvent

    moved = PaymentAttempt.objects.get(order_number="100042")
    assert moved.status == PaymentAttempt.Status.SUCCEEDED
    assert list(Refund.objects.filter(attempt=moved).values_list("idempotency_key", flat=True)) == [
        "refund-100042"
    ]
    assert StripeEvent.objects.filter(event_id="evt_move").exists()
    group = Group.objects.get(name="Comptabilité (test du déplacement)")
    assert list(group.permissions.values_list("content_type__app_label", "codename")) == [
        ("payments", "view_paymentattempt")
    ]
