"""The outbox (issue 9, item 5): what must follow a write is written with it, relayed once it commits, kept while
the broker is down or the task keeps failing, and never relayed twice at once. The Redis-down run on a real
worker is tests/shop/test_redis_down.py."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from config.celery import app as celery_app
from core.models import OutboxMessage
from core.outbox import (
    broker_down_forget,
    message_id_from_task_id,
    outbox_enqueue,
    outbox_relay,
    outbox_relay_one,
)
from tests.core import outbox_tasks
from tests.shop.test_redis_down import celery_broker
from tests.stripe_server import free_port

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_runs():
    outbox_tasks.runs.clear()
    outbox_tasks.failing["value"] = False
    yield
    outbox_tasks.failing["value"] = False


def test_a_rolled_back_write_leaves_no_message_and_runs_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ZeroDivisionError):
        with transaction.atomic():
            outbox_enqueue(task=outbox_tasks.record, number=1)
            1 / 0  # noqa: B018 - the write fails after the message was recorded
    assert not OutboxMessage.objects.exists()
    assert outbox_tasks.runs == []


def test_a_committed_message_runs_its_task_once_and_is_marked_done(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = outbox_enqueue(task=outbox_tasks.record, number=7)
        assert outbox_tasks.runs == []  # not before the commit
    message.refresh_from_db()
    assert outbox_tasks.runs == [7]
    assert message.task == "tests.core.outbox_tasks.record" and message.kwargs == {"number": 7}
    assert message.done_at is not None and message.relay_count == 1
    assert outbox_relay() == 0
    assert outbox_tasks.runs == [7]


def test_with_the_broker_down_the_message_waits_and_the_sweep_relays_it_once_the_broker_answers(
    django_capture_on_commit_callbacks,
):
    with celery_broker(f"redis://127.0.0.1:{free_port()}/0"):
        with django_capture_on_commit_callbacks(execute=True):
            message = outbox_enqueue(task=outbox_tasks.record, number=3)
        message.refresh_from_db()
        assert message.done_at is None and message.relayed_at is None
        assert "111" in message.last_error or "refused" in message.last_error.lower()
        assert message.available_at > timezone.now()
        assert outbox_relay() == 0  # still backing off
        OutboxMessage.objects.update(available_at=timezone.now())
        assert outbox_relay() == 0  # the broker is still down
    assert OutboxMessage.objects.get().relayed_at is None
    broker_down_forget()  # this process would leave the broker alone for a few seconds

    OutboxMessage.objects.update(available_at=timezone.now())
    assert outbox_relay() == 1  # the broker is back (here: tasks run in-process)
    message.refresh_from_db()
    assert outbox_tasks.runs == [3]
    assert message.done_at is not None and message.relay_count == 3


def test_a_task_that_exhausts_its_retries_stays_pending_and_the_sweep_runs_it_again(
    django_capture_on_commit_callbacks,
):
    outbox_tasks.failing["value"] = True
    with django_capture_on_commit_callbacks(execute=True):
        message = outbox_enqueue(task=outbox_tasks.record, number=5)
    message.refresh_from_db()
    assert message.done_at is None and message.relayed_at is None
    assert "mail server is down" in message.last_error
    assert message.available_at > timezone.now()

    outbox_tasks.failing["value"] = False
    OutboxMessage.objects.update(available_at=timezone.now())
    assert outbox_relay() == 1
    message.refresh_from_db()
    assert message.done_at is not None
    assert outbox_tasks.runs == [5]


def test_a_message_is_claimed_by_one_relay_at_a_time_and_a_lost_task_is_relayed_after_its_lease(settings):
    celery_app.conf.task_always_eager = False
    try:
        with celery_broker("memory://"):
            message = OutboxMessage.objects.create(
                task="tests.core.outbox_tasks.record", kwargs={"number": 9}
            )
            assert outbox_relay_one(message_id=message.pk) is True
            assert outbox_relay_one(message_id=message.pk) is False
            assert outbox_relay() == 0
            # No worker ever finished it: once the lease is over, the sweep relays it again.
            OutboxMessage.objects.update(
                relayed_at=timezone.now() - timedelta(seconds=settings.OUTBOX_LEASE_SECONDS + 1)
            )
            assert outbox_relay() == 1
    finally:
        celery_app.conf.task_always_eager = True
    message.refresh_from_db()
    assert message.relay_count == 2 and message.done_at is None
    assert outbox_tasks.runs == []


def test_only_outbox_task_ids_name_a_message():
    assert message_id_from_task_id("outbox-42-0123abcd") == 42
    assert message_id_from_task_id("4f1c2b7e-5d1a-4a63-9c2e-3f3f0c1a9b11") is None
    assert message_id_from_task_id(None) is None
    assert message_id_from_task_id("outbox-x-1") is None
