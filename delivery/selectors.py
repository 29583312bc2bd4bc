"""Reads about the rounds: a courier's own, and a round's stops with what the courier needs at each; the
resident's delivery code."""

from datetime import date, datetime, timedelta

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from delivery.models import Courier, CourierAction, DeliveryCode, Round, Stop
from delivery.planning.problem import CHILLED_SECTORS
from pickup.hours import contact_point_is_open_on, opening_ranges_on
from pickup.selectors import contact_points_nearest

# How far ahead a failed parcel's next contact point is looked for, and among how many of the nearest points.
REDIRECT_DAYS = 14
REDIRECT_CANDIDATES = 10


def courier_for(user) -> Courier | None:
    """The active courier behind ``user`` in the active territory, or None."""
    if not user.is_authenticated:
        return None
    return Courier.objects.filter(user=user, active=True).select_related("vehicle").first()


def courier_rounds(*, courier: Courier, since: date) -> list[Round]:
    """The courier's rounds from ``since`` on, in day order."""
    return list(
        Round.objects.filter(courier=courier, day__gte=since).select_related("vehicle").order_by("day")
    )


def courier_round(*, courier: Courier, pk: int) -> Round | None:
    """One of the courier's own rounds; another courier's is not there."""
    return Round.objects.filter(courier=courier, pk=pk).select_related("vehicle", "courier__user").first()


def round_stops(*, tour: Round) -> list[Stop]:
    """The round's stops in sequence, with what each shows loaded in the same query."""
    return list(
        tour.stops.select_related(
            "fulfilment__merchant",
            "fulfilment__order__shipping_address",
            "fulfilment__order__pickup__contact_point",
            "contact_point",
        )
        .annotate(chilled=chilled_annotation(on_stop=True))
        .order_by("sequence")
    )


def delivery_code_for_order(order) -> str | None:
    """The code the resident gives the courier at the door, for their own order page; None before the order
    leaves with a round, or once every home stop for it is over."""
    from delivery.services import delivery_code_clear

    record = DeliveryCode.objects.filter(order=order).first()
    if record is None:
        return None
    if not Stop.objects.filter(
        fulfilment__order=order, kind=Stop.Kind.HOME, status=Stop.Status.PLANNED
    ).exists():
        return None
    return delivery_code_clear(record)


def stops_awaiting_a_drop(*, day: date) -> list[Stop]:
    """Failed home stops up to ``day`` whose parcel was sent to a contact point with no drop planned yet: what
    the next day's planning must take to the point."""
    failed = Stop.objects.filter(
        status=Stop.Status.FAILED, kind=Stop.Kind.HOME, contact_point__isnull=False, round__day__lte=day
    ).select_related("fulfilment__order", "contact_point")
    dropped = set(
        Stop.objects.filter(
            kind=Stop.Kind.CONTACT_POINT, fulfilment__in=[s.fulfilment_id for s in failed]
        ).values_list("fulfilment_id", "contact_point_id")
    )
    return [stop for stop in failed if (stop.fulfilment_id, stop.contact_point_id) not in dropped]


def chilled_annotation(*, on_stop: bool = False) -> ExpressionWrapper:
    """An annotation for fulfilments (or, ``on_stop``, for stops): True when the parcel travels chilled, because
    the shop's sector sells fresh food or because one of its lines is of a product class marked chilled."""
    Line = get_model("order", "Line")
    prefix = "fulfilment__" if on_stop else ""
    cold_lines = Line.objects.filter(
        fulfilments=OuterRef("fulfilment_id" if on_stop else "pk"), product__product_class__chilled=True
    )
    return ExpressionWrapper(
        Q(**{f"{prefix}merchant__sector__in": CHILLED_SECTORS}) | Q(Exists(cold_lines)),
        output_field=BooleanField(),
    )


