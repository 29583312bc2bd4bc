"""The courier's actions on a round, each applied once under the id the courier's device made for it: start the
round, collect at a shop, deliver at a home (the resident's code, a name and a signature, or a photo), drop at a
contact point, record a failed delivery (the parcel then goes to the nearest open contact point), take the break,
finish the round. One transaction per action, the round's row locked, so a replay (the same id sent again, from an
offline queue or a double tap) finds the first result instead of applying it twice."""

import base64
import binascii
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from delivery.models import Courier, CourierAction, DeliveryNotice, FailReason, Round, Stop
from delivery.selectors import contact_point_for_failed_stop
from delivery.services import (
    DeliveryCodeError,
    delivery_code_check,
    delivery_code_issue,
    delivery_notice_record,
)
from merchants.services import fulfilment_hand_over, fulfilment_mark_delivered
from pickup.services import (
    ParcelIncomplete,
    ParcelTransitionError,
    parcel_create_for_order,
    parcel_mark_ready,
)

Kind = CourierAction.Kind
Proof = CourierAction.Proof
# The kind of stop each stop action belongs to.
STOP_KIND = {
    Kind.COLLECT: Stop.Kind.PICKUP,
    Kind.DELIVER: Stop.Kind.HOME,
    Kind.DROP: Stop.Kind.CONTACT_POINT,
    Kind.FAIL: Stop.Kind.HOME,
    Kind.BREAK: Stop.Kind.BREAK,
}
PROOFS = {
    Kind.COLLECT: (Proof.TAP, Proof.SCAN),
    Kind.DELIVER: (Proof.CODE, Proof.SIGNATURE, Proof.PHOTO),
}
IMAGE_MAX_BYTES = 5 * 1024 * 1024
_IMAGE_SIGNATURES = {b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpg", b"RIFF": "webp"}
DROP_SERVICE = timedelta(minutes=5)


class ActionRefused(Exception):
    """An action that is not applied, with the French message the courier reads and the HTTP status."""

    def __init__(self, message: str, *, status: int = 409):
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True)
class ActionRequest:
    """What the courier's device sends for one action; images as uploaded files or ``data:`` URLs."""

    action_id: uuid.UUID
    kind: str
    stop_id: int | None = None
    proof: str = ""
    code: str = ""
    scanned: str = ""
    recipient_name: str = ""
    signature: File | str | None = None
    photo: File | str | None = None
    reason: str = ""


@dataclass(frozen=True)
class ActionResult:
    action_id: uuid.UUID
    kind: str
    round_id: int
    round_status: str
    stop_id: int | None
    stop_status: str | None
    message: str
    replayed: bool


