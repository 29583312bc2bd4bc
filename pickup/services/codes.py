"""The parcel's collection code: drawn when it is ready, kept only as a keyed hash (and, until its notice is sent,
masked), checked at the counter with five tries before a 15-minute lock."""

from datetime import datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import secret_codes
from pickup.models import CodeAttempt, Parcel

CODE_DIGITS = 6
MAX_FAILED_ATTEMPTS = 5
LOCK_DURATION = timedelta(minutes=15)
_CODE_HASH_SALT = "pickup.parcel.code"
_CODE_MASK_SALT = "pickup.parcel.pending-code"
_HASH_PREFIX = "hmac-sha256$"


class ParcelCodeError(ValidationError):
    """A wrong code, or a code typed while the parcel is locked; the attempt is logged all the same."""

    def __init__(self, message: str, *, attempts_left: int, locked_until: datetime | None):
        super().__init__(message, code="locked" if locked_until else "wrong_code")
        self.attempts_left = attempts_left
        self.locked_until = locked_until


def code_new() -> str:
    """A fresh code of CODE_DIGITS digits, drawn from the system's secure randomness."""
    return secret_codes.code_draw(digits=CODE_DIGITS)


def parcel_pending_code(parcel: Parcel) -> str | None:
    """The clear code awaiting its notification, or None once it has been sent."""
    return secret_codes.code_unseal(
        sealed=parcel.pending_code,
        salt=_CODE_MASK_SALT,
        subject=parcel.pk,
        digits=CODE_DIGITS,
        matches=lambda code: _code_matches(parcel, code),
    )


def parcel_attempts_left(parcel: Parcel, *, now: datetime | None = None) -> int:
    """Wrong codes still allowed before the lock (all of them again once a lock has ended)."""
    now = now or timezone.now()
    if parcel.locked_until is not None:
        return 0 if now < parcel.locked_until else MAX_FAILED_ATTEMPTS
    return max(MAX_FAILED_ATTEMPTS - parcel.failed_attempts, 0)


def parcel_is_locked(parcel: Parcel, *, now: datetime | None = None) -> bool:
    return parcel.locked_until is not None and (now or timezone.now()) < parcel.locked_until


def code_attempt(parcel: Parcel, *, code: str, agent: AbstractBaseUser, now: datetime) -> str:
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


def code_error(parcel: Parcel, *, refused: bool) -> ParcelCodeError:
    """The refusal the counter shows after a wrong or refused code: tries left, or until when it is locked."""
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


def code_keyed_hash(parcel_pk: int, code: str, secret: str) -> str:
    """The keyed hash that stays of a parcel's code."""
    return _HASH_PREFIX + secret_codes.code_hash(
        salt=_CODE_HASH_SALT, subject=parcel_pk, code=code, secret=secret
    )


def _code_matches(parcel: Parcel, code: str) -> bool:
    return secret_codes.code_matches(
        salt=_CODE_HASH_SALT, subject=parcel.pk, code=code, stored=parcel.code_hash, prefix=_HASH_PREFIX
    )


def code_seal(parcel_pk: int, code: str) -> str:
    """The clear code masked with a SECRET_KEY-derived pad, for its notification only (parcel_pending_code)."""
    return secret_codes.code_seal(salt=_CODE_MASK_SALT, subject=parcel_pk, code=code, digits=CODE_DIGITS)