def stop_view(stop: Stop) -> dict:
    """What the courier reads at a stop: where, for whom, what to collect or drop, a geo: link, and the actions
    its declared transitions still allow."""
    fulfilment = stop.fulfilment
    view = {
        "stop": stop,
        "place": "",
        "address": "",
        "order": None,
        "chilled": False,
        "geo": "",
        "actions": stop_actions(stop),
    }
    if fulfilment is not None:
        order, merchant = fulfilment.order, fulfilment.merchant
        view["order"] = order.number
        chilled = getattr(stop, "chilled", None)  # round_stops annotates it
        view["chilled"] = merchant.sector in CHILLED_SECTORS if chilled is None else chilled
        # A parcel brought back to the base after a failed delivery is collected there: handed over already,
        # and not where its shop is.
        at_shop = (
            stop.status != Stop.Status.PLANNED
            or fulfilment.status != fulfilment.Status.HANDED_OVER
            or merchant.latitude is None
            or stop.latitude is None
            or (round(stop.latitude, 6), round(stop.longitude, 6))
            == (round(merchant.latitude, 6), round(merchant.longitude, 6))
        )
        if stop.kind == "pickup" and not at_shop:
            view["place"] = _("Au départ : colis à reprendre (%(shop)s)") % {"shop": merchant.trade_name}
        elif stop.kind == "pickup":
            view["place"] = merchant.trade_name
            view["address"] = f"{merchant.address_line1}, {merchant.postcode} {merchant.city}"
        elif stop.kind == "contact_point":
            pickup = getattr(order, "pickup", None)  # a failed home delivery's drop has no OrderPickup
            point = stop.contact_point or (pickup.contact_point if pickup else None)
            if point is not None:
                view["place"] = point.name
                view["address"] = f"{point.address}, {point.postcode} {point.city}"
        else:
            address = order.shipping_address
            view["place"] = f"{address.first_name} {address.last_name}".strip()
            view["address"] = f"{address.line1}, {address.postcode} {address.line4}"
    if stop.latitude is not None and stop.longitude is not None:
        view["geo"] = (
            f"geo:{stop.latitude:.6f},{stop.longitude:.6f}?q={stop.latitude:.6f},{stop.longitude:.6f}"
        )
    return view


def stop_actions(stop: Stop) -> list[str]:
    """The actions the stop's declared transitions still allow, for its kind."""
    if not stop.can("complete"):
        return []
    return {
        Stop.Kind.PICKUP: [CourierAction.Kind.COLLECT],
        Stop.Kind.HOME: [CourierAction.Kind.DELIVER, CourierAction.Kind.FAIL],
        Stop.Kind.CONTACT_POINT: [CourierAction.Kind.DROP],
        Stop.Kind.BREAK: [CourierAction.Kind.BREAK],
    }[stop.kind]


def contact_point_for_failed_stop(
    *, tour: Round, stop: Stop, now: datetime
) -> tuple[object, date, bool] | None:
    """Where a failed parcel goes, as (contact point, day, on this round): the nearest point still open today
    before the round ends (dropped on this round), else the nearest among those that open first on a later day
    (the next day's planning); None when the stop has no position or no point opens within REDIRECT_DAYS."""
    latitude, longitude = stop.latitude, stop.longitude
    if latitude is None or longitude is None:
        return None
    nearest = [
        found.point
        for found in contact_points_nearest(latitude=latitude, longitude=longitude, limit=REDIRECT_CANDIDATES)
    ]
    local_now, round_end = timezone.localtime(now), timezone.localtime(tour.planned_end)
    today = local_now.date()
    end = round_end.time() if round_end.date() == today else None
    for point in nearest:
        for opens, closes in opening_ranges_on(point=point, day=today):
            if closes > local_now.time() and (end is None or opens < end):
                return point, today, True
    for offset in range(1, REDIRECT_DAYS + 1):
        day = today + timedelta(days=offset)
        for point in nearest:
            if contact_point_is_open_on(point=point, day=day):
                return point, day, False
    return None