def courier_action_apply(*, courier: Courier, round_id: int, request: ActionRequest, by) -> ActionResult:
    """Applies one action of ``courier`` on their round ``round_id``, once: a replayed id returns the first
    result. Raises ActionRefused (404 another courier's round or stop, 400 bad input, 409 a refused
    transition) and leaves everything as it was."""
    if request.kind not in Kind.values:
        raise ActionRefused(_("Action inconnue : %(kind)s.") % {"kind": request.kind}, status=400)
    recorded = CourierAction.objects.filter(pk=request.action_id).select_related("round", "stop").first()
    if recorded is not None:
        return _replayed(recorded, courier=courier)
    tour = Round.objects.filter(courier=courier, pk=round_id).first()
    if tour is None:
        raise ActionRefused(_("Cette tournée n'est pas la vôtre."), status=404)
    stop = _stop_of(tour, request)
    try:
        _check(tour, stop, request)
    except ActionRefused:
        # The same id may have been applied by a concurrent request since it was looked up: a replay, not a refusal.
        recorded = CourierAction.objects.filter(pk=request.action_id).select_related("round", "stop").first()
        if recorded is None:
            raise
        return _replayed(recorded, courier=courier)
    signature = photo = None
    if request.kind == Kind.DELIVER:
        signature, photo = _proof_files(request)
        if request.proof == Proof.CODE:
            try:
                delivery_code_check(order=stop.fulfilment.order, code=request.code)
            except DeliveryCodeError as error:
                raise ActionRefused(error.message, status=429 if error.locked else 400) from None
    try:
        with transaction.atomic():
            tour = Round.objects.select_for_update().get(pk=tour.pk)
            recorded = CourierAction.objects.filter(pk=request.action_id).first()
            if recorded is not None:  # the same id, applied meanwhile by a concurrent request
                return _replayed(recorded, courier=courier)
            if stop is not None:
                stop = (
                    Stop.objects.select_for_update(of=("self",))
                    .select_related("fulfilment__order")
                    .get(pk=stop.pk)
                )
            _check(tour, stop, request)
            message = _HANDLERS[request.kind](tour=tour, stop=stop, request=request, by=by)
            action = CourierAction(
                id=request.action_id,
                territory_id=tour.territory_id,
                round=tour,
                stop=stop,
                kind=request.kind,
                proof=request.proof if request.kind in PROOFS else "",
                reason=request.reason if request.kind == Kind.FAIL else "",
                recipient_name=request.recipient_name.strip()[:120],
                scanned=request.scanned.strip()[:200],
                message=message[:300],
                by=by if getattr(by, "is_authenticated", False) else None,
            )
            if signature is not None:
                action.signature.save(f"{request.action_id}.{signature[1]}", signature[0], save=False)
            if photo is not None:
                action.photo.save(f"{request.action_id}.{photo[1]}", photo[0], save=False)
            action.save(force_insert=True)
    except ValidationError as error:  # a merchants' or pickup's service refused its transition
        raise ActionRefused(" ".join(error.messages)) from None
    except IntegrityError:
        recorded = CourierAction.objects.filter(pk=request.action_id).first()
        if recorded is None:
            raise
        return _replayed(recorded, courier=courier)
    return _result(action, tour=tour, stop=stop, replayed=False)


def _result(action: CourierAction, *, tour: Round, stop: Stop | None, replayed: bool) -> ActionResult:
    return ActionResult(
        action_id=action.pk,
        kind=action.kind,
        round_id=tour.pk,
        round_status=tour.status,
        stop_id=stop.pk if stop else None,
        stop_status=stop.status if stop else None,
        message=action.message,
        replayed=replayed,
    )


def _replayed(action: CourierAction, *, courier: Courier) -> ActionResult:
    if action.round.courier_id != courier.pk:
        raise ActionRefused(_("Cette tournée n'est pas la vôtre."), status=404)
    tour = Round.objects.get(pk=action.round_id)
    stop = Stop.objects.filter(pk=action.stop_id).first() if action.stop_id else None
    return _result(action, tour=tour, stop=stop, replayed=True)


def _stop_of(tour: Round, request: ActionRequest) -> Stop | None:
    if request.kind not in STOP_KIND:
        return None
    stop = None
    if request.stop_id is not None:
        stop = tour.stops.filter(pk=request.stop_id).select_related("fulfilment__order").first()
    if stop is None:
        raise ActionRefused(_("Cet arrêt n'est pas sur votre tournée."), status=404)
    return stop


