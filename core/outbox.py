"""The outbox: a task that must follow a write is recorded in the write's own transaction, then relayed to Celery.

``outbox_enqueue`` writes the row and, once the transaction commits, tries to relay it at once. When the broker is
down the row stays pending, and ``outbox_relay`` (Celery beat every minute, or ``manage.py outbox_relay``) sends it
again until the broker answers. A relayed task carries its message's id in its task id; ``OutboxTask`` marks the
message done when the task succeeds, and pending again, after a backoff, when it fails for good (its retries
exhausted), so nothing is ever given up. Tasks are idempotent: a message relayed twice does its work once."""

import logging
import time
import uuid
from datetime import timedelta

import celery
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import import_string
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)

TASK_ID_PREFIX = "outbox-"
# After a failed publish this process leaves the broker alone that long on the commit path: a request that
# records several messages pays for one failure at most; the sweep relays them.
BROKER_DOWN_SECONDS = 5.0
_broker_down_until = 0.0
BACKOFF_FIRST_SECONDS = 30
BACKOFF_MAX_SECONDS = 3600


def _model():
    from core.models import OutboxMessage

    return OutboxMessage


def outbox_enqueue(*, task, **kwargs):
    """Records ``task(**kwargs)`` in the current transaction; it is relayed to Celery once the transaction
    commits (kwargs must be JSON: ids, not objects)."""
    name = task if isinstance(task, str) else task.name
    message = _model().objects.create(
        task=name, kwargs=kwargs, headers=task_context().headers(), available_at=timezone.now()
    )
    transaction.on_commit(lambda: _relay_after_commit(message_id=message.pk), robust=True)
    return message


def _backoff(relay_count: int) -> timedelta:
    return timedelta(seconds=min(BACKOFF_FIRST_SECONDS * 2 ** max(relay_count - 1, 0), BACKOFF_MAX_SECONDS))


def _claimable(now) -> Q:
    lease = timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)
    return Q(done_at__isnull=True, available_at__lte=now) & (
        Q(relayed_at__isnull=True) | Q(relayed_at__lt=now - lease)
    )


def _relay_after_commit(*, message_id: int) -> None:
    if not broker_is_down():
        outbox_relay_one(message_id=message_id)


def outbox_relay_one(*, message_id: int) -> bool:
    """Hands one pending message to Celery; True when the broker took it. Claimed by one UPDATE, so two
    relays never send the same message at once."""
    global _broker_down_until
    OutboxMessage = _model()
    now = timezone.now()
    claimed = (
        OutboxMessage.objects.filter(_claimable(now), pk=message_id).update(
            relayed_at=now, relay_count=F("relay_count") + 1
        )
        == 1
    )
    if not claimed:
        return False
    message = OutboxMessage.objects.get(pk=message_id)
    try:
        task = import_string(message.task)
        task.apply_async(
            kwargs=message.kwargs,
            headers=message.headers or None,
            task_id=f"{TASK_ID_PREFIX}{message.pk}-{uuid.uuid4().hex[:12]}",
            retry=False,
        )
    except Exception as error:  # noqa: BLE001 - a broker down, or in eager mode the task itself failing
        if isinstance(error, OperationalError):
            _broker_down_until = time.monotonic() + BROKER_DOWN_SECONDS
        outbox_release(message_id=message.pk, error=error)
        logger.warning(
            "Outbox message %s (%s) not relayed, kept for later: %r", message.pk, message.task, error
        )
        return False
    return True


def outbox_relay(*, limit: int = 500) -> int:
    """Relays the pending messages whose time has come, oldest first; returns how many the broker took."""
    ids = list(
        _model()
        .objects.filter(_claimable(timezone.now()))
        .order_by("available_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    relayed = 0
    for message_id in ids:
        if outbox_relay_one(message_id=message_id):
            relayed += 1
        elif broker_is_down():
            break  # the others would fail the same way: the next sweep tries again
    return relayed


def broker_is_down() -> bool:
    """Whether a publish failed for want of a broker in this process within BROKER_DOWN_SECONDS."""
    return time.monotonic() < _broker_down_until


def broker_down_forget() -> None:
    global _broker_down_until
    _broker_down_until = 0.0


def outbox_release(*, message_id: int, error: BaseException) -> None:
    """Puts a message back to pending after a backoff: its relay or its task failed."""
    OutboxMessage = _model()
    message = OutboxMessage.objects.filter(pk=message_id, done_at__isnull=True).first()
    if message is None:
        return
    OutboxMessage.objects.filter(pk=message_id, done_at__isnull=True).update(
        relayed_at=None,
        available_at=timezone.now() + _backoff(message.relay_count),
        last_error=repr(error)[:500],
    )


def outbox_mark_done(*, message_id: int) -> None:
    """The message's task ran to the end."""
    _model().objects.filter(pk=message_id, done_at__isnull=True).update(done_at=timezone.now())


def message_id_from_task_id(task_id: str | None) -> int | None:
    if not task_id or not task_id.startswith(TASK_ID_PREFIX):
        return None
    number = task_id[len(TASK_ID_PREFIX) :].split("-", 1)[0]
    return int(number) if number.isascii() and number.isdigit() else None


def task_context():
    """What every task runs inside (``TASK_CONTEXT``: the territory's tenancy, which core does not know)."""
    return import_string(settings.TASK_CONTEXT)


class OutboxTask(celery.Task):
    """Every task of the project: it runs inside the context it was enqueued in (its territory), and when it was
    relayed from the outbox, its outcome is written back there."""

    def apply_async(self, args=None, kwargs=None, **options):
        headers = {**task_context().headers(), **(options.pop("headers", None) or {})}
        if headers:
            options["headers"] = headers
        return super().apply_async(args, kwargs, **options)

    def __call__(self, *args, **kwargs):
        headers = dict(getattr(self.request, "headers", None) or {})
        for name in task_context().header_names:
            value = self.request.get(name)
            if value is not None:
                headers.setdefault(name, value)
        with task_context().running(headers):
            return super().__call__(*args, **kwargs)

    def on_success(self, retval, task_id, args, kwargs):
        message_id = message_id_from_task_id(task_id)
        if message_id is not None:
            outbox_mark_done(message_id=message_id)

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        # Called once the task has given up (retries exhausted, or an error it does not retry).
        message_id = message_id_from_task_id(task_id)
        if message_id is not None:
            outbox_release(message_id=message_id, error=exc)
            logger.error(
                "Task %s failed for good; outbox message %s will be relayed again", self.name, message_id
            )
