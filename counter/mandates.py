"""The mandate's life: a helper proposes it, the resident agrees (a signature on the helper's screen, or the code
sent to them typed back), it is in force until its term or until either side revokes it. Every step is logged as
« helper X for resident Y » (HelperAction), which the resident reads in their account."""

import re
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import roles, secret_codes
from core.outbox import outbox_enqueue
from counter.models import HelperAction, Mandate
from territory.tenancy import territory_active_id

MAX_TERM = timedelta(days=366)
CODE_DIGITS = 6
CODE_LIFETIME = timedelta(minutes=15)
MAX_FAILED_ATTEMPTS = 5
_CODE_SALT = "counter.mandate.code"
_SEAL_SALT = "counter.mandate.pending-code"
# A signature drawn on the screen, as the page's script writes it: SVG path commands and numbers only.
_SIGNATURE = re.compile(r"^[ML0-9 .,\-]+$")
SIGNATURE_MAX_CHARS = 50_000


def helper_role(user: AbstractBaseUser) -> str | None:
    """The capacity in which ``user`` may help residents, or None: a counter agent, a town hall agent, a courier."""
    if not user.is_authenticated:
        return None
    if roles.in_group(user, roles.COUNTER_AGENT):
        return Mandate.HelperRole.COUNTER_AGENT
    if roles.in_group(user, roles.MUNICIPALITY):
        return Mandate.HelperRole.TOWN_HALL
    if roles.in_group(user, roles.COURIER):
        return Mandate.HelperRole.COURIER
    return None


def _resident_of_territory(resident_id: int):
    """The resident account of the active territory, or None (a helper never reaches another territory's)."""
    residents = get_user_model().objects.filter(pk=resident_id, is_active=True, is_staff=False)
    territory_id = territory_active_id()
    if territory_id is not None:  # None: work across territories (a command, a test), as the ORM guard allows
        residents = residents.filter(territory_membership__territory_id=territory_id)
    return residents.first()


def action_record(*, mandate: Mandate, kind: str, detail: str = "") -> HelperAction:
    return HelperAction.objects.create(
        mandate=mandate,
        helper_id=mandate.helper_id,
        resident_id=mandate.resident_id,
        kind=kind,
        detail=detail[:300],
    )


def mandate_propose(
    *,
    helper: AbstractBaseUser,
    resident_id: int,
    valid_until: datetime,
    consent: str,
    place: str = "",
    now: datetime | None = None,
) -> Mandate:
    """A proposed mandate of ``resident_id`` to ``helper`` until ``valid_until``; with ``consent`` « code », the code
    is e-mailed to the resident (through the outbox) and expires in 15 minutes."""
    now = now or timezone.now()
    role = helper_role(helper)
    if role is None:
        raise PermissionDenied(
            _("Seuls les agents de guichet, de la mairie et les livreurs aident les habitants.")
        )
    resident = _resident_of_territory(resident_id)
    if resident is None or resident.pk == helper.pk:
        raise ValidationError(_("Cet habitant est introuvable."), code="resident")
    if consent not in Mandate.Consent.values:
        raise ValidationError(_("Choisissez comment l'habitant donne son accord."), code="consent")
    if valid_until <= now:
        raise ValidationError({"valid_until": _("La fin du mandat doit être dans le futur.")})
    if valid_until - now > MAX_TERM:
        raise ValidationError({"valid_until": _("Un mandat dure un an au plus.")})
    if consent == Mandate.Consent.CODE and not resident.email:
        raise ValidationError(
            _("Cet habitant n'a pas d'adresse électronique : recueillez sa signature à l'écran."),
            code="consent",
        )
    with transaction.atomic():
        mandate = Mandate.objects.create(
            resident=resident,
            helper=helper,
            helper_role=role,
            helper_place=place[:200],
            valid_from=now,
            valid_until=valid_until,
            consent=consent,
        )
        if consent == Mandate.Consent.CODE:
            _code_new(mandate, now=now)
        action_record(mandate=mandate, kind=HelperAction.Kind.MANDATE_PROPOSED)
    return mandate


def _code_new(mandate: Mandate, *, now: datetime) -> None:
    from counter import tasks

    code = secret_codes.code_draw(digits=CODE_DIGITS)
    mandate.code_hash = secret_codes.code_hash(salt=_CODE_SALT, subject=mandate.pk, code=code)
    mandate.pending_code = secret_codes.code_seal(
        salt=_SEAL_SALT, subject=mandate.pk, code=code, digits=CODE_DIGITS
    )
    mandate.code_expires_at = now + CODE_LIFETIME
    mandate.failed_attempts = 0
    mandate.save(update_fields=["code_hash", "pending_code", "code_expires_at", "failed_attempts"])
    outbox_enqueue(task=tasks.mandate_code_send, mandate_id=mandate.pk)


def mandate_pending_code(mandate: Mandate) -> str | None:
    """The clear code awaiting its e-mail, or None once sent."""
    return secret_codes.code_unseal(
        sealed=mandate.pending_code,
        salt=_SEAL_SALT,
        subject=mandate.pk,
        digits=CODE_DIGITS,
        matches=lambda code: secret_codes.code_matches(
            salt=_CODE_SALT, subject=mandate.pk, code=code, stored=mandate.code_hash
        ),
    )