def _check(tour: Round, stop: Stop | None, request: ActionRequest) -> None:
    """Refuses what the round's and the stop's declared transitions, or the input, do not allow."""
    kind = request.kind
    if kind == Kind.START:
        if not tour.can("start"):
            raise ActionRefused(
                _("Cette tournée est « %(status)s » : elle ne peut pas être démarrée.")
                % {"status": tour.get_status_display()}
            )
        if tour.day != timezone.localdate():
            raise ActionRefused(
                _("Cette tournée est prévue le %(day)s : elle se démarre ce jour-là.")
                % {"day": formats.date_format(tour.day, "j F Y")}
            )
        return
    if kind == Kind.FINISH:
        if not tour.can("finish"):
            raise ActionRefused(
                _("Cette tournée est « %(status)s » : elle ne peut pas être terminée.")
                % {"status": tour.get_status_display()}
            )
        left = tour.stops.filter(status=Stop.Status.PLANNED).count()
        if left:
            raise ActionRefused(
                _("Il reste %(count)d arrêt(s) à faire ou à déclarer en échec avant de terminer la tournée.")
                % {"count": left}
            )
        return
    if tour.status != Round.Status.STARTED:
        raise ActionRefused(
            _("Démarrez la tournée avant d'enregistrer un arrêt.")
            if tour.status == Round.Status.PLANNED
            else _("Cette tournée est terminée : elle ne change plus.")
        )
    if stop.kind != STOP_KIND[kind]:
        raise ActionRefused(
            _("« %(action)s » ne convient pas à un arrêt « %(stop)s ».")
            % {"action": Kind(kind).label, "stop": stop.get_kind_display()},
            status=400,
        )
    transition = "fail" if kind == Kind.FAIL else "complete"
    if not stop.can(transition):
        when = formats.time_format(timezone.localtime(stop.done_at), "H:i") if stop.done_at else ""
        raise ActionRefused(
            _("Cet arrêt est déjà « %(status)s » (%(time)s) : cette action n'est pas appliquée.")
            % {"status": stop.get_status_display(), "time": when}
        )
    if kind in PROOFS and request.proof not in PROOFS[kind]:
        raise ActionRefused(_("Choisissez comment la remise est confirmée."), status=400)
    if kind == Kind.COLLECT and request.proof == Proof.SCAN:
        _check_scan(stop, request.scanned)
    if kind == Kind.DELIVER:
        if request.proof == Proof.CODE and not request.code.strip():
            raise ActionRefused(_("Saisissez le code que le destinataire vous donne."), status=400)
        if request.proof == Proof.SIGNATURE and not request.recipient_name.strip():
            raise ActionRefused(_("Saisissez le nom de la personne qui reçoit le colis."), status=400)
    if kind == Kind.FAIL and request.reason not in FailReason.values:
        raise ActionRefused(_("Choisissez le motif de l'échec."), status=400)


def _check_scan(stop: Stop, scanned: str) -> None:
    """The label's QR code reads COMPTOIR:<order>:<merchant slug>; typed, the order number is enough."""
    fulfilment = stop.fulfilment
    value = scanned.strip()
    expected = f"COMPTOIR:{fulfilment.order.number}:{fulfilment.merchant.slug}"
    if value.casefold() in {expected.casefold(), fulfilment.order.number.casefold()}:
        return
    raise ActionRefused(
        _(
            "Ce code (« %(value)s ») n'est pas celui du colis à enlever ici : commande %(number)s de "
            "%(merchant)s."
        )
        % {"value": value[:60], "number": fulfilment.order.number, "merchant": fulfilment.merchant},
        status=400,
    )


def _image(value: File | str | None, *, what: str) -> tuple[ContentFile, str] | None:
    if value in (None, ""):
        return None
    if isinstance(value, str):
        _head, _sep, data = value.partition(",")
        try:
            content = base64.b64decode(data, validate=True)
        except (binascii.Error, ValueError):
            content = b""
    else:
        if value.size and value.size > IMAGE_MAX_BYTES:
            content = b""
        else:
            content = value.read(IMAGE_MAX_BYTES + 1)
    extension = next((ext for magic, ext in _IMAGE_SIGNATURES.items() if content.startswith(magic)), None)
    if not content or len(content) > IMAGE_MAX_BYTES or extension is None:
        raise ActionRefused(
            _("%(what)s doit être une image PNG, JPEG ou WebP de 5 Mo au plus.") % {"what": what}, status=400
        )
    return ContentFile(content), extension


def _proof_files(request: ActionRequest):
    if request.proof == Proof.SIGNATURE:
        signature = _image(request.signature, what=_("La signature"))
        if signature is None:
            raise ActionRefused(_("Faites signer le destinataire dans le cadre."), status=400)
        return signature, None
    if request.proof == Proof.PHOTO:
        photo = _image(request.photo, what=_("La photo"))
        if photo is None:
            raise ActionRefused(_("Prenez une photo du colis remis."), status=400)
        return None, photo
    return None, None


def _stop_done(stop: Stop, *, transition: str = "complete") -> None:
    stop.status = Stop.TRANSITIONS[transition][1]
    stop.done_at = timezone.now()
    stop.save(update_fields=["status", "done_at", "failure_reason", "contact_point"])


