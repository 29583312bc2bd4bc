"""Short numeric codes a person reads out (a parcel's collection code, a home delivery's code): drawn from the
system's secure randomness, kept only as a keyed hash, and, while the code must still be shown to its owner,
sealed with a pad derived from SECRET_KEY so that the database alone never gives it away.

Each use names its own ``salt`` and ``subject`` (the row the code belongs to): a code never checks against another
use's or another row's hash. Rotating SECRET_KEY keeps the codes working through SECRET_KEY_FALLBACKS."""

import secrets

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac


def secret_keys() -> list[str]:
    """The current key first, then the fallbacks still accepted."""
    return [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]


def code_draw(*, digits: int) -> str:
    return f"{secrets.randbelow(10**digits):0{digits}d}"


def code_hash(*, salt: str, subject: int, code: str, secret: str | None = None) -> str:
    """The keyed hash kept of ``code`` (hex), under the current key unless ``secret`` names another."""
    key = settings.SECRET_KEY if secret is None else secret
    return salted_hmac(salt, f"{subject}:{code}", secret=key, algorithm="sha256").hexdigest()


def code_matches(*, salt: str, subject: int, code: str, stored: str, prefix: str = "") -> bool:
    """Whether ``code`` is the one whose hash (after ``prefix``) is ``stored``, under any accepted key."""
    if not stored or not code:
        return False
    return any(
        constant_time_compare(prefix + code_hash(salt=salt, subject=subject, code=code, secret=key), stored)
        for key in secret_keys()
    )


def _pad(*, salt: str, subject: int, nonce: str, secret: str, digits: int) -> int:
    digest = salted_hmac(salt, f"{subject}:{nonce}", secret=secret, algorithm="sha256").digest()
    return int.from_bytes(digest[:8], "big") % 10**digits


def code_seal(*, salt: str, subject: int, code: str, digits: int) -> str:
    """``nonce$masked``: the code plus a pad only SECRET_KEY gives back."""
    nonce = secrets.token_hex(8)
    pad = _pad(salt=salt, subject=subject, nonce=nonce, secret=settings.SECRET_KEY, digits=digits)
    return f"{nonce}${(int(code) + pad) % 10**digits:0{digits}d}"


def code_unseal(*, sealed: str, salt: str, subject: int, digits: int, matches) -> str | None:
    """The code behind ``sealed``, tried under each accepted key until ``matches(code)`` confirms it; None when
    there is nothing sealed or no key gives it back."""
    nonce, _sep, masked = sealed.partition("$")
    if not masked:
        return None
    for key in secret_keys():
        pad = _pad(salt=salt, subject=subject, nonce=nonce, secret=key, digits=digits)
        code = f"{(int(masked) - pad) % 10**digits:0{digits}d}"
        if matches(code):
            return code
    return None
