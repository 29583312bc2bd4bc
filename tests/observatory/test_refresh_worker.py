"""The observatory's refresh on a real Celery worker on Redis (issue 12, item 4): the task Celery beat sends every
few minutes is run by a separate `celery worker` process on the test database; the orders placed since appear in
the facts and in the rollups of their day, week, month and year; sent again, it changes nothing (idempotent)."""

import os
import time
import uuid

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from config.celery import app as celery_app
from observatory.models import Fact, RefreshState, Rollup
from observatory.periods import KINDS, Period
from observatory.tasks import observatory_refresh_all
from tests.celery_worker import celery_worker_process
from tests.factories import MerchantFactory, home_territory, make_product
from tests.merchants.factories import make_order


def wait_for(condition, *, seconds: int, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"the worker did not {what} within {seconds} s"
        time.sleep(0.3)


@pytest.mark.django_db(transaction=True)
def test_the_beat_refresh_runs_on_a_celery_worker_and_fills_the_rollups():
    if not (settings.REDIS_URL and connection.vendor == "postgresql"):
        if os.environ.get("CI"):
            pytest.fail("CI runs this test on PostgreSQL and Redis: set DATABASE_URL and REDIS_URL.")
        pytest.skip("needs PostgreSQL and Redis: a worker process cannot reach an in-memory database")
    beat = settings.CELERY_BEAT_SCHEDULE
    assert any(entry["task"] == observatory_refresh_all.name for entry in beat.values())

    territory = home_territory()
    merchants = [MerchantFactory(territory=territory) for _ in range(3)]
    orders = [make_order([(make_product(merchant=merchant), 2)]) for merchant in merchants]
    today = timezone.localdate()

    queue = f"comptoir-test-{uuid.uuid4().hex}"
    celery_app.conf.task_always_eager = False
    try:
        with celery_worker_process(queue=queue) as log:
            first = observatory_refresh_all.apply_async(queue=queue)
            wait_for(
                lambda: (
                    RefreshState.objects.filter(territory=territory, watermark__isnull=False).exists()
                    and Rollup.objects.filter(territory=territory, kind="day", start=today).exists()
                ),
                seconds=90,
                what="refresh the observatory",
            )
            before = RefreshState.objects.get(territory=territory).refreshed_at
            again = observatory_refresh_all.apply_async(queue=queue)
            wait_for(
                lambda: RefreshState.objects.get(territory=territory).refreshed_at > before,
                seconds=60,
                what="refresh a second time",
            )
    finally:
        celery_app.conf.task_always_eager = True
        with celery_app.connection_for_write() as broker:
            broker.default_channel.queue_delete(queue)

    succeeded = f"Task observatory.tasks.observatory_refresh_all[{first.id}] succeeded"
    assert succeeded in log.text, log.text[-4000:]
    facts = Fact.objects.filter(territory=territory)
    assert set(facts.values_list("order_id", flat=True)) == {order.pk for order in orders}
    goods = sum(line.line_price_incl_tax for order in orders for line in order.lines.all())
    assert sum(fact.revenue for fact in facts) == goods
    for kind in KINDS:
        period = Period.containing(kind, today)
        tables = Rollup.objects.filter(territory=territory, kind=kind, start=period.start)
        assert tables.filter(table="sales").exists(), kind
    # The second run found nothing new: the tables it would compute again are the same ones, none duplicated.
    assert Fact.objects.filter(territory=territory).count() == len(orders)
    assert Rollup.objects.filter(territory=territory, kind="day", start=today, table="sales").count() == 1
    assert f"Task observatory.tasks.observatory_refresh_all[{again.id}] succeeded" in log.text
