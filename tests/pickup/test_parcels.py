"""The parcel's life at the contact point: transitions, the code and its lock, notifications, retention jobs."""

import os
import threading
import time
import uuid
from contextlib import contextmanager
from datetime import datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import formats, timezone, translation

from config.celery import app as celery_app
from pickup import services, tasks
from pickup.checkout import opening_hours_text
from pickup.models import CodeAttempt, Parcel, ParcelEvent, PointCategory, RetentionPolicy, WeeklyOpening
from pickup.notifications import qr_payload, qr_png
from tests.celery_worker import celery_worker_process
from tests.pickup.factories import ContactPointFactory, make_counter_agent, make_parcel, make_pickup_order

Status = Parcel.Status
PARIS = ZoneInfo("Europe/Paris")

# action: (the only status it leaves from, the status it leads to)
ACTIONS = {
    "mark_ready": (Status.AWAITING, Status.READY),
    "hand_over": (Status.READY, Status.COLLECTED),
    "expire": (Status.READY, Status.EXPIRED),
    "return_to_merchant": (Status.EXPIRED, Status.RETURNED),
    "cancel": (Status.AWAITING, Status.CANCELLED),
}
STATUS_PHRASES = {
    Status.AWAITING: "encore en attente d'arrivée",
    Status.READY: "disponible au retrait",
    Status.COLLECTED: "déjà retiré",
    Status.EXPIRED: "hors délai de garde",
    Status.RETURNED: "déjà retourné au commerçant",
    Status.CANCELLED: "annulé",
}


class Clock:
    def __init__(self, start: datetime):
        self.now = start

    def advance(self, **delta) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@pytest.fixture
def clock():
    """Controls django.utils.timezone.now for the services, the models' auto dates and the tests."""
    current = Clock(datetime(2026, 3, 2, 10, 0, tzinfo=PARIS))
    with mock.patch("django.utils.timezone.now", side_effect=lambda: current.now):
        yield current


@pytest.fixture
def point():
    return ContactPointFactory(name="MARMANDE BUREAU", type="Bureau de Poste")


@pytest.fixture
def agent(point):
    return make_counter_agent(contact_point=point)


def parcel_in(status: str, *, point, agent, clock) -> tuple[Parcel, str]:
    """A parcel brought to ``status`` through the services, with its code (empty before it is ready)."""
    parcel = make_parcel(contact_point=point)
    if status == Status.AWAITING:
        return parcel, ""
    if status == Status.CANCELLED:
        return services.parcel_cancel(parcel=parcel, by=agent), ""
    code = services.parcel_mark_ready(parcel=parcel, by=agent)
    if status == Status.COLLECTED:
        services.parcel_hand_over(parcel=parcel, code=code, agent=agent)
    if status in (Status.EXPIRED, Status.RETURNED):
        clock.advance(days=30)
        services.parcel_expire(parcel=parcel)
    if status == Status.RETURNED:
        services.parcel_return_to_merchant(parcel=parcel, by=agent)
    assert parcel.status == status
    return parcel, code


def run(action: str, parcel: Parcel, *, code: str, agent, clock):
    if action == "mark_ready":
        return services.parcel_mark_ready(parcel=parcel, by=agent)
    if action == "hand_over":
        return services.parcel_hand_over(parcel=parcel, code=code or "000000", agent=agent)
    if action == "expire":
        clock.advance(days=30)
        return services.parcel_expire(parcel=parcel)
    if action == "cancel":
        return services.parcel_cancel(parcel=parcel, by=agent)
    return services.parcel_return_to_merchant(parcel=parcel, by=agent)


def test_the_parcels_life_is_declared_once_on_the_model():
    assert Parcel.TRANSITIONS == ACTIONS


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


@pytest.mark.django_db
@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("status", [status.value for status in Status])
def test_every_transition_is_allowed_only_from_its_status(status, action, point, agent, clock):
    parcel, code = parcel_in(status, point=point, agent=agent, clock=clock)
    from_status, to_status = ACTIONS[action]
    events_before = parcel.events.count()
    attempts_before = parcel.code_attempts.count()

    if status == from_status:
        run(action, parcel, code=code, agent=agent, clock=clock)
        parcel.refresh_from_db()
        assert parcel.status == to_status
        event = parcel.events.last()
        assert (event.from_status, event.to_status) == (from_status, to_status)
        assert event.by == (None if action == "expire" else agent)
        assert event.at == clock.now
        stamp = {
            "ready": "ready_at",
            "collected": "collected_at",
            "expired": "expired_at",
            "returned": "returned_at",
            "cancelled": "cancelled_at",
        }
        assert getattr(parcel, stamp[to_status]) == clock.now
    else:
        with pytest.raises(services.ParcelTransitionError) as refused:
            run(action, parcel, code=code, agent=agent, clock=clock)
        assert isinstance(refused.value, ValidationError)
        message = refused.value.messages[0]
        assert message.startswith(f"Ce colis est {STATUS_PHRASES[status]} : il ne peut pas être ")
        parcel.refresh_from_db()
        assert parcel.status == status
        assert parcel.events.count() == events_before
        assert parcel.code_attempts.count() == attempts_before


