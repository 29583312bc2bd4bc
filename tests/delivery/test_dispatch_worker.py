"""The planning job on a real Celery worker on Redis (issue 11, item 9): shop.tasks.rounds_plan_day, sent to the
broker as the beat sends it, is run by a separate `celery worker` process on the test database, and the rounds it
writes are there for the dispatcher."""

import os
import time
import uuid
from datetime import datetime, timedelta
from datetime import time as clock

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from config.celery import app as celery_app
from delivery.models import Courier, PlanRun, Round, Stop, Vehicle, VehicleKind
from merchants.models import OpeningHours
from shop.tasks import rounds_plan_day
from tests.celery_worker import celery_worker_process
from tests.factories import MerchantFactory, UserFactory, home_territory, make_product
from tests.merchants.factories import make_order


@pytest.mark.django_db(transaction=True)
def test_the_planning_job_runs_on_a_celery_worker_on_redis_and_writes_the_rounds():
    if not (settings.REDIS_URL and connection.vendor == "postgresql"):
        if os.environ.get("CI"):
            pytest.fail("CI runs this test on PostgreSQL and Redis: set DATABASE_URL and REDIS_URL.")
        pytest.skip("needs PostgreSQL and Redis: a worker process cannot reach an in-memory database")
    territory = home_territory()
    tomorrow = timezone.localdate() + timedelta(days=1)
    merchant = MerchantFactory(territory=territory, hours=False, latitude=44.4995, longitude=0.1702)
    OpeningHours.objects.create(
        merchant=merchant, weekday=tomorrow.weekday(), opens_at=clock(8), closes_at=clock(19)
    )
    orders = [make_order([(make_product(merchant=merchant), 1)]) for _ in range(3)]
    ready = timezone.make_aware(datetime.combine(tomorrow, clock(10)))
    for order in orders:
        order.fulfilments.update(collection_at=ready)
    vehicle = Vehicle.objects.create(
        territory=territory,
        name="Utilitaire",
        kind=VehicleKind.ELECTRIC_VAN,
        capacity_parcels=30,
        capacity_litres=2000,
    )
    courier = Courier.objects.create(territory=territory, user=UserFactory(), vehicle=vehicle)

    queue = f"comptoir-test-{uuid.uuid4().hex}"
    celery_app.conf.task_always_eager = False
    try:
        with celery_worker_process(queue=queue) as log:
            result = rounds_plan_day.apply_async(kwargs={"days_ahead": 1}, queue=queue)
            deadline = time.monotonic() + 60
            while not PlanRun.objects.filter(territory=territory, day=tomorrow).exists():
                assert time.monotonic() < deadline, "the worker did not plan the day within 60 s"
                time.sleep(0.3)
    finally:
        celery_app.conf.task_always_eager = True
        with celery_app.connection_for_write() as broker:
            broker.default_channel.queue_delete(queue)

    # No result backend: the worker's log says the task succeeded and what it returned (the rounds planned).
    assert f"Task shop.tasks.rounds_plan_day[{result.id}] succeeded" in log.text, log.text[-4000:]
    assert ": 1\n" in log.text.split(f"rounds_plan_day[{result.id}] succeeded", 1)[1][:200]
    tour = Round.objects.get(day=tomorrow)
    assert tour.courier == courier and tour.territory == territory
    placed = set(tour.stops.exclude(kind=Stop.Kind.BREAK).values_list("fulfilment__order_id", flat=True))
    assert placed == {order.pk for order in orders}
    assert PlanRun.objects.get(day=tomorrow).unassigned == []
