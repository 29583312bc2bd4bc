"""The parcel at its point, through Parcel.TRANSITIONS: awaiting → ready → collected, or ready → expired →
returned, or awaiting → cancelled.

What a parcel collected or returned sets off on the merchants' side (their parts delivered and paid, the resident
refunded) is the shop's to orchestrate: pickup calls what the settings PICKUP_PARCEL_COLLECTED and
PICKUP_PARCEL_RETURNED name, as ``callable(order=order, by=user)``, in the transaction of the transition."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.outbox import outbox_enqueue
from core.wiring import wired
from merchants.selectors import fulfilments_with_merchant
from pickup.models import ContactPoint, Parcel, ParcelEvent
from pickup.services.codes import code_attempt, code_error, code_keyed_hash, code_new, code_seal
from pickup.services.points import retention_for_category

Status = Parcel.Status


# How a refusal names each action of Parcel.TRANSITIONS, and each status.
_ACTION_PHRASES = {
    "mark_ready": gettext_lazy("marqué disponible"),
    "hand_over": gettext_lazy("remis au destinataire"),
    "expire": gettext_lazy("déclaré hors délai"),
    "return_to_merchant": gettext_lazy("retourné au commerçant"),
    "cancel": gettext_lazy("annulé"),
}
_STATUS_PHRASES = {
    Status.AWAITING: gettext_lazy("encore en attente d'arrivée"),
    Status.READY: gettext_lazy("disponible au retrait"),
    Status.COLLECTED: gettext_lazy("déjà retiré"),
    Status.EXPIRED: gettext_lazy("hors délai de garde"),
    Status.RETURNED: gettext_lazy("déjà retourné au commerçant"),
    Status.CANCELLED: gettext_lazy("annulé"),
}


class ParcelTransitionError(ValidationError):
    """A status change that the parcel's life does not allow from its current status."""


class ParcelIncomplete(ParcelTransitionError):
    """The parcel gathers several shops' parts and at least one has not been handed to the round yet."""

    def __init__(self, *, missing: list):
        super().__init__(parcel_missing_message(missing=missing), code="incomplete")
        self.missing = missing