@pytest.mark.django_db
def test_a_collected_parcel_cannot_be_marked_ready_again(point, agent, clock):
    parcel, _code = parcel_in(Status.COLLECTED, point=point, agent=agent, clock=clock)
    with pytest.raises(services.ParcelTransitionError) as refused:
        services.parcel_mark_ready(parcel=parcel, by=agent)
    assert refused.value.messages == ["Ce colis est déjà retiré : il ne peut pas être marqué disponible."]


@pytest.mark.django_db
def test_a_ready_parcel_does_not_expire_before_its_date(point, agent, clock):
    parcel, _code = parcel_in(Status.READY, point=point, agent=agent, clock=clock)
    clock.advance(days=13, hours=23)
    with pytest.raises(services.ParcelTransitionError, match="ne peut pas encore être déclaré hors délai"):
        services.parcel_expire(parcel=parcel)
    parcel.refresh_from_db()
    assert parcel.status == Status.READY


@pytest.mark.django_db
def test_announcing_a_parcel_twice_changes_nothing(point):
    order = make_pickup_order()
    first = services.parcel_create_for_order(order=order, contact_point=point)
    again = services.parcel_create_for_order(order=order, contact_point=ContactPointFactory())
    assert again.pk == first.pk and again.contact_point == point
    assert first.status == Status.AWAITING
    assert list(first.events.values_list("from_status", "to_status")) == [("", "awaiting")]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("type_label", "days"),
    [("Bureau de Poste", 14), ("Agence Postale Communale", 14), ("Relais Poste Commerçant", 8)],
)
def test_retention_by_default_depends_on_the_point_category(type_label, days, agent, clock):
    point = ContactPointFactory(type=type_label)
    parcel = make_parcel(contact_point=point)
    services.parcel_mark_ready(parcel=parcel, by=agent)
    assert parcel.ready_at == clock.now
    assert parcel.expires_at == clock.now + timedelta(days=days)


@pytest.mark.django_db
def test_the_municipality_sets_a_category_retention_for_parcels_arriving_afterwards(agent, clock):
    relay = ContactPointFactory(type="Relais Poste Commerçant")
    bureau = ContactPointFactory(type="Bureau de Poste")
    earlier = make_parcel(contact_point=relay)
    services.parcel_mark_ready(parcel=earlier, by=agent)

    services.retention_policy_set(category=PointCategory.RELAY, days=5, reminder_days_before=1)
    assert services.retention_for_category(category=PointCategory.RELAY) == services.Retention(5, 1)
    assert services.retention_for_category(category=PointCategory.POST_OFFICE) == services.Retention(14, 2)

    later, at_bureau = make_parcel(contact_point=relay), make_parcel(contact_point=bureau)
    services.parcel_mark_ready(parcel=later, by=agent)
    services.parcel_mark_ready(parcel=at_bureau, by=agent)
    assert later.expires_at == clock.now + timedelta(days=5)
    assert at_bureau.expires_at == clock.now + timedelta(days=14)
    earlier.refresh_from_db()
    assert earlier.expires_at == clock.now + timedelta(days=8)

    services.retention_policy_set(category=PointCategory.RELAY, days=10, reminder_days_before=3)
    assert RetentionPolicy.objects.get(category=PointCategory.RELAY).days == 10


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("category", "days", "reminder"),
    [("inconnue", 8, 2), ("relais", 0, 0), ("relais", 91, 2), ("relais", 5, 5)],
)
def test_an_impossible_retention_is_refused(category, days, reminder):
    with pytest.raises(ValidationError):
        services.retention_policy_set(category=category, days=days, reminder_days_before=reminder)
    assert not RetentionPolicy.objects.exists()


