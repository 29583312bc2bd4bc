"""The parcel's collection code: drawn when it is ready, kept only as a keyed hash (and, until its notice is sent,
masked), checked at the counter with five tries before a 15-minute lock."""

import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


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


def _secrets() -> list[str]:
    return [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]


def code_keyed_hash(parcel_pk: int, code: str, secret: str) -> str:
    """The keyed hash that stays of a parcel's code."""
    digest = salted_hmac(
        _CODE_HASH_SALT, f"{parcel_pk}:{code}", secret=secret, algorithm="sha256"
    ).hexdigest()
    return _HASH_PREFIX + digest


def _code_matches(parcel: Parcel, code: str) -> bool:
    if not parcel.code_hash or not code:
        return False
    return any(
        constant_time_compare(code_keyed_hash(parcel.pk, code, secret), parcel.code_hash)
        for secret in _secrets()
    )


def _code_pad(parcel_pk: int, nonce: str, secret: str) -> int:
    digest = salted_hmac(_CODE_MASK_SALT, f"{parcel_pk}:{nonce}", secret=secret, algorithm="sha256").digest()
    return int.from_bytes(digest[:8], "big") % 10**CODE_DIGITS


def code_seal(parcel_pk: int, code: str) -> str:
    """The clear code masked with a SECRET_KEY-derived pad, for its notification only (parcel_pending_code)."""
    nonce = secrets.token_hex(8)
    masked = (int(code) + _code_pad(parcel_pk, nonce, settings.SECRET_KEY)) % 10**CODE_DIGITS
    return f"{nonce}${masked:0{CODE_DIGITS}d}"
