"""Writes of the delivery domain besides the courier's actions (delivery/actions.py): the home-delivery code the
resident gives at the door, checked like a pickup code (keyed hash, five tries then a lock), and the delivery
e-mails, recorded with the action that calls for them and sent once."""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import secret_codes
from core.outbox import outbox_enqueue
from delivery.models import DeliveryCode, DeliveryNotice, Stop

CODE_DIGITS = 4
MAX_FAILED_ATTEMPTS = 5
LOCK_DURATION = timedelta(minutes=15)
_HASH_SALT = "delivery.code"
_MASK_SALT = "delivery.code.sealed"


class DeliveryCodeError(Exception):
    """A wrong delivery code, or one typed while the code is locked; the attempt is counted all the same."""

    def __init__(self, message: str, *, locked: bool):
        super().__init__(message)
        self.message = message
        self.locked = locked


def _matches(record: DeliveryCode, code: str) -> bool:
    return secret_codes.code_matches(
        salt=_HASH_SALT, subject=record.order_id, code=code, stored=record.code_hash
    )


def delivery_code_issue(*, order) -> DeliveryCode:
    """Gives a home-delivery order its code, once; running it again keeps the code already given."""
    existing = DeliveryCode.objects.filter(order=order).first()
    if existing is not None:
        return existing
    code = secret_codes.code_draw(digits=CODE_DIGITS)
    with transaction.atomic():
        record, _created = DeliveryCode.objects.get_or_create(
            order=order,
            defaults={
                "territory_id": order.territory_id,
                "code_hash": secret_codes.code_hash(salt=_HASH_SALT, subject=order.pk, code=code),
                "sealed": secret_codes.code_seal(
                    salt=_MASK_SALT, subject=order.pk, code=code, digits=CODE_DIGITS
                ),
            },
        )
    return record


def delivery_code_clear(record: DeliveryCode) -> str | None:
    """The clear code behind ``record``, for the resident's eyes only (their order page, their e-mail)."""
    return secret_codes.code_unseal(
        sealed=record.sealed,
        salt=_MASK_SALT,
        subject=record.order_id,
        digits=CODE_DIGITS,
        matches=lambda code: _matches(record, code),
    )


def delivery_code_check(*, order, code: str, now: datetime | None = None) -> None:
    """Checks the code the resident gave; a wrong one is counted (five lock the code 15 minutes) and raises
    DeliveryCodeError. Runs in its own transaction so the count stays when the action is refused."""
    now = now or timezone.now()
    code = "".join(code.split())
    with transaction.atomic():
        record = DeliveryCode.objects.select_for_update().filter(order=order).first()
        if record is None:
            raise DeliveryCodeError(
                _("Cette commande n'a pas de code de livraison : confirmez par une signature ou une photo."),
                locked=False,
            )
        if record.locked_until is not None and now < record.locked_until:
            until = formats.time_format(timezone.localtime(record.locked_until), "H:i")
            raise DeliveryCodeError(
                _(
                    "Code bloqué après cinq essais erronés : réessayez après %(time)s, ou confirmez par une "
                    "signature ou une photo."
                )
                % {"time": until},
                locked=True,
            )
        if record.locked_until is not None:
            record.failed_attempts, record.locked_until = 0, None
        right = _matches(record, code)
        if right:
            record.failed_attempts = 0
        else:
            record.failed_attempts += 1
            if record.failed_attempts >= MAX_FAILED_ATTEMPTS:
                record.locked_until = now + LOCK_DURATION
        record.save(update_fields=["failed_attempts", "locked_until"])
    if right:
        return
    if record.locked_until is not None:
        until = formats.time_format(timezone.localtime(record.locked_until), "H:i")
        message = _("Code erroné. Après cinq essais, le code est bloqué jusqu'à %(time)s.") % {"time": until}
        raise DeliveryCodeError(message, locked=True)
    left = MAX_FAILED_ATTEMPTS - record.failed_attempts
    raise DeliveryCodeError(
        ngettext(
            "Code erroné : il reste %(count)d essai avant le blocage du code pendant 15 minutes.",
            "Code erroné : il reste %(count)d essais avant le blocage du code pendant 15 minutes.",
            left,
        )
        % {"count": left},
        locked=False,
    )


def delivery_notice_record(*, stop: Stop, kind: str) -> DeliveryNotice:
    """Records the resident's e-mail about ``stop`` in the caller's transaction; a task sends it once."""
    from delivery import tasks

    notice, created = DeliveryNotice.objects.get_or_create(
        stop=stop,
        kind=kind,
        defaults={"order_id": stop.fulfilment.order_id, "territory_id": stop.round.territory_id},
    )
    if created:
        outbox_enqueue(task=tasks.delivery_notice_send, notice_id=notice.pk)
    return notice


def delivery_notice_send(*, notice_id: int) -> bool:
    """Sends one recorded e-mail unless it went already (a task run twice sends it once); True when sent now."""
    from delivery import notifications

    with transaction.atomic():
        notice = (
            DeliveryNotice.objects.select_for_update(of=("self",))
            .select_related("stop__round", "stop__contact_point", "order__shipping_address", "order__user")
            .filter(pk=notice_id)
            .first()
        )
        if notice is None or notice.sent_at is not None:
            return False
        notifications.send_delivery_notice(notice=notice)
        notice.sent_at = timezone.now()
        notice.save(update_fields=["sent_at"])
    return True