@pytest.mark.django_db
def test_the_code_has_six_digits_and_only_a_keyed_hash_stays(
    point, agent, clock, django_capture_on_commit_callbacks
):
    parcel = make_parcel(contact_point=point)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        code = services.parcel_mark_ready(parcel=parcel, by=agent)
    assert len(code) == 6 and code.isdigit()
    parcel.refresh_from_db()
    assert code not in parcel.code_hash and code not in parcel.pending_code
    assert services.parcel_pending_code(parcel) == code

    for callback in callbacks:
        callback()
    parcel.refresh_from_db()
    assert parcel.pending_code == "" and services.parcel_pending_code(parcel) is None
    assert code not in parcel.code_hash
    assert services.parcel_check_code(parcel=parcel, code=wrong(code), agent=agent) is False
    assert services.parcel_check_code(parcel=parcel, code=code, agent=agent) is True
    assert list(parcel.code_attempts.values_list("succeeded", "refused_locked", "agent")) == [
        (False, False, agent.pk),
        (True, False, agent.pk),
    ]


@pytest.mark.django_db
def test_the_same_code_hashes_differently_for_two_parcels(point, agent, clock):
    first, second = make_parcel(contact_point=point), make_parcel(contact_point=point)
    with mock.patch("core.secret_codes.secrets.randbelow", return_value=42):
        assert services.parcel_mark_ready(parcel=first, by=agent) == "000042"
        assert services.parcel_mark_ready(parcel=second, by=agent) == "000042"
    assert first.code_hash != second.code_hash


@pytest.mark.django_db
def test_five_wrong_codes_lock_the_parcel_for_fifteen_minutes(point, agent, clock):
    parcel, code = parcel_in(Status.READY, point=point, agent=agent, clock=clock)
    for attempt in range(1, 5):
        with pytest.raises(services.ParcelCodeError) as refused:
            services.parcel_hand_over(parcel=parcel, code=wrong(code), agent=agent)
        assert refused.value.attempts_left == 5 - attempt
        assert refused.value.locked_until is None
    assert "il reste 1 essai avant le blocage" in refused.value.messages[0]

    with pytest.raises(services.ParcelCodeError) as locked:
        services.parcel_hand_over(parcel=parcel, code=wrong(code), agent=agent)
    lock_end = clock.now + timedelta(minutes=15)
    assert locked.value.locked_until == lock_end
    assert "bloqué jusqu'à 10:15" in locked.value.messages[0]
    parcel.refresh_from_db()
    assert parcel.locked_until == lock_end and parcel.failed_attempts == 5

    # During the lock even the right code is refused, without being compared, and the refusal is logged.
    clock.advance(minutes=14, seconds=59)
    with pytest.raises(services.ParcelCodeError, match="aucun code n'est vérifié avant 10:15"):
        services.parcel_hand_over(parcel=parcel, code=code, agent=agent)
    assert services.parcel_check_code(parcel=parcel, code=code, agent=agent) is False
    parcel.refresh_from_db()
    assert parcel.status == Status.READY

    attempts = list(
        CodeAttempt.objects.filter(parcel=parcel).values_list("succeeded", "refused_locked", "at")
    )
    assert [(succeeded, refused) for succeeded, refused, _at in attempts] == [(False, False)] * 5 + [
        (False, True)
    ] * 2
    assert attempts[-1][2] == clock.now

    clock.advance(seconds=1)
    services.parcel_hand_over(parcel=parcel, code=code, agent=agent)
    parcel.refresh_from_db()
    assert parcel.status == Status.COLLECTED
    assert parcel.failed_attempts == 0 and parcel.locked_until is None
    assert parcel.code_attempts.last().succeeded is True


@pytest.mark.django_db
def test_the_wrong_code_counter_restarts_after_the_lock_and_after_a_success(point, agent, clock):
    parcel, code = parcel_in(Status.READY, point=point, agent=agent, clock=clock)
    for _ in range(5):
        assert services.parcel_check_code(parcel=parcel, code=wrong(code), agent=agent) is False
    clock.advance(minutes=15)
    assert services.parcel_attempts_left(parcel) == 5
    for _ in range(4):
        assert services.parcel_check_code(parcel=parcel, code=wrong(code), agent=agent) is False
    parcel.refresh_from_db()
    assert parcel.locked_until is None and parcel.failed_attempts == 4
    assert services.parcel_check_code(parcel=parcel, code=code, agent=agent) is True
    parcel.refresh_from_db()
    assert parcel.failed_attempts == 0
    for _ in range(4):
        services.parcel_check_code(parcel=parcel, code=wrong(code), agent=agent)
    parcel.refresh_from_db()
    assert parcel.locked_until is None and services.parcel_attempts_left(parcel) == 1


