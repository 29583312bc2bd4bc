"""The payment tasks moved from shop/ to payments/: what the outbox or the broker held under their old names
(shop.tasks.*) before the move still runs, with the same retries."""

from decimal import Decimal

import pytest
from django.utils.module_loading import import_string
from oscar.core.loading import get_model

from config.celery import app as celery_app
from core.models import OutboxMessage
from core.outbox import outbox_relay
from payments import tasks
from payments.models import PaymentAttempt
from tests.factories import home_territory

Basket = get_model("basket", "Basket")

pytestmark = pytest.mark.django_db

OLD_NAMES = {
    "shop.tasks.refund_send": tasks.refund_send,
    "shop.tasks.payment_attempt_notify_resident": tasks.payment_attempt_notify_resident,
    "shop.tasks.stock_holds_release_expired": tasks.stock_holds_release_expired,
}


@pytest.mark.parametrize("old_name", sorted(OLD_NAMES))
def test_the_worker_still_knows_each_payment_task_by_its_old_name_with_the_same_retries(old_name):
    celery_app.loader.import_default_modules()  # as a worker starts: each app's tasks module is discovered
    alias, task = celery_app.tasks[old_name], OLD_NAMES[old_name]
    assert import_string(old_name).name == old_name  # the outbox relay imports a row's task by its name
    assert task.name == old_name.replace("shop.tasks.", "payments.tasks.")
    retries = ("max_retries", "autoretry_for", "retry_backoff", "retry_backoff_max")
    assert [getattr(alias, name, None) for name in retries] == [getattr(task, name, None) for name in retries]


def test_an_outbox_row_written_under_an_old_name_before_the_move_still_runs_and_is_marked_done():
    attempt = PaymentAttempt.objects.create(
        territory=home_territory(),
        basket=Basket.objects.create(),
        order_number="100042",
        amount=Decimal("12.30"),
    )
    message = OutboxMessage.objects.create(
        task="shop.tasks.payment_attempt_notify_resident", kwargs={"attempt_id": attempt.pk}
    )

    assert outbox_relay() == 1

    message.refresh_from_db()
    assert message.done_at is not None  # ran: a pending attempt has nothing to tell
    assert not OutboxMessage.objects.filter(done_at__isnull=True).exists()