def _start(*, tour: Round, stop, request, by) -> str:
    tour.status = Round.TRANSITIONS["start"][1]
    tour.save(update_fields=["status"])
    told = set()
    home_stops = tour.stops.filter(kind=Stop.Kind.HOME, status=Stop.Status.PLANNED, fulfilment__isnull=False)
    for home in home_stops.select_related("fulfilment__order", "round").order_by("sequence"):
        order = home.fulfilment.order
        if order.pk in told:  # one e-mail per order, at its first stop, even with several shops' parts
            continue
        told.add(order.pk)
        delivery_code_issue(order=order)
        delivery_notice_record(stop=home, kind=DeliveryNotice.Kind.OUT_FOR_DELIVERY)
    return _("Tournée démarrée.")


def _finish(*, tour: Round, stop, request, by) -> str:
    tour.status = Round.TRANSITIONS["finish"][1]
    tour.save(update_fields=["status"])
    return _("Tournée terminée.")


def _collect(*, tour, stop: Stop, request, by) -> str:
    fulfilment = stop.fulfilment
    if fulfilment.status != fulfilment.Status.HANDED_OVER:
        fulfilment_hand_over(fulfilment=fulfilment, by=by)
    _stop_done(stop)
    return _("Colis de la commande %(number)s enlevé.") % {"number": fulfilment.order.number}


def _deliver(*, tour, stop: Stop, request, by) -> str:
    fulfilment_mark_delivered(fulfilment=stop.fulfilment, by=by)
    _stop_done(stop)
    delivery_notice_record(stop=stop, kind=DeliveryNotice.Kind.DELIVERED)
    return _("Colis de la commande %(number)s livré.") % {"number": stop.fulfilment.order.number}


def _drop(*, tour, stop: Stop, request, by) -> str:
    order = stop.fulfilment.order
    point = stop.contact_point or getattr(getattr(order, "pickup", None), "contact_point", None)
    if point is None:
        raise ActionRefused(_("Cet arrêt n'a pas de point de contact : appelez la régie."))
    parcel = parcel_create_for_order(order=order, contact_point=point)
    message = _("Colis de la commande %(number)s déposé à %(point)s.") % {
        "number": order.number,
        "point": point,
    }
    if parcel.can("mark_ready"):
        try:
            # Its own savepoint: an incomplete parcel refuses the arrival but the part was dropped all the same.
            with transaction.atomic():
                parcel_mark_ready(parcel=parcel, by=by)
        except ParcelIncomplete as missing:
            message = f"{message} {' '.join(missing.messages)}"
        except ParcelTransitionError:
            pass
    _stop_done(stop)
    return message


def _fail(*, tour: Round, stop: Stop, request, by) -> str:
    now = timezone.now()
    order = stop.fulfilment.order
    stop.failure_reason = request.reason
    found = contact_point_for_failed_stop(tour=tour, stop=stop, now=now)
    if found is None:
        _stop_done(stop, transition="fail")
        return _("Échec enregistré ; aucun point de contact ouvert n'a été trouvé : la régie décidera.")
    point, day, on_this_round = found
    stop.contact_point = point
    _stop_done(stop, transition="fail")
    parcel_create_for_order(order=order, contact_point=point)
    if on_this_round:
        last = tour.stops.aggregate(sequence=Max("sequence"), at=Max("planned_service_start"))
        arrival = max(now, last["at"] or now) + DROP_SERVICE
        Stop.objects.create(
            round=tour,
            sequence=(last["sequence"] or 0) + 1,
            kind=Stop.Kind.CONTACT_POINT,
            fulfilment=stop.fulfilment,
            contact_point=point,
            latitude=point.latitude,
            longitude=point.longitude,
            planned_arrival=arrival,
            planned_service_start=arrival,
        )
    delivery_notice_record(stop=stop, kind=DeliveryNotice.Kind.FAILED)
    if on_this_round:
        return _("Échec enregistré : déposez le colis à %(point)s en fin de tournée.") % {"point": point}
    return _("Échec enregistré : le colis ira à %(point)s le %(day)s (tournée suivante).") % {
        "point": point,
        "day": formats.date_format(day, "j F"),
    }


def _break(*, tour, stop: Stop, request, by) -> str:
    _stop_done(stop)
    return _("Pause faite.")


_HANDLERS = {
    Kind.START: _start,
    Kind.FINISH: _finish,
    Kind.COLLECT: _collect,
    Kind.DELIVER: _deliver,
    Kind.DROP: _drop,
    Kind.FAIL: _fail,
    Kind.BREAK: _break,
}