@pytest.mark.django_db
def test_the_ready_email_carries_the_code_the_qr_code_the_point_and_the_last_day(
    point, agent, clock, django_capture_on_commit_callbacks
):
    WeeklyOpening.objects.bulk_create(
        [
            WeeklyOpening(contact_point=point, weekday=day, opens_at="09:00", closes_at="12:00")
            for day in range(5)
        ]
    )
    order = make_pickup_order(first_name="Élodie", last_name="Duprat", email="elodie@example.test")
    parcel = make_parcel(contact_point=point, order=order)
    with django_capture_on_commit_callbacks(execute=True):
        code = services.parcel_mark_ready(parcel=parcel, by=agent)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["elodie@example.test"]
    assert order.number in message.subject and point.name in message.subject
    with translation.override("fr"):
        last_day = formats.date_format(timezone.localtime(parcel.expires_at), "l j F Y")
    hours = opening_hours_text(point=point)
    assert hours.startswith("lun.–ven.")
    for text in (message.body, message.alternatives[0][0]):
        assert code in text
        assert "Élodie Duprat" in text
        assert point.name in text and point.full_address in text
        assert hours in text
        assert last_day in text
    assert last_day == "lundi 16 mars 2026"

    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    (image,) = message.attachments
    assert image.get_content_type() == "image/png"
    content_id = image["Content-ID"].strip("<>")
    assert f'src="cid:{content_id}"' in html
    assert image.get_payload(decode=True) == qr_png(qr_payload(order_number=order.number, code=code))
    assert qr_payload(order_number=order.number, code=code) == f"COMPTOIR:{order.number}:{code}"
    assert "multipart/related" in message.message().as_string()

    parcel.refresh_from_db()
    assert parcel.ready_notified_at == clock.now and parcel.pending_code == ""
    assert tasks.parcel_notify_ready(parcel.pk) is False
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_lost_ready_notification_is_sent_by_the_sweep(
    point, agent, clock, django_capture_on_commit_callbacks
):
    parcel = make_parcel(contact_point=point)
    with django_capture_on_commit_callbacks(execute=False):
        code = services.parcel_mark_ready(parcel=parcel, by=agent)
    assert tasks.parcels_notify_ready_pending() == 0
    clock.advance(minutes=10)
    assert tasks.parcels_notify_ready_pending() == 1
    assert tasks.parcels_notify_ready_pending() == 0
    assert len(mail.outbox) == 1 and code in mail.outbox[0].body


@pytest.mark.django_db
def test_the_reminder_goes_once_within_the_days_before_expiry(
    point, agent, clock, django_capture_on_commit_callbacks
):
    parcel = make_parcel(contact_point=point)
    collected = make_parcel(contact_point=point)
    with django_capture_on_commit_callbacks(execute=True):
        services.parcel_mark_ready(parcel=parcel, by=agent)
        code = services.parcel_mark_ready(parcel=collected, by=agent)
    services.parcel_hand_over(parcel=collected, code=code, agent=agent)
    mail.outbox.clear()

    clock.now = parcel.expires_at - timedelta(days=2, minutes=1)
    assert tasks.parcels_send_reminders() == 0
    clock.advance(minutes=1)
    assert tasks.parcels_send_reminders() == 1
    assert tasks.parcels_send_reminders() == 0
    clock.advance(days=1)
    assert tasks.parcels_send_reminders() == 0

    (reminder,) = mail.outbox
    assert parcel.order.number in reminder.subject
    assert "Rappel" in reminder.subject
    with translation.override("fr"):
        last_day = formats.date_format(timezone.localtime(parcel.expires_at), "l j F Y")
    assert last_day in reminder.body and last_day in reminder.alternatives[0][0]
    assert "code à 6 chiffres" in reminder.body
    parcel.refresh_from_db()
    assert parcel.reminder_sent_at == parcel.expires_at - timedelta(days=2)


@pytest.mark.django_db
def test_the_reminder_delay_follows_the_municipality_setting(
    agent, clock, django_capture_on_commit_callbacks
):
    services.retention_policy_set(category=PointCategory.RELAY, days=8, reminder_days_before=4)
    parcel = make_parcel(contact_point=ContactPointFactory(type="Relais Poste"))
    with django_capture_on_commit_callbacks(execute=True):
        services.parcel_mark_ready(parcel=parcel, by=agent)
    clock.advance(days=3, hours=23)
    assert tasks.parcels_send_reminders() == 0
    clock.advance(hours=1)
    assert tasks.parcels_send_reminders() == 1