def parcel_missing_message(*, missing: list) -> str:
    """What the counter says of a parcel whose ``missing`` parts (fulfilments) have not reached the round."""
    names = [part.merchant.trade_name for part in missing]
    if len(names) == 1:
        listed = names[0]
    else:
        listed = _("%(first)s et %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}
    return ngettext(
        "Il manque la part de %(merchants)s : elle n'a pas encore été remise à la tournée. "
        "L'arrivée s'enregistre quand le colis est complet.",
        "Il manque les parts de %(merchants)s : elles n'ont pas encore été remises à la tournée. "
        "L'arrivée s'enregistre quand le colis est complet.",
        len(names),
    ) % {"merchants": listed}


@transaction.atomic
def parcel_create_for_order(*, order, contact_point: ContactPoint) -> Parcel:
    """Announces a pickup order's parcel at its point (awaiting arrival); running it again changes nothing."""
    parcel, created = Parcel.objects.get_or_create(order=order, defaults={"contact_point": contact_point})
    if created:
        ParcelEvent.objects.create(parcel=parcel, from_status="", to_status=Status.AWAITING)
    return parcel


def parcel_mark_ready(*, parcel: Parcel, by: AbstractBaseUser | None) -> str:
    """Records the parcel's arrival: ready for pickup until the point's retention ends, with a new code.

    The resident's notification is recorded with it and sent by a task after commit. Returns the clear code
    for callers that hand it on themselves (tests, a courier's device); the counter never shows it."""
    from pickup import tasks

    with transaction.atomic():
        _lock(parcel)
        _ensure_allowed(parcel, "mark_ready")
        missing = parcel_parts_missing(parcel=parcel)
        if missing:
            raise ParcelIncomplete(missing=missing)
        now = timezone.now()
        retention = retention_for_category(category=parcel.contact_point.category)
        code = code_new()
        # Only a keyed hash stays for good. The notification task needs the clear code once, possibly on a
        # retry or after a lost message, so the code waits for it masked with a SECRET_KEY-derived pad and is
        # wiped in the same transaction that records the message as sent.
        _transition(
            parcel,
            "mark_ready",
            by=by,
            ready_at=now,
            expires_at=now + timedelta(days=retention.days),
            code_hash=code_keyed_hash(parcel.pk, code, settings.SECRET_KEY),
            pending_code=code_seal(parcel.pk, code),
            failed_attempts=0,
            locked_until=None,
            ready_notified_at=None,
            reminder_sent_at=None,
        )
        outbox_enqueue(task=tasks.parcel_notify_ready, parcel_id=parcel.pk)
    return code


def parcel_check_code(*, parcel: Parcel, code: str, agent: AbstractBaseUser) -> bool:
    """Checks a code typed at the counter and logs the attempt; five wrong ones lock the parcel 15 minutes."""
    with transaction.atomic():
        _lock(parcel)
        _ensure_allowed(parcel, "hand_over")
        outcome = code_attempt(parcel, code=code, agent=agent, now=timezone.now())
    return outcome == "right"


def parcel_hand_over(*, parcel: Parcel, code: str, agent: AbstractBaseUser) -> Parcel:
    """Hands the parcel to the resident on the right code; a wrong or refused code raises ParcelCodeError
    after its attempt is saved, so a caller that catches it keeps the log."""
    with transaction.atomic():
        _lock(parcel)
        _ensure_allowed(parcel, "hand_over")
        now = timezone.now()
        outcome = code_attempt(parcel, code=code, agent=agent, now=now)
        if outcome == "right":
            _transition(parcel, "hand_over", by=agent, collected_at=now, pending_code="")
            wired(setting="PICKUP_PARCEL_COLLECTED")(order=parcel.order, by=agent)
    if outcome != "right":
        raise code_error(parcel, refused=outcome == "refused")
    return parcel


def parcel_expire(*, parcel: Parcel) -> Parcel:
    """Ends a ready parcel's retention once its expiry has passed."""
    with transaction.atomic():
        _lock(parcel)
        _ensure_allowed(parcel, "expire")
        now = timezone.now()
        if parcel.expires_at is None or now < parcel.expires_at:
            raise ParcelTransitionError(
                _(
                    "Ce colis est disponible jusqu'au %(date)s : il ne peut pas encore être déclaré hors délai."
                )
                % {"date": formats.date_format(timezone.localtime(parcel.expires_at), "DATETIME_FORMAT")},
                code="not_overdue",
            )
        _transition(parcel, "expire", by=None, expired_at=now, pending_code="")
    return parcel


def parcel_return_to_merchant(*, parcel: Parcel, by: AbstractBaseUser) -> Parcel:
    """Sends an expired parcel back to its merchant.

    The resident is refunded in the same transaction, per the order's terms (territory.selectors.order_terms)."""
    with transaction.atomic():
        _lock(parcel)
        _ensure_allowed(parcel, "return_to_merchant")
        _transition(parcel, "return_to_merchant", by=by, returned_at=timezone.now())
        wired(setting="PICKUP_PARCEL_RETURNED")(order=parcel.order, by=by)
    return parcel


def parcel_cancel(*, parcel: Parcel, by: AbstractBaseUser | None) -> Parcel:
    """The parcel will not come: its order was cancelled, or nothing of it is left to deliver (awaiting →
    cancelled)."""
    with transaction.atomic():
        _lock(parcel)
        _ensure_allowed(parcel, "cancel")
        _transition(parcel, "cancel", by=by, cancelled_at=timezone.now())
    return parcel


def parcel_cancel_for_order(*, order, by: AbstractBaseUser | None) -> Parcel | None:
    """Cancels the order's parcel, if it has one, in the transaction of the order's cancellation; a parcel
    cancelled already is left as it is."""
    with transaction.atomic():
        parcel = Parcel.objects.select_for_update().filter(order=order).first()
        if parcel is not None and parcel.status != Status.CANCELLED:
            parcel_cancel(parcel=parcel, by=by)
    return parcel


def parcel_parts_missing(*, parcel: Parcel) -> list:
    """The shops' parts of the parcel still at their shop (not handed to the round), read afresh."""
    fresh = (
        Parcel.objects.select_related("order")
        .prefetch_related(Prefetch("order__fulfilments", queryset=fulfilments_with_merchant()))
        .get(pk=parcel.pk)
    )
    return fresh.parts_missing


def parcels_expire_overdue() -> int:
    """Expires every ready parcel past its retention; returns how many."""
    count = 0
    for parcel in Parcel.objects.filter(status=Status.READY, expires_at__lte=timezone.now()):
        try:
            parcel_expire(parcel=parcel)
        except ParcelTransitionError:
            continue  # collected or expired by someone else in the meantime
        count += 1
    return count


def _lock(parcel: Parcel) -> None:
    """Locks the parcel's row for this transaction and reloads the caller's instance from it."""
    Parcel.objects.select_for_update().filter(pk=parcel.pk).values_list("pk", flat=True).get()
    parcel.refresh_from_db()


def _ensure_allowed(parcel: Parcel, action: str) -> None:
    if not parcel.can(action):
        raise ParcelTransitionError(
            _("Ce colis est %(state)s : il ne peut pas être %(action)s.")
            % {"state": _STATUS_PHRASES[parcel.status], "action": _ACTION_PHRASES[action]},
            code="illegal_transition",
        )


def _transition(parcel: Parcel, action: str, *, by: AbstractBaseUser | None, **fields) -> None:
    from_status, to_status = Parcel.TRANSITIONS[action]
    parcel.status = to_status
    for name, value in fields.items():
        setattr(parcel, name, value)
    parcel.save(update_fields=["status", *fields, "updated_at"])
    ParcelEvent.objects.create(parcel=parcel, from_status=from_status, to_status=to_status, by=by)