def _locked_for(mandate: Mandate, helper: AbstractBaseUser) -> Mandate:
    locked = Mandate.objects.select_for_update().filter(pk=mandate.pk, helper=helper).first()
    if locked is None:
        raise PermissionDenied(_("Ce mandat n'est pas le vôtre."))
    return locked


def _agree(mandate: Mandate, *, now: datetime) -> None:
    mandate.status = Mandate.TRANSITIONS["agree"][1]
    mandate.agreed_at = now
    mandate.code_hash = ""
    mandate.pending_code = ""
    mandate.save(update_fields=["status", "agreed_at", "code_hash", "pending_code", "signature"])
    action_record(mandate=mandate, kind=HelperAction.Kind.MANDATE_AGREED, detail=mandate.consent)


def mandate_agree_by_code(*, mandate: Mandate, helper: AbstractBaseUser, code: str, now=None) -> Mandate:
    """The code the resident read out, typed by the helper: right, the mandate is in force; five wrong ones, or
    an expired code, and the proposal is abandoned (a new one sends a new code)."""
    now = now or timezone.now()
    with transaction.atomic():
        mandate = _locked_for(mandate, helper)
        if not mandate.can("agree") or mandate.consent != Mandate.Consent.CODE:
            raise ValidationError(_("Ce mandat n'attend plus de code."), code="state")
        # The outcome is written before any error is raised, outside the transaction that must keep it.
        if mandate.code_expires_at is None or now >= mandate.code_expires_at:
            _abandon(mandate, now=now)
            error = ValidationError(_("Le code a expiré : proposez à nouveau le mandat."), code="expired")
        elif secret_codes.code_matches(
            salt=_CODE_SALT, subject=mandate.pk, code=(code or "").strip(), stored=mandate.code_hash
        ):
            _agree(mandate, now=now)
            return mandate
        else:
            mandate.failed_attempts += 1
            left = MAX_FAILED_ATTEMPTS - mandate.failed_attempts
            if left <= 0:
                _abandon(mandate, now=now)
                error = ValidationError(_("Trop de codes erronés : le mandat est abandonné."), code="locked")
            else:
                mandate.save(update_fields=["failed_attempts"])
                error = ValidationError(
                    ngettext(
                        "Ce code n'est pas le bon : encore %(left)d essai.",
                        "Ce code n'est pas le bon : encore %(left)d essais.",
                        left,
                    )
                    % {"left": left},
                    code="wrong_code",
                )
    raise error


def signature_clean(signature: str) -> str:
    """The drawn signature (SVG path data), refused when empty, too short to be a stroke, or anything else."""
    signature = " ".join((signature or "").split())
    if not signature:
        raise ValidationError(_("Faites signer l'habitant dans le cadre avant de valider."), code="signature")
    if len(signature) > SIGNATURE_MAX_CHARS or not _SIGNATURE.match(signature):
        raise ValidationError(_("La signature n'a pas pu être lue : recommencez."), code="signature")
    if signature.count("L") < 3:
        raise ValidationError(_("Faites signer l'habitant dans le cadre avant de valider."), code="signature")
    return signature


def mandate_agree_by_signature(
    *, mandate: Mandate, helper: AbstractBaseUser, signature: str, now=None
) -> Mandate:
    now = now or timezone.now()
    signature = signature_clean(signature)
    with transaction.atomic():
        mandate = _locked_for(mandate, helper)
        if not mandate.can("agree") or mandate.consent != Mandate.Consent.SIGNATURE:
            raise ValidationError(_("Ce mandat n'attend plus de signature."), code="state")
        mandate.signature = signature
        _agree(mandate, now=now)
    return mandate


def _abandon(mandate: Mandate, *, now: datetime) -> None:
    mandate.status = Mandate.TRANSITIONS["abandon"][1]
    mandate.ended_at = now
    mandate.code_hash = ""
    mandate.pending_code = ""
    mandate.save(update_fields=["status", "ended_at", "code_hash", "pending_code", "failed_attempts"])


def mandate_revoke(*, mandate_id: int, by: AbstractBaseUser, now=None) -> Mandate:
    """Ends a mandate in force, by its resident (from their account) or by its helper; the helper sees nothing
    of the resident from then on."""
    now = now or timezone.now()
    with transaction.atomic():
        mandate = Mandate.objects.select_for_update().filter(pk=mandate_id).first()
        if mandate is None or by.pk not in (mandate.resident_id, mandate.helper_id):
            raise PermissionDenied(_("Ce mandat n'est pas le vôtre."))
        if not mandate.can("revoke"):
            raise ValidationError(_("Ce mandat a déjà pris fin."), code="state")
        mandate.status = Mandate.TRANSITIONS["revoke"][1]
        mandate.ended_at = now
        mandate.ended_by = by
        mandate.save(update_fields=["status", "ended_at", "ended_by"])
        action_record(
            mandate=mandate,
            kind=HelperAction.Kind.MANDATE_REVOKED,
            detail=HelperAction.BY_RESIDENT if by.pk == mandate.resident_id else HelperAction.BY_HELPER,
        )
    return mandate


def mandate_in_force(*, helper: AbstractBaseUser, resident_id: int, now=None) -> Mandate | None:
    """The helper's mandate from this resident in force now, or None: without it, the helper sees nothing."""
    now = now or timezone.now()
    return (
        Mandate.objects.filter(
            helper=helper,
            resident_id=resident_id,
            status=Mandate.Status.ACTIVE,
            valid_from__lte=now,
            valid_until__gt=now,
        )
        .select_related("resident")
        .first()
    )
