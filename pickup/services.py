"""Writes about contact points and their parcels."""

import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import formats, timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.outbox import outbox_enqueue
from merchants.payouts import fulfilments_mark_delivered_for_order
from merchants.refunds import order_refund_returned_parcel
from pickup.models import (
    CodeAttempt,
    ContactPoint,
    IndexState,
    Parcel,
    ParcelEvent,
    PointCategory,
    RetentionPolicy,
)

logger = logging.getLogger(__name__)


def index_bump() -> None:
    """Records that the set of points changed; every process rebuilds its nearest index on next use."""
    state, _created = IndexState.objects.get_or_create(pk=1)
    IndexState.objects.filter(pk=state.pk).update(version=F("version") + 1)


# The parcel at the point: awaiting → ready → collected, or ready → expired → returned.

CODE_DIGITS = 6
MAX_FAILED_ATTEMPTS = 5
LOCK_DURATION = timedelta(minutes=15)
DEFAULT_REMINDER_DAYS_BEFORE = 2
# A parcel marked ready whose notification task never ran (a lost message) is picked up by the sweep after this.
NOTIFY_GRACE = timedelta(minutes=10)

_CODE_HASH_SALT = "pickup.parcel.code"
_CODE_MASK_SALT = "pickup.parcel.pending-code"
_HASH_PREFIX = "hmac-sha256$"

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


class ParcelCodeError(ValidationError):
    """A wrong code, or a code typed while the parcel is locked; the attempt is logged all the same."""

    def __init__(self, message: str, *, attempts_left: int, locked_until: datetime | None):
        super().__init__(message, code="locked" if locked_until else "wrong_code")
        self.attempts_left = attempts_left
        self.locked_until = locked_until


@dataclass(frozen=True)
class Retention:
    days: int
    reminder_days_before: int


def retention_by_category() -> dict[str, Retention]:
    """Each point category's retention: the municipality's setting, else the default (14 days in a bureau)."""
    policies = {policy.category: policy for policy in RetentionPolicy.objects.all()}
    retentions = {}
    for category in PointCategory.values:
        policy = policies.get(category)
        if policy is not None:
            retentions[category] = Retention(policy.days, policy.reminder_days_before)
        else:
            retentions[category] = Retention(
                RetentionPolicy.DEFAULT_DAYS[category], DEFAULT_REMINDER_DAYS_BEFORE
            )
    return retentions


def retention_for_category(*, category: str) -> Retention:
    """How long a parcel waits at a point of ``category``, and when its reminder goes."""
    return retention_by_category()[category]


