"""What the resident's order page says of the delivery: each shop's part in plain words, and for a home delivery or a
contact-point drop, where the parcel is in its round: planned with an arrival window (delivery.eta) that narrows as
the round advances, delivered and when, or failed and the contact point where it waits."""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext_lazy as _

from delivery.eta import stop_arrival_window
from delivery.models import Round, Stop

# A shop's part as the resident reads it, by the fulfilment's status (merchants.Fulfilment.Status).
PART_LABELS = {
    "new": _("en préparation"),
    "accepted": _("en préparation"),
    "ready": _("prête"),
    "handed_over": _("enlevée par le livreur"),
    "delivered": _("livrée"),
    "cancelled": _("annulée"),
}
DELIVERED_BY_ROUND = ("home-delivery", "contact-point")


@dataclass
class Delivery:
    state: str  # "planned", "on_the_way", "done", "failed"
    kind: str  # Stop.Kind: home or contact point
    day: object = None
    window: tuple[datetime, datetime] | None = None
    done_at: datetime | None = None
    point: object = None  # the contact point where a parcel waits after a failed delivery


@dataclass
class Part:
    fulfilment: object
    label: str
    delivery: Delivery | None = None


def order_tracking(*, order, now: datetime) -> list[Part]:
    """Each shop's part of ``order`` (its ``fulfilments`` loaded) with its delivery; a constant number of
    queries: one for the rounds' stops, one more for the contact point when a delivery failed."""
    fulfilments = list(order.fulfilments.all())
    parts = [
        Part(fulfilment=item, label=str(PART_LABELS.get(item.status, item.status))) for item in fulfilments
    ]
    if order.shipping_code not in DELIVERED_BY_ROUND or not fulfilments:
        return parts
    ids = [item.pk for item in fulfilments]
    stops = list(
        Stop.objects.filter(round__stops__fulfilment_id__in=ids)
        .select_related("round")
        .distinct()
        .order_by("round__day", "round_id", "sequence")
    )
    by_round: dict[int, list[Stop]] = {}
    for stop in stops:
        by_round.setdefault(stop.round_id, []).append(stop)
    # The latest round's delivery stop of each part: a parcel failed one day may be planned again later.
    last: dict[int, Stop] = {}
    for stop in stops:
        if stop.fulfilment_id in ids and stop.kind in (Stop.Kind.HOME, Stop.Kind.CONTACT_POINT):
            last[stop.fulfilment_id] = stop
    point = None
    if any(stop.status == Stop.Status.FAILED for stop in last.values()):
        try:
            point = order.parcel.contact_point
        except ObjectDoesNotExist:  # no parcel at a contact point (yet) for this order
            point = None
    for part in parts:
        stop = last.get(part.fulfilment.pk)
        if stop is not None:
            part.delivery = _delivery(stop, by_round[stop.round_id], now, point)
    return parts


def _delivery(stop: Stop, round_stops: list[Stop], now: datetime, point) -> Delivery:
    if stop.status == Stop.Status.DONE:
        return Delivery(state="done", kind=stop.kind, day=stop.round.day, done_at=stop.done_at)
    if stop.status == Stop.Status.FAILED:
        return Delivery(state="failed", kind=stop.kind, day=stop.round.day, done_at=stop.done_at, point=point)
    state = "on_the_way" if stop.round.status == Round.Status.STARTED else "planned"
    window = stop_arrival_window(stop=stop, round_stops=round_stops, now=now)
    return Delivery(state=state, kind=stop.kind, day=stop.round.day, window=window)