@pytest.mark.django_db
def test_the_expiry_job_expires_only_overdue_ready_parcels(agent, clock):
    relay = ContactPointFactory(type="Relais Poste")
    bureau = ContactPointFactory(type="Bureau de Poste")
    at_relay, at_bureau = make_parcel(contact_point=relay), make_parcel(contact_point=bureau)
    awaiting = make_parcel(contact_point=relay)
    services.parcel_mark_ready(parcel=at_relay, by=agent)
    services.parcel_mark_ready(parcel=at_bureau, by=agent)

    clock.advance(days=8)
    assert tasks.parcels_expire_overdue() == 1
    assert tasks.parcels_expire_overdue() == 0
    statuses = dict(Parcel.objects.values_list("pk", "status"))
    assert statuses == {at_relay.pk: "expired", at_bureau.pk: "ready", awaiting.pk: "awaiting"}
    event = ParcelEvent.objects.filter(parcel=at_relay).last()
    assert (event.from_status, event.to_status, event.by, event.at) == ("ready", "expired", None, clock.now)

    clock.advance(days=6)
    assert tasks.parcels_expire_overdue() == 1
    assert Parcel.objects.get(pk=at_bureau.pk).status == "expired"


def test_the_beat_schedule_runs_the_parcel_jobs():
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"pickup.tasks.parcels_expire_overdue", "pickup.tasks.parcels_send_reminders"} <= scheduled
    celery_app.loader.import_default_modules()  # what a worker does when it starts: autodiscovery
    assert scheduled <= set(celery_app.tasks)


# The retention job on a real Celery worker.


class WorkerRun:
    def __init__(self, kind: str):
        self.kind = kind
        self.log = ""
        self.task_done = threading.Event()


@contextmanager
def celery_worker(queue: str):
    """A real Celery worker consuming only ``queue``.

    With Redis and a database server (CI), a separate `celery worker` process on the test database; otherwise
    (the embedded default: in-memory SQLite, in-memory broker, which no other process can reach) Celery's
    embedded worker in a thread of this process."""
    if settings.REDIS_URL and connection.vendor != "sqlite":
        run = WorkerRun("process")
        with _worker_process(queue, run):
            yield run
    else:
        from celery.contrib.testing.worker import start_worker
        from celery.signals import task_postrun

        run = WorkerRun("thread")

        def on_task_done(**kwargs):
            run.task_done.set()

        task_postrun.connect(on_task_done, weak=False)
        try:
            with start_worker(
                celery_app, pool="solo", perform_ping_check=False, queues=[queue], shutdown_timeout=30
            ):
                yield run
        finally:
            task_postrun.disconnect(on_task_done)


@contextmanager
def _worker_process(queue: str, run: WorkerRun):
    try:
        with celery_worker_process(queue=queue) as log:
            yield
    finally:
        with celery_app.connection_for_write() as broker:
            broker.default_channel.queue_delete(queue)
    run.log = log.text


@pytest.mark.django_db(transaction=True)
def test_the_retention_job_runs_on_a_real_celery_worker():
    if os.environ.get("CI") and not (settings.REDIS_URL and connection.vendor == "postgresql"):
        pytest.fail("CI runs this test on PostgreSQL and Redis: set DATABASE_URL and REDIS_URL.")
    point = ContactPointFactory(type="Relais Poste")
    overdue, fresh = make_parcel(contact_point=point), make_parcel(contact_point=point)
    with mock.patch("django.utils.timezone.now", return_value=timezone.now() - timedelta(days=9)):
        services.parcel_mark_ready(parcel=overdue, by=None)
    services.parcel_mark_ready(parcel=fresh, by=None)

    queue = f"comptoir-test-{uuid.uuid4().hex}"
    celery_app.conf.task_always_eager = False
    try:
        with celery_worker(queue) as worker:
            result = tasks.parcels_expire_overdue.apply_async(queue=queue)
            if worker.kind == "thread":
                # Shared in-memory SQLite locks a table that one thread reads while another writes: read after.
                assert worker.task_done.wait(30), "the worker did not run the task within 30 s"
            deadline = time.monotonic() + 30
            while Parcel.objects.get(pk=overdue.pk).status != Status.EXPIRED:
                assert time.monotonic() < deadline, "the worker did not expire the parcel within 30 s"
                time.sleep(0.2)
    finally:
        celery_app.conf.task_always_eager = True

    if worker.kind == "process":
        succeeded = f"Task pickup.tasks.parcels_expire_overdue[{result.id}] succeeded"
        assert succeeded in worker.log, worker.log[-4000:]
    assert Parcel.objects.get(pk=fresh.pk).status == Status.READY
    event = ParcelEvent.objects.filter(parcel=overdue).last()
    assert (event.from_status, event.to_status, event.by) == ("ready", "expired", None)