@transaction.atomic
def retention_policy_set(*, category: str, days: int, reminder_days_before: int) -> RetentionPolicy:
    """The municipality sets a category's retention; parcels already ready keep the date they were given."""
    if category not in PointCategory.values:
        raise ValidationError(_("Catégorie de point inconnue."), code="category")
    if not 1 <= days <= 90:
        raise ValidationError(_("La durée de garde va de 1 à 90 jours."), code="days")
    if not 0 <= reminder_days_before < days:
        raise ValidationError(
            _(
                "Le rappel part au plus tard la veille de la fin de la garde : moins de jours que la durée de garde."
            ),
            code="reminder_days_before",
        )
    policy, _created = RetentionPolicy.objects.update_or_create(
        category=category, defaults={"days": days, "reminder_days_before": reminder_days_before}
    )
    return policy


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
        code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
        # Only a keyed hash stays for good. The notification task needs the clear code once, possibly on a
        # retry or after a lost message, so the code waits for it masked with a SECRET_KEY-derived pad and is
        # wiped in the same transaction that records the message as sent.
        _transition(
            parcel,
            "mark_ready",
            by=by,
            ready_at=now,
            expires_at=now + timedelta(days=retention.days),
            code_hash=_code_hash(parcel.pk, code, settings.SECRET_KEY),
            pending_code=_code_seal(parcel.pk, code),
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
        outcome = _code_attempt(parcel, code=code, agent=agent, now=timezone.now())
    return outcome == "right"


def parcel_hand_over(*, parcel: Parcel, code: str, agent: AbstractBaseUser) -> Parcel:
    """Hands the parcel to the resident on the right code; a wrong or refused code raises ParcelCodeError
    after its attempt is saved, so a caller that catches it keeps the log."""
    with transaction.atomic():
        _lock(parcel)
        _ensure_allowed(parcel, "hand_over")
        now = timezone.now()
        outcome = _code_attempt(parcel, code=code, agent=agent, now=now)
        if outcome == "right":
            _transition(parcel, "hand_over", by=agent, collected_at=now, pending_code="")
            fulfilments_mark_delivered_for_order(order=parcel.order, by=agent)
    if outcome != "right":
        raise _code_error(parcel, refused=outcome == "refused")
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

    The resident is refunded in the same transaction, per the municipality's policy (shop.selectors.market_terms)."""
    with transaction.atomic():
        _lock(parcel)
        _ensure_allowed(parcel, "return_to_merchant")
        _transition(parcel, "return_to_merchant", by=by, returned_at=timezone.now())
        order_refund_returned_parcel(order=parcel.order, by=by)
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
    from django.db.models import Prefetch

    from merchants.models import Fulfilment

    fresh = (
        Parcel.objects.select_related("order")
        .prefetch_related(
            Prefetch("order__fulfilments", queryset=Fulfilment.objects.select_related("merchant"))
        )
        .get(pk=parcel.pk)
    )
    return fresh.parts_missing


def parcel_notify_ready(*, parcel_id: int) -> bool:
    """E-mails the resident their code once; returns False when done already or when there is nobody to tell."""
    from pickup import notifications

    with transaction.atomic():
        parcel = (
            Parcel.objects.select_for_update(of=("self",))
            .select_related("order__user", "order__shipping_address", "contact_point")
            .filter(pk=parcel_id, status=Status.READY, ready_notified_at__isnull=True)
            .first()
        )
        if parcel is None:
            return False
        if not parcel.order.email:
            logger.warning(
                "Parcel %s is ready but order %s has no e-mail address", parcel.pk, parcel.order.number
            )
            return False
        code = parcel_pending_code(parcel)
        if code is None:
            logger.error(
                "Parcel %s has no recoverable pending code; its ready notice cannot be sent", parcel.pk
            )
            return False
        notifications.send_parcel_ready(parcel=parcel, code=code)
        parcel.ready_notified_at = timezone.now()
        parcel.pending_code = ""
        parcel.save(update_fields=["ready_notified_at", "pending_code", "updated_at"])
    return True


def parcels_notify_ready_pending() -> int:
    """Sends the ready notices whose task was lost (marked ready a while ago, still not notified)."""
    ids = Parcel.objects.filter(
        status=Status.READY,
        ready_notified_at__isnull=True,
        ready_at__lte=timezone.now() - NOTIFY_GRACE,
    ).values_list("pk", flat=True)
    return sum(parcel_notify_ready(parcel_id=pk) for pk in list(ids))


def parcel_send_reminder(*, parcel_id: int) -> bool:
    """E-mails the resident that the parcel's retention ends soon, once."""
    from pickup import notifications

    with transaction.atomic():
        parcel = (
            Parcel.objects.select_for_update(of=("self",))
            .select_related("order__user", "order__shipping_address", "contact_point")
            .filter(pk=parcel_id, status=Status.READY, reminder_sent_at__isnull=True)
            .first()
        )
        if parcel is None or not parcel.order.email:
            return False
        notifications.send_parcel_reminder(parcel=parcel)
        parcel.reminder_sent_at = timezone.now()
        parcel.save(update_fields=["reminder_sent_at", "updated_at"])
    return True


def parcels_send_reminders() -> int:
    """Reminds the residents whose parcel's retention ends within its category's reminder delay."""
    now = timezone.now()
    due = Q(pk__in=[])
    for category, retention in retention_by_category().items():
        if retention.reminder_days_before:
            due |= Q(
                contact_point__category=category,
                expires_at__lte=now + timedelta(days=retention.reminder_days_before),
            )
    ids = Parcel.objects.filter(
        due,
        status=Status.READY,
        reminder_sent_at__isnull=True,
        ready_notified_at__isnull=False,
        expires_at__gt=now,
    ).values_list("pk", flat=True)
    return sum(parcel_send_reminder(parcel_id=pk) for pk in list(ids))


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


def parcel_pending_code(parcel: Parcel) -> str | None:
    """The clear code awaiting its notification, or None once it has been sent."""
    nonce, _sep, masked = parcel.pending_code.partition("$")
    if not masked:
        return None
    for secret in _secrets():
        code = f"{(int(masked) - _code_pad(parcel.pk, nonce, secret)) % 10**CODE_DIGITS:0{CODE_DIGITS}d}"
        if _code_matches(parcel, code):
            return code
    return None


def parcel_attempts_left(parcel: Parcel, *, now: datetime | None = None) -> int:
    """Wrong codes still allowed before the lock (all of them again once a lock has ended)."""
    now = now or timezone.now()
    if parcel.locked_until is not None:
        return 0 if now < parcel.locked_until else MAX_FAILED_ATTEMPTS
    return max(MAX_FAILED_ATTEMPTS - parcel.failed_attempts, 0)


def parcel_is_locked(parcel: Parcel, *, now: datetime | None = None) -> bool:
    return parcel.locked_until is not None and (now or timezone.now()) < parcel.locked_until


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


def _code_attempt(parcel: Parcel, *, code: str, agent: AbstractBaseUser, now: datetime) -> str:
    """'right', 'wrong' or 'refused' (locked): always logged, the code not even compared while locked."""
    if parcel.locked_until is not None:
        if now < parcel.locked_until:
            CodeAttempt.objects.create(parcel=parcel, agent=agent, succeeded=False, refused_locked=True)
            return "refused"
        parcel.failed_attempts = 0
        parcel.locked_until = None
    right = _code_matches(parcel, code)
    if right:
        parcel.failed_attempts = 0
    else:
        parcel.failed_attempts += 1
        if parcel.failed_attempts >= MAX_FAILED_ATTEMPTS:
            parcel.locked_until = now + LOCK_DURATION
    parcel.save(update_fields=["failed_attempts", "locked_until", "updated_at"])
    CodeAttempt.objects.create(parcel=parcel, agent=agent, succeeded=right)
    return "right" if right else "wrong"


def _code_error(parcel: Parcel, *, refused: bool) -> ParcelCodeError:
    if parcel.locked_until is not None:
        until = formats.time_format(timezone.localtime(parcel.locked_until), "H:i")
        if refused:
            message = _(
                "Ce colis est bloqué après cinq codes erronés : aucun code n'est vérifié avant %(time)s."
            )
        else:
            message = _("Code erroné. Après cinq codes erronés, le colis est bloqué jusqu'à %(time)s.")
        return ParcelCodeError(message % {"time": until}, attempts_left=0, locked_until=parcel.locked_until)
    left = MAX_FAILED_ATTEMPTS - parcel.failed_attempts
    message = ngettext(
        "Code erroné : il reste %(count)d essai avant le blocage du colis pendant 15 minutes.",
        "Code erroné : il reste %(count)d essais avant le blocage du colis pendant 15 minutes.",
        left,
    ) % {"count": left}
    return ParcelCodeError(message, attempts_left=left, locked_until=None)


def _secrets() -> list[str]:
    return [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]


def _code_hash(parcel_pk: int, code: str, secret: str) -> str:
    digest = salted_hmac(
        _CODE_HASH_SALT, f"{parcel_pk}:{code}", secret=secret, algorithm="sha256"
    ).hexdigest()
    return _HASH_PREFIX + digest


def _code_matches(parcel: Parcel, code: str) -> bool:
    if not parcel.code_hash or not code:
        return False
    return any(
        constant_time_compare(_code_hash(parcel.pk, code, secret), parcel.code_hash) for secret in _secrets()
    )


def _code_pad(parcel_pk: int, nonce: str, secret: str) -> int:
    digest = salted_hmac(_CODE_MASK_SALT, f"{parcel_pk}:{nonce}", secret=secret, algorithm="sha256").digest()
    return int.from_bytes(digest[:8], "big") % 10**CODE_DIGITS


def _code_seal(parcel_pk: int, code: str) -> str:
    nonce = secrets.token_hex(8)
    masked = (int(code) + _code_pad(parcel_pk, nonce, settings.SECRET_KEY)) % 10**CODE_DIGITS
    return f"{nonce}${masked:0{CODE_DIGITS}d}"
